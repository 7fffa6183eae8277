package io.dynamicsdotdigital.dotdigital.source.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.dotdigital.source.DotdigitalSourceConnector;
import io.dynamicsdotdigital.emulator.common.Fault;
import io.dynamicsdotdigital.emulator.common.FaultPlan;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalEmulator;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalSeed;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalState;
import io.dynamicsdotdigital.emulator.dotdigital.Model;
import io.dynamicsdotdigital.testsupport.ConnectClusters;
import io.dynamicsdotdigital.testsupport.DotdigitalEmulatorFixture;
import io.dynamicsdotdigital.testsupport.ExactlyOnce;
import io.dynamicsdotdigital.testsupport.PluginMetricsJmx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fault matrix of issue 14 for this connector, in one run: the connector on an exactly-once worker reads the
 * send summaries of three campaigns from the HTTPS Dotdigital emulator, then new activity, while the emulator answers
 * with every fault kind a real service, proxy or network produces. Afterwards the committed records
 * ({@code read_committed}) hold every send summary exactly once and each change exactly once, every fault is visible
 * in a metric read over JMX, and the task is RUNNING.
 *
 * <p>Expected outcome per fault: 429 (with {@code Retry-After}, without, and Dotdigital's own throttling answer with
 * {@code X-RateLimit-*} headers), 502, 503, 504, a dropped connection, a timed-out request and a body that stalls
 * half way are retried inside the call; a 500, malformed JSON and an HTML page with status 200 end the read, which
 * pauses ({@code ApiFailures.ERROR_BACKOFF}) and fetches the same page again.
 */
