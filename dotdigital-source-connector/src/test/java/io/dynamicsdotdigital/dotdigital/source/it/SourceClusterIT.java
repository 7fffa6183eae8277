package io.dynamicsdotdigital.dotdigital.source.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamicsdotdigital.dotdigital.source.DotdigitalSourceConnector;
import io.dynamicsdotdigital.emulator.common.Fault;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalEmulator;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalSeed;
import io.dynamicsdotdigital.testsupport.ConnectClusters;
import io.dynamicsdotdigital.testsupport.DotdigitalEmulatorFixture;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The connector in a real embedded Kafka + Connect worker against the HTTPS Dotdigital emulator: one cluster and
 * one emulator (5 campaigns x 10,000 send summaries) for the whole class; the tests run in order and build on the
 * first sync.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SourceClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CAMPAIGNS = 5;
    private static final int ROWS_PER_CAMPAIGN = 10_000;
    private static final String MAIN = "dd-main";
    private static final String EVENTS = "dd-events";
    private static final long WAIT_MS = 120_000;

    private static DotdigitalEmulator emulator;
    private static EmbeddedConnectCluster connect;
    private static DotdigitalEmulatorFixture fixture;
    /** Whole seconds, so the first sync's calls can be told apart by their since date. */
    private static final Instant START = Instant.now().minus(Duration.ofDays(30)).truncatedTo(
            java.time.temporal.ChronoUnit.SECONDS);

    @BeforeAll
    static void start() throws Exception {
        long t0 = System.nanoTime();
        fixture = new DotdigitalEmulatorFixture(DotdigitalEmulator.builder().port(0).https(true)
                .seed(DotdigitalSeed.defaults().contacts(ROWS_PER_CAMPAIGN).addressBooks(2).campaigns(CAMPAIGNS)
                        .activitiesPerCampaign(ROWS_PER_CAMPAIGN).unsubscribes(40).suppressions(20).surveys(0)
                        .preferences(0).days(7).randomSeed(7)));
        emulator = fixture.emulator;
        System.out.printf("emulator seeded in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        connect = ConnectClusters.start("dotdigital-source-it", 1, Map.of());
    }

    @AfterAll
    static void stop() {
        if (connect != null) {
            connect.stop();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private static Map<String, String> connectorConfig(String prefix, String streams, int tasks) {
        Map<String, String> c = fixture.connectionProps();
        c.put("connector.class", DotdigitalSourceConnector.class.getName());
        c.put("tasks.max", Integer.toString(tasks));
        c.put("key.converter", JsonConverter.class.getName());
        c.put("key.converter.schemas.enable", "false");
        c.put("value.converter", JsonConverter.class.getName());
        c.put("value.converter.schemas.enable", "false");
        c.put("value.converter.decimal.format", "NUMERIC");
        c.put("retry.max.attempts", "3");
        c.put("retry.backoff.initial.ms", "50");
        c.put("retry.backoff.max.ms", "300");
        c.put("retry.server.wait.max.ms", "1000");
        c.put("poll.interval.ms", "700");
        c.put("overlap.window.ms", "600000");
        c.put("start.date", START.toString());
        c.put("topic.prefix", prefix);
        c.put("topic.creation.default.replication.factor", "1");
        c.put("topic.creation.default.partitions", "1");
        c.put("streams", streams);
        return c;
    }

    @Test
    @Order(1)
    void initialSyncOfFiveCampaignsArrivesCompleteWithOneCallPerThousandRows() throws Exception {
        emulator.requests().reset();
        long t0 = System.nanoTime();
        connect.configureConnector(MAIN, connectorConfig("main", "campaigns,campaign-activities,campaign-clicks", 2));
        int expected = CAMPAIGNS * ROWS_PER_CAMPAIGN;
        connect.kafka().consume(expected, WAIT_MS, "main.campaign-activities");
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<ConsumerRecord<byte[], byte[]>> activities = all("main.campaign-activities");
        assertEquals(expected, activities.size());
        assertEquals(expected, distinctKeys(activities).size(), "one record per campaign and contact");

        // the first sync's reads are the ones from the start date; later cycles re-read the overlap window
        String firstSince = "/activities/since-date/" + START.toString().substring(0, 19);
        long activityCalls = emulator.requests().snapshot().entrySet().stream()
                .filter(e -> e.getKey().contains(firstSince)).mapToLong(Map.Entry::getValue).sum();
        System.out.printf("initial sync: %d send summaries in %.1f s (%.0f rows/s incl. worker start-up), %d"
                        + " activity calls = %.1f calls per 10,000 rows; all calls: %s%n", expected, seconds,
                expected / seconds, activityCalls, activityCalls * 10_000.0 / expected,
                emulator.requests().snapshot().size());
        // 10 full pages and one empty page per campaign
        assertEquals(CAMPAIGNS * (ROWS_PER_CAMPAIGN / 1000 + 1), activityCalls);

        JsonNode activity = JSON.readTree(activities.get(0).value());
        assertTrue(activity.get("dateSent").isNumber(), "Timestamp as epoch millis");
        assertTrue(header(activities.get(0), "dotdigital.campaign.id") != null);

        List<ConsumerRecord<byte[], byte[]>> campaigns = all("main.campaigns");
        assertEquals(CAMPAIGNS, campaigns.size());
        JsonNode summary = JSON.readTree(campaigns.get(0).value()).get("summary");
        assertEquals(ROWS_PER_CAMPAIGN, summary.get("numSent").asInt());
        assertTrue(summary.get("revenue").isNumber(), "revenue as a Decimal");
        assertTrue(all("main.campaign-clicks").size() > 0);
        assertMetricVisibleOverJmx("records-read-total");
    }

    @Test
    @Order(2)
    void newActivityYieldsOnlyTheNewRowsAndOverlapReReadsEmitNoDuplicates() throws Exception {
        int before = all("main.campaign-activities").size();
        int clicksBefore = all("main.campaign-clicks").size();
        int campaignId = firstCampaignId();
        Instant now = Instant.now();
        // two changes to existing send summaries, one new recipient, and a late row inside the overlap window
        emulator.state().addOpen(campaignId, DotdigitalSeed.email(1), now);
        emulator.state().addClick(campaignId, DotdigitalSeed.email(2), "https://shop.example/new", now);
        emulator.state().addCampaignActivity(campaignId, "brand-new@example.com", now);
        emulator.state().addClick(campaignId, DotdigitalSeed.email(5), "https://shop.example/late",
                now.minus(Duration.ofMinutes(3)));
        connect.kafka().consume(before + 4, WAIT_MS, "main.campaign-activities");
        connect.kafka().consume(clicksBefore + 2, WAIT_MS, "main.campaign-clicks");
        // several more cycles re-read the overlap window (poll.interval.ms 700)
        Thread.sleep(5_000);
        List<ConsumerRecord<byte[], byte[]>> activities = all("main.campaign-activities");
        assertEquals(before + 4, activities.size(), "exactly the changed and new send summaries");
        assertEquals(clicksBefore + 2, all("main.campaign-clicks").size(), "exactly the two new clicks");
        assertTrue(distinctKeys(activities).contains("{\"campaignId\":" + campaignId + ",\"contactId\":"
                + emulator.state().contactByEmail("brand-new@example.com").orElseThrow().id() + "}"));
        assertMetricVisibleOverJmx("duplicates-suppressed-total");
        assertMetricVisibleOverJmx("api-pages-total");
        assertMetricVisibleOverJmx("last-successful-poll-epoch-ms");
        assertMetricVisibleOverJmx("api-calls-total");
    }

    @Test
    @Order(3)
    void unsubscribesAndSuppressionsArriveEvenThroughA429Storm() throws Exception {
        emulator.faults().add(Fault.tooManyRequests(0).onPath(".*(unsubscribed|suppressed)-since.*"), 6);
        connect.configureConnector(EVENTS, connectorConfig("events", "unsubscribes,suppressions", 1));
        Set<String> expectedUnsubscribed = new HashSet<>();
        Set<String> expectedSuppressed = new HashSet<>();
        emulator.state().suppressions().forEach(s -> {
            String email = s.contact().email().toLowerCase();
            if ("Unsubscribed".equalsIgnoreCase(s.reason())) {
                expectedUnsubscribed.add(email);
            }
            expectedSuppressed.add(email);
        });
        waitUntil(() -> emails("events.suppressions").containsAll(expectedSuppressed)
                && emails("events.unsubscribes").containsAll(expectedUnsubscribed), "initial suppressions");
        assertEquals(0, emulator.faults().pending(), "the 429s were served");

        Instant now = Instant.now();
        emulator.state().unsubscribe("late-leaver@example.com", now);
        emulator.state().suppress("complainer@example.com", now, "IspComplained");
        waitUntil(() -> emails("events.unsubscribes").contains("late-leaver@example.com")
                && emails("events.suppressions").contains("complainer@example.com"), "new unsubscribe");
    }

    @Test
    @Order(4)
    void restartResumesFromOffsetsWithoutReEmitting() throws Exception {
        int activities = all("main.campaign-activities").size();
        int unsubscribes = all("events.unsubscribes").size();
        connect.stopConnector(MAIN);
        connect.stopConnector(EVENTS);
        connect.assertions().assertConnectorIsStopped(MAIN, "main connector did not stop");
        connect.assertions().assertConnectorIsStopped(EVENTS, "events connector did not stop");
        Instant now = Instant.now();
        emulator.state().addOpen(firstCampaignId(), DotdigitalSeed.email(9), now);
        emulator.state().unsubscribe("after-restart@example.com", now);
        connect.resumeConnector(MAIN);
        connect.resumeConnector(EVENTS);
        connect.kafka().consume(activities + 1, WAIT_MS, "main.campaign-activities");
        waitUntil(() -> emails("events.unsubscribes").contains("after-restart@example.com"), "resumed unsubscribe");
        Thread.sleep(3_000);
        assertEquals(activities + 1, all("main.campaign-activities").size(), "only the new open's summary");
        assertEquals(unsubscribes + 1, all("events.unsubscribes").size());
    }

    @Test
    @Order(5)
    void alterOffsetsRejectsMalformedOffsetsAndAcceptsAReReadDate() throws Exception {
        connect.stopConnector(EVENTS);
        // the stopped tasks' last offset flush must land before the alteration, or it would overwrite it
        connect.assertions().assertConnectorIsStopped(EVENTS, "events connector did not stop");
        Map<String, Object> partition = new HashMap<>();
        partition.put("stream", "unsubscribes");
        partition.put("protocol", "1");
        Exception bad = assertThrows(Exception.class, () -> connect.alterSourceConnectorOffset(EVENTS, partition,
                Map.of("watermark", "yesterday")));
        assertTrue(String.valueOf(bad.getMessage()).contains("watermark"), bad.getMessage());
        String ok = connect.alterSourceConnectorOffset(EVENTS, partition,
                Map.of("watermark", Instant.now().minus(Duration.ofDays(30)).toString()));
        assertTrue(ok.contains("altered"), ok);
        connect.connectorOffsets(EVENTS).offsets().forEach(o -> System.out.println("stored offset " + o.partition()
                + " -> " + String.valueOf(o.offset()).substring(0, Math.min(200, String.valueOf(o.offset()).length()))));
        int before = all("events.unsubscribes").size();
        connect.resumeConnector(EVENTS);
        // the re-read from the date emits every unsubscribe again (the keys were reset with the offset)
        waitUntil(() -> all("events.unsubscribes").size() >= 2 * before, "re-read after offset reset");
    }

    @Test
    @Order(6)
    void soapTransportProducesTheSameClicksAsRest() throws Exception {
        Map<String, String> soap = connectorConfig("soap", "campaign-clicks", 1);
        soap.put("dotdigital.transport", "soap");
        soap.put("dotdigital.soap.url", emulator.soapUrl());
        connect.configureConnector("dd-soap", soap);
        List<ConsumerRecord<byte[], byte[]>> rest = all("main.campaign-clicks");
        connect.kafka().consume(rest.size(), WAIT_MS, "soap.campaign-clicks");
        Thread.sleep(2_000);
        List<ConsumerRecord<byte[], byte[]>> viaSoap = all("soap.campaign-clicks");
        assertEquals(values(rest), values(viaSoap));
        connect.deleteConnector("dd-soap");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static int firstCampaignId() throws Exception {
        return JSON.readTree(all("main.campaigns").get(0).key()).get("campaignId").asInt();
    }

    private static List<ConsumerRecord<byte[], byte[]>> all(String topic) {
        try {
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            connect.kafka().consumeAll(30_000, topic).forEach(out::add);
            return out;
        } catch (Exception e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
                return List.of();
            }
            throw new IllegalStateException("could not read " + topic, e);
        }
    }

    private static Set<String> distinctKeys(List<ConsumerRecord<byte[], byte[]>> records) {
        Set<String> keys = new HashSet<>();
        records.forEach(r -> keys.add(new String(r.key(), StandardCharsets.UTF_8)));
        return keys;
    }

    private static Set<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
        Set<String> v = new HashSet<>();
        records.forEach(r -> v.add(new String(r.value(), StandardCharsets.UTF_8)));
        return v;
    }

    private static Set<String> emails(String topic) {
        Set<String> out = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : all(topic)) {
            try {
                out.add(JSON.readTree(r.value()).get("email").asText());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    /** The worker registers plugin metrics in the platform MBean server: find ours with a positive value. */
    private static void assertMetricVisibleOverJmx(String metric) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        long deadline = System.currentTimeMillis() + 30_000;
        Set<String> seen = new HashSet<>();
        while (System.currentTimeMillis() < deadline) {
            for (ObjectName name : server.queryNames(new ObjectName("kafka.connect:*"), null)) {
                for (var attr : server.getMBeanInfo(name).getAttributes()) {
                    if (attr.getName().equals(metric)) {
                        seen.add(name.toString());
                        Object v = server.getAttribute(name, metric);
                        if (v instanceof Number n && n.doubleValue() > 0) {
                            System.out.println("JMX " + name + " " + metric + " = " + v);
                            return;
                        }
                    }
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no positive " + metric + " over JMX; MBeans with it: " + seen);
    }
}
