package io.dynamicsdotdigital.dynamics.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamicsdotdigital.emulator.common.Fault;
import io.dynamicsdotdigital.emulator.common.FaultPlan;
import io.dynamicsdotdigital.emulator.dataverse.DataverseSeed;
import io.dynamicsdotdigital.emulator.dataverse.EmulatedTable;
import io.dynamicsdotdigital.testsupport.ConnectClusters;
import io.dynamicsdotdigital.testsupport.DataverseEmulatorFixture;
import io.dynamicsdotdigital.testsupport.ExactlyOnce;
import io.dynamicsdotdigital.testsupport.PluginMetricsJmx;
import java.time.Duration;
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
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fault matrix of issue 14 for this connector, in one run: the packaged connector on an exactly-once worker
 * reads two tables (snapshot, then change tracking) from the Dataverse emulator while the emulator answers with
 * every fault kind a real service, proxy or network produces. Afterwards the committed records ({@code read_committed})
 * hold every row exactly once and every change exactly once, each fault is visible in a metric read over JMX, and
 * the task is RUNNING.
 *
 * <p>Expected outcome per fault: 429 (with and without {@code Retry-After}), 502, 503, 504, a dropped connection
 * and a timed-out request are retried inside the call; a 500, a body that stalls half way, malformed JSON, an HTML
 * page with status 200 and a token endpoint outage end the page read, which is postponed
 * ({@code DynamicsSourceTask.FAILED_TABLE_BACKOFF}) and read again; an expired token is refreshed after its 401.
 */
class DynamicsSourceFaultMatrixIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONNECTOR = "fault-matrix";
    private static final int CONTACTS = 1500;
    private static final int PAGE_SIZE = 100;
    private static final long REQUEST_TIMEOUT_MS = 1500;
    private static final long WAIT_MS = 75_000;
    private static final String CONTACT_PAGES = "/api/data/v9.2/contacts$";
    private static final String ACCOUNT_PAGES = "/api/data/v9.2/accounts$";
    private static final String TOKEN = "/oauth2/v2.0/token$";

    /**
     * Entra ID's answer while it is unavailable (an OAuth error body). The token endpoint is not reached before the
     * connector is created: validation asks it for a token too.
     */
    private static final Fault TOKEN_OUTAGE = Fault.status(503, Map.of(), "{\"error\":\"temporarily_unavailable\","
            + "\"error_description\":\"AADSTS90033: A transient error has occurred. Please try again.\","
            + "\"error_codes\":[90033]}").onPath(TOKEN);

    private static DataverseEmulatorFixture fixture;
    private static EmbeddedConnectCluster connect;

    @BeforeAll
    static void start() {
        fixture = new DataverseEmulatorFixture(DataverseSeed.defaults().contacts(CONTACTS).leads(10).accounts(250)
                .marketingLists(1).campaigns(1).randomSeed(14));
        Map<String, String> worker = new HashMap<>();
        worker.put("exactly.once.source.support", "enabled");
        worker.put("offset.flush.interval.ms", "1000");
        worker.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("key.converter.schemas.enable", "false");
        worker.put("value.converter.schemas.enable", "false");
        connect = ConnectClusters.start("dynamics-source-faults", 1, worker);
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
        FaultPlan faults = fixture.emulator.faults();
        EmulatedTable contacts = fixture.emulator.table("contact");
        EmulatedTable accounts = fixture.emulator.table("account");
        Map<String, Integer> injected = new LinkedHashMap<>();
        long t0 = System.nanoTime();

        inject(faults, injected, "429 with Retry-After", Fault.tooManyRequests(1).onPath(CONTACT_PAGES), 1);
        inject(faults, injected, "429 without Retry-After", Fault.status(429).onPath(CONTACT_PAGES), 1);
        inject(faults, injected, "500", Fault.status(500).onPath(CONTACT_PAGES), 1);
        inject(faults, injected, "502", Fault.status(502).onPath(CONTACT_PAGES), 1);
        inject(faults, injected, "503", Fault.status(503).onPath(CONTACT_PAGES), 1);
        inject(faults, injected, "504", Fault.status(504).onPath(CONTACT_PAGES), 1);
        // The JDK client resends an idempotent GET once on a dropped connection: two resets reach our retries.
        inject(faults, injected, "connection reset", Fault.reset().onPath(CONTACT_PAGES), 2);
        inject(faults, injected, "request timeout", Fault.delay(Duration.ofMillis(2 * REQUEST_TIMEOUT_MS))
                .onPath(CONTACT_PAGES), 1);
        inject(faults, injected, "body stalls half way", Fault.stalledBody("{\"@odata.context\":\"x\",\"value\":"
                + "[{\"contactid\":\"", Duration.ofMillis(3 * REQUEST_TIMEOUT_MS)).onPath(CONTACT_PAGES), 1);
        inject(faults, injected, "malformed JSON", Fault.malformedBody().onPath(CONTACT_PAGES), 1);
        inject(faults, injected, "HTML page with 200", Fault.htmlPage().onPath(CONTACT_PAGES), 1);
        inject(faults, injected, "500", Fault.status(500).onPath(ACCOUNT_PAGES), 1);
        inject(faults, injected, "connection reset", Fault.reset().onPath(ACCOUNT_PAGES), 2);
        inject(faults, injected, "429 with Retry-After", Fault.tooManyRequests(1).onPath(ACCOUNT_PAGES), 1);

        connect.configureConnector(CONNECTOR, connectorConfig());
        awaitCondition(() -> readCommitted("fm.contact").size() >= 300, "the first contact pages");
        // Mid-snapshot: every token expires (401, then a fresh token) while the token endpoint is down.
        fixture.emulator.expireAllAccessTokens();
        inject(faults, injected, "token expired (401)", null, 1);
        inject(faults, injected, "token endpoint 503 (outage)", TOKEN_OUTAGE, 6);
        inject(faults, injected, "503", Fault.status(503).onPath(CONTACT_PAGES), 1);
        inject(faults, injected, "malformed JSON", Fault.malformedBody().onPath(ACCOUNT_PAGES), 1);

        Set<String> contactIds = new HashSet<>(contacts.ids());
        Set<String> accountIds = new HashSet<>(accounts.ids());
        awaitCondition(() -> readCommitted("fm.contact").size() >= CONTACTS
                && readCommitted("fm.account").size() >= accountIds.size(), "both snapshots");
        awaitDelta("contact");
        ExactlyOnce.check("contact snapshot", contactIds, keys(readCommitted("fm.contact"), "contactid"));
        ExactlyOnce.check("account snapshot", accountIds, keys(readCommitted("fm.account"), "accountid"));

        // Change tracking through more faults: 5 updates, 3 deletes, 2 new rows; tokens expire again during an
        // outage of the token endpoint.
        fixture.emulator.expireAllAccessTokens();
        inject(faults, injected, "token expired (401)", null, 1);
        inject(faults, injected, "token endpoint 503 (outage)", TOKEN_OUTAGE, 6);
        inject(faults, injected, "503", Fault.status(503).onPath(CONTACT_PAGES), 1);
        inject(faults, injected, "connection reset", Fault.reset().onPath(CONTACT_PAGES), 2);
        inject(faults, injected, "HTML page with 200", Fault.htmlPage().onPath(CONTACT_PAGES), 1);
        inject(faults, injected, "request timeout", Fault.delay(Duration.ofMillis(2 * REQUEST_TIMEOUT_MS))
                .onPath(CONTACT_PAGES), 1);
        List<String> ids = contacts.ids();
        Set<String> changed = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            contacts.update(ids.get(i), Map.of("jobtitle", "Fault matrix " + i));
            changed.add(ids.get(i));
        }
        Set<String> deleted = Set.of(ids.get(10), ids.get(11), ids.get(12));
        deleted.forEach(contacts::delete);
        for (int i = 0; i < 2; i++) {
            changed.add(contacts.create(Map.of("fullname", "Fault Matrix " + i, "emailaddress1",
                    "fault.matrix." + i + "@example.com")));
        }
        awaitCondition(() -> readCommitted("fm.contact").size() >= CONTACTS + 10, "the ten changes");
        awaitCondition(() -> faults.pending() == 0, "every injected fault served");
        // Longer than a postponed read, so a late duplicate would have arrived.
        Thread.sleep(DynamicsSourceTask.FAILED_TABLE_BACKOFF.toMillis() + 1000);
        double seconds = (System.nanoTime() - t0) / 1e9;

        List<ConsumerRecord<byte[], byte[]>> all = readCommitted("fm.contact");
        List<ConsumerRecord<byte[], byte[]>> changes = all.subList(CONTACTS, all.size());
        List<String> tombstoned = new ArrayList<>();
        List<String> upserted = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : changes) {
            (r.value() == null ? tombstoned : upserted).add(JSON.readTree(r.key()).path("contactid").asText());
        }
        ExactlyOnce.check("contact deletes", deleted, tombstoned);
        ExactlyOnce.check("contact updates and creations", changed, upserted);
        ExactlyOnce.check("account snapshot after the run", accountIds, keys(readCommitted("fm.account"), "accountid"));
        Set<String> finalIds = new HashSet<>(contacts.ids());
        Set<String> live = new HashSet<>(keys(all, "contactid"));
        live.removeAll(tombstoned);
        assertEquals(finalIds, live, "the topic's view of the table equals the table");

        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(CONNECTOR, 1, "task RUNNING after the faults");
        Map<String, Long> metrics = metrics();
        System.out.printf("Dynamics source fault matrix: %d contact + %d account records (%d changes), %d faults"
                        + " injected %s, in %.1f s; metrics %s%n", all.size(), accountIds.size(), changes.size(),
                injected.values().stream().mapToInt(Integer::intValue).sum(), injected, seconds, metrics);
        assertTrue(metrics.get("api-throttled-total") >= 3, "429s: " + metrics);
        assertTrue(metrics.get("retry-after-wait-ms-total") >= 2000, "Retry-After waited: " + metrics);
        assertTrue(metrics.get("api-calls-total{status-class=5xx}") >= 7, "5xx answers: " + metrics);
        assertTrue(metrics.get("api-calls-total{status-class=4xx}") >= 5, "429s and the 401: " + metrics);
        // resets (one of each pair) and timeouts; the stalled body's headers did arrive
        assertTrue(metrics.get("api-calls-total{status-class=none}") >= 5, "calls without an answer: " + metrics);
        assertTrue(metrics.get("api-retries-total") >= 12, "retried in the call: " + metrics);
        assertTrue(metrics.get("token-failures-total") >= 2, "token outages: " + metrics);
        // 500 x2, stalled body, malformed x2, HTML x2, and the two token outages
        assertTrue(metrics.get("reads-postponed-total") >= 9, "postponed reads: " + metrics);
        connect.deleteConnector(CONNECTOR);
    }

    private static void inject(FaultPlan faults, Map<String, Integer> injected, String kind, Fault fault, int times) {
        if (fault != null) {
            faults.add(fault, times);
        }
        injected.merge(kind, times, Integer::sum);
    }

    private static Map<String, String> connectorConfig() {
        Map<String, String> p = EmulatorSourceProps.of(fixture, CONNECTOR);
        p.put("tables", "contact,account");
        p.put("topic.prefix", "fm");
        p.put("tasks.max", "1");
        p.put("exactly.once.support", "required");
        p.put("transaction.boundary", "poll");
        p.put("topic.creation.default.replication.factor", "1");
        p.put("topic.creation.default.partitions", "1");
        p.put("page.size", Integer.toString(PAGE_SIZE));
        p.put("http.request.timeout.ms", Long.toString(REQUEST_TIMEOUT_MS));
        return p;
    }

    private static Map<String, Long> metrics() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String name : List.of("api-throttled-total", "retry-after-wait-ms-total", "backoff-wait-ms-total",
                "api-retries-total", "token-failures-total", "reads-postponed-total", "records-read-total")) {
            m.put(name, PluginMetricsJmx.sum(CONNECTOR, name));
        }
        for (String statusClass : List.of("2xx", "4xx", "5xx", "none")) {
            m.put("api-calls-total{status-class=" + statusClass + "}", PluginMetricsJmx.sum(CONNECTOR,
                    "api-calls-total", Map.of("status-class", statusClass)));
        }
        return m;
    }

    private static List<String> keys(List<ConsumerRecord<byte[], byte[]>> records, String field) throws Exception {
        List<String> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            out.add(JSON.readTree(r.key()).path(field).asText());
        }
        return out;
    }

    /** Every committed record of a single-partition topic, from the beginning to the last stable offset. */
    private static List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = connect.kafka().createConsumer(props)) {
            TopicPartition tp = new TopicPartition(topic, 0);
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

    private static void awaitDelta(String table) throws InterruptedException {
        awaitCondition(() -> {
            for (ConnectorOffset o : connect.connectorOffsets(CONNECTOR).offsets()) {
                if (Map.of("table", table, "protocol", "1").equals(o.partition()) && o.offset() != null
                        && "delta".equals(o.offset().get("phase"))) {
                    return true;
                }
            }
            return false;
        }, "table " + table + " in its delta phase");
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
                + fixture.emulator.faults().pending() + "; metrics " + metrics());
    }
}