class SourceFaultMatrixIT {
    private static final String CONNECTOR = "dd-fault-matrix";
    private static final String TOPIC = "ddfm.campaign-activities";
    private static final int CAMPAIGNS = 3;
    private static final int ROWS_PER_CAMPAIGN = 1500;
    private static final long REQUEST_TIMEOUT_MS = 1500;
    private static final long WAIT_MS = 75_000;
    private static final String ACTIVITIES = "/activities/since-date/";
    private static final Instant START = Instant.now().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);

    private static DotdigitalEmulatorFixture fixture;
    private static DotdigitalEmulator emulator;
    private static EmbeddedConnectCluster connect;

    @BeforeAll
    static void start() {
        fixture = new DotdigitalEmulatorFixture(DotdigitalEmulator.builder().port(0).https(true)
                .seed(DotdigitalSeed.defaults().contacts(ROWS_PER_CAMPAIGN).addressBooks(1).campaigns(CAMPAIGNS)
                        .activitiesPerCampaign(ROWS_PER_CAMPAIGN).unsubscribes(0).suppressions(0).surveys(0)
                        .preferences(0).days(7).randomSeed(14)));
        emulator = fixture.emulator;
        connect = ConnectClusters.start("dotdigital-source-faults", 1, Map.of("exactly.once.source.support",
                "enabled"));
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

    @Test
    void everyFaultKindMixedInOneRunLosesNothingDuplicatesNothingIsCountedAndTheTaskKeepsRunning() throws Exception {
        FaultPlan faults = emulator.faults();
        Map<String, Integer> injected = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        // Consumed in this order by the activity reads; each group ends with a fault that ends the read, so no
        // call runs out of its attempts.
        inject(faults, injected, "429 with Retry-After", Fault.tooManyRequests(1), 1);
        inject(faults, injected, "429 without Retry-After", Fault.status(429), 1);
        inject(faults, injected, "Dotdigital throttling (429, X-RateLimit-*)", Fault.status(429, Map.of(
                "X-RateLimit-Limit", "35", "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "1",
                "X-RateLimit-Scope", "account"), null), 1);
        inject(faults, injected, "500", Fault.status(500), 1);
        inject(faults, injected, "502", Fault.status(502), 1);
        inject(faults, injected, "503", Fault.status(503), 1);
        inject(faults, injected, "504", Fault.status(504), 1);
        inject(faults, injected, "malformed JSON", Fault.malformedBody(), 1);
        // The JDK client resends an idempotent GET once on a dropped connection: two resets reach our retries.
        inject(faults, injected, "connection reset", Fault.reset(), 2);
        inject(faults, injected, "request timeout", Fault.delay(Duration.ofMillis(2 * REQUEST_TIMEOUT_MS)), 1);
        inject(faults, injected, "body stalls half way", Fault.stalledBody("[{\"id\":1,\"email\":\"",
                Duration.ofMillis(2 * REQUEST_TIMEOUT_MS)), 1);
        inject(faults, injected, "HTML page with 200", Fault.htmlPage(), 1);

        connect.configureConnector(CONNECTOR, connectorConfig());
        Set<String> initial = expectedKeys(emulator.state());
        awaitCondition(() -> readCommitted().size() >= initial.size(), "the initial sync");
        ExactlyOnce.check("initial send summaries", initial, keys(readCommitted()));

        // New activity read through more faults: two new recipients, two changed send summaries.
        inject(faults, injected, "Dotdigital throttling (429, X-RateLimit-*)", Fault.status(429, Map.of(
                "X-RateLimit-Limit", "35", "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "1",
                "X-RateLimit-Scope", "account"), null), 1);
        inject(faults, injected, "503", Fault.status(503), 1);
        inject(faults, injected, "connection reset", Fault.reset(), 2);
        inject(faults, injected, "malformed JSON", Fault.malformedBody(), 1);
        int campaignId = emulator.state().campaigns().get(0).id();
        Instant now = Instant.now();
        emulator.state().addCampaignActivity(campaignId, "fault-matrix-1@example.com", now);
        emulator.state().addCampaignActivity(campaignId, "fault-matrix-2@example.com", now);
        emulator.state().addOpen(campaignId, DotdigitalSeed.email(1), now);
        emulator.state().addOpen(campaignId, DotdigitalSeed.email(2), now);
        Set<String> changed = new HashSet<>(expectedKeys(emulator.state()));
        changed.removeAll(initial);
        for (String email : List.of(DotdigitalSeed.email(1), DotdigitalSeed.email(2))) {
            changed.add(key(campaignId, emulator.state().contactByEmail(email).orElseThrow().id()));
        }
        awaitCondition(() -> readCommitted().size() >= initial.size() + 4, "the four changed send summaries");
        awaitCondition(() -> faults.pending() == 0, "every injected fault served");
        // Several more cycles re-read the overlap window (poll.interval.ms 700), and a paused read would resume.
        Thread.sleep(6_000);
        double seconds = (System.nanoTime() - t0) / 1e9;

        List<ConsumerRecord<byte[], byte[]>> all = readCommitted();
        ExactlyOnce.check("initial send summaries after the run", initial, keys(all.subList(0, initial.size())));
        ExactlyOnce.check("changed send summaries", changed, keys(all.subList(initial.size(), all.size())));

        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(CONNECTOR, 1, "task RUNNING after the faults");
        Map<String, Long> metrics = metrics();
        System.out.printf("Dotdigital source fault matrix: %d records (%d changes), %d faults injected %s, in %.1f s;"
                        + " metrics %s%n", all.size(), all.size() - initial.size(),
                injected.values().stream().mapToInt(Integer::intValue).sum(), injected, seconds, metrics);
        assertTrue(metrics.get("api-throttled-total") >= 4, "429s: " + metrics);
        assertTrue(metrics.get("retry-after-wait-ms-total") >= 2000, "server waits: " + metrics);
        assertTrue(metrics.get("api-calls-total{status-class=5xx}") >= 5, "5xx answers: " + metrics);
        assertTrue(metrics.get("api-calls-total{status-class=none}") >= 4, "calls without an answer: " + metrics);
        assertTrue(metrics.get("api-retries-total") >= 12, "retried in the call: " + metrics);
        // 500, malformed JSON x2, HTML page
        assertTrue(metrics.get("reads-paused-total") >= 4, "paused reads: " + metrics);
        connect.deleteConnector(CONNECTOR);
    }

    private static void inject(FaultPlan faults, Map<String, Integer> injected, String kind, Fault fault, int times) {
        faults.add(fault.onPath(ACTIVITIES), times);
        injected.merge(kind, times, Integer::sum);
    }

    private static Map<String, String> connectorConfig() {
        Map<String, String> c = fixture.connectionProps();
        c.put("connector.class", DotdigitalSourceConnector.class.getName());
        c.put("tasks.max", "1");
        c.put("exactly.once.support", "required");
        c.put("key.converter", JsonConverter.class.getName());
        c.put("key.converter.schemas.enable", "false");
        c.put("value.converter", JsonConverter.class.getName());
        c.put("value.converter.schemas.enable", "false");
        c.put("retry.backoff.initial.ms", "50");
        c.put("retry.backoff.max.ms", "300");
        c.put("retry.server.wait.max.ms", "2000");
        c.put("http.request.timeout.ms", Long.toString(REQUEST_TIMEOUT_MS));
        c.put("poll.interval.ms", "700");
        c.put("overlap.window.ms", "600000");
        c.put("page.size", "300");
        c.put("start.date", START.toString());
        c.put("topic.prefix", "ddfm");
        c.put("topic.creation.default.replication.factor", "1");
        c.put("topic.creation.default.partitions", "1");
        c.put("streams", "campaign-activities");
        return c;
    }

    /** The record key of every send summary the emulator holds, as the connector writes it. */
    private static Set<String> expectedKeys(DotdigitalState state) {
        Set<String> keys = new HashSet<>();
        for (Model.Campaign c : state.campaigns()) {
            for (Model.Activity a : state.activities(c.id())) {
                keys.add(key(c.id(), a.contactId()));
            }
        }
        return keys;
    }

    private static String key(int campaignId, int contactId) {
        return "{\"campaignId\":" + campaignId + ",\"contactId\":" + contactId + "}";
    }

    private static List<String> keys(List<ConsumerRecord<byte[], byte[]>> records) {
        List<String> out = new ArrayList<>();
        records.forEach(r -> out.add(new String(r.key(), StandardCharsets.UTF_8)));
        return out;
    }

    private static Map<String, Long> metrics() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String name : List.of("api-throttled-total", "retry-after-wait-ms-total", "backoff-wait-ms-total",
                "api-retries-total", "reads-paused-total", "records-read-total")) {
            m.put(name, PluginMetricsJmx.sum(CONNECTOR, name));
        }
        for (String statusClass : List.of("2xx", "4xx", "5xx", "none")) {
            m.put("api-calls-total{status-class=" + statusClass + "}", PluginMetricsJmx.sum(CONNECTOR,
                    "api-calls-total", Map.of("status-class", statusClass)));
        }
        return m;
    }

    /** Every committed record of the single-partition topic, from the beginning to the last stable offset. */
    private static List<ConsumerRecord<byte[], byte[]>> readCommitted() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = connect.kafka().createConsumer(props)) {
            TopicPartition tp = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long deadline = System.currentTimeMillis() + 30_000;
            while (consumer.position(tp) < end && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(500)).records(tp).forEach(out::add);
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            return List.of();
        }
        return out;
    }

    private static void awaitCondition(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("timed out waiting for " + what + "; faults still pending: "
                + emulator.faults().pending() + "; metrics " + metrics());
    }
}
