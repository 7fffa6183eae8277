package io.dynamicsdotdigital.dynamics.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.emulator.common.Fault;
import io.dynamicsdotdigital.emulator.dataverse.AttributeDefinition;
import io.dynamicsdotdigital.emulator.dataverse.AttributeType;
import io.dynamicsdotdigital.emulator.dataverse.DataverseSeed;
import io.dynamicsdotdigital.emulator.dataverse.EmulatedTable;
import io.dynamicsdotdigital.emulator.dataverse.TableDefinition;
import io.dynamicsdotdigital.testsupport.ConnectClusters;
import io.dynamicsdotdigital.testsupport.DataverseEmulatorFixture;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.management.AttributeNotFoundException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 part 3, the Dynamics sink: one run in a real Connect worker while the Dataverse emulator serves every
 * fault it can script on the $batch calls and the token endpoint. Nothing is lost (every key has its row with the
 * last value), nothing is duplicated (one row per key), nothing is dead-lettered, every fault shows in a metric, and
 * the task is RUNNING at the end.
 */
class DynamicsSinkFaultMatrixIT {
    static final String CONNECTOR = "fault-matrix-to-dynamics";
    static final String TOPIC = "fault-matrix-rows";
    static final int KEYS = 600;
    static DataverseEmulatorFixture fixture;
    static EmulatedTable rows;
    static EmbeddedConnectCluster connect;

    @BeforeAll
    static void start() {
        fixture = new DataverseEmulatorFixture(DataverseSeed.defaults().contacts(1).leads(0).accounts(0)
                .marketingLists(0).campaigns(0).randomSeed(14));
        rows = fixture.emulator.defineTable(TableDefinition.custom("esc_faultrow", "esc_faultrows", "esc_faultrowid",
                true, AttributeDefinition.of("esc_key", AttributeType.Integer),
                AttributeDefinition.of("esc_value", AttributeType.Integer)).withAlternateKey("esc_key"));
        Map<String, String> worker = new HashMap<>();
        worker.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        worker.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("value.converter.schemas.enable", "false");
        connect = ConnectClusters.start("dynamics-fault-matrix", 1, worker);
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

    private static Map<String, String> connector() {
        Map<String, String> p = EmulatorSinkProps.of(fixture, CONNECTOR);
        p.put("topics", TOPIC);
        p.put("tasks.max", "1");
        p.put("dynamics.entity.set", "esc_faultrows");
        p.put("key.columns", "esc_key");
        p.put("field.mapping", "key:esc_key,value:esc_value");
        p.put("batch.size", "40");
        p.put("http.request.timeout.ms", "1500");
        p.put("consumer.override.max.poll.records", "40");
        p.put("errors.tolerance", "all");
        p.put("errors.deadletterqueue.topic.name", "fault-matrix-dlq");
        p.put("errors.deadletterqueue.topic.replication.factor", "1");
        p.put("errors.deadletterqueue.context.headers.enable", "true");
        return p;
    }

    /** The faults, served in this order to the $batch calls (each once). */
    private static void planBatchFaults() {
        String batch = "\\$batch";
        fixture.emulator.faults()
                .add(Fault.tooManyRequests(1).onPath(batch), 1)
                .add(Fault.status(429).onPath(batch), 1)
                .add(Fault.status(500).onPath(batch), 1)
                .add(Fault.status(502).onPath(batch), 1)
                .add(Fault.status(503).onPath(batch), 1)
                .add(Fault.status(504).onPath(batch), 1)
                .add(Fault.reset().onPath(batch), 1)
                .add(Fault.delay(Duration.ofMillis(2500)).onPath(batch), 1)
                .add(Fault.stallMidBody(Duration.ofMillis(2500)).onPath(batch), 1)
                .add(Fault.malformedBody().onPath(batch), 1)
                .add(Fault.status(200, Map.of("Content-Type", "text/html; charset=utf-8"),
                        "<html><head><title>Service Unavailable</title></head><body><h1>The gateway is"
                                + " busy</h1></body></html>").onPath(batch), 1)
                .add(Fault.status(504).afterApplying().onPath(batch), 1);
    }

    private static void produce(int round) {
        for (int key = 0; key < KEYS; key++) {
            connect.kafka().produce(TOPIC, "k" + key, "{\"key\":" + key + ",\"value\":" + (round * 10_000 + key)
                    + "}");
        }
    }

    private static boolean allWritten(int round) {
        Map<Integer, Integer> values = new HashMap<>();
        for (String id : rows.ids()) {
            Map<String, Object> row = rows.get(id);
            values.put((Integer) row.get("esc_key"), (Integer) row.get("esc_value"));
        }
        for (int key = 0; key < KEYS; key++) {
            if (!Integer.valueOf(round * 10_000 + key).equals(values.get(key))) {
                return false;
            }
        }
        return true;
    }

    private static void await(java.util.function.BooleanSupplier done, long millis, String what)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!done.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < deadline, "timed out waiting for " + what);
            Thread.sleep(200);
        }
    }

    @Test
    void everyScriptedFaultIsSurvivedWithNothingLostNothingDuplicatedAndEachCounted() throws Exception {
        connect.kafka().createTopic(TOPIC, 1);
        long start = System.nanoTime();
        planBatchFaults();
        produce(1);
        connect.configureConnector(CONNECTOR, connector());
        await(() -> allWritten(1), 60_000, "round 1 written through the $batch faults");
        assertEquals(0, fixture.emulator.faults().pending(), "every $batch fault was served");

        // An expired token (401, then a fresh one) and a token endpoint outage longer than the provider's retries.
        fixture.emulator.expireAllAccessTokens();
        produce(2);
        await(() -> allWritten(2), 30_000, "round 2 written after the token expired");
        // msal4j asks once more itself after a 5xx, and the provider makes three attempts: eight outlast both.
        fixture.emulator.faults().add(Fault.status(503).onPath("oauth2/v2.0/token"), 8);
        fixture.emulator.expireAllAccessTokens();
        produce(3);
        await(() -> allWritten(3), 45_000, "round 3 written after the token endpoint outage");
        double seconds = (System.nanoTime() - start) / 1e9;

        Set<Integer> keys = new HashSet<>();
        for (String id : rows.ids()) {
            assertTrue(keys.add((Integer) rows.get(id).get("esc_key")), "one row per key");
        }
        assertEquals(KEYS, rows.count(), "nothing duplicated");
        ConnectorStateInfo state = connect.connectorStatus(CONNECTOR);
        assertEquals("RUNNING", state.tasks().get(0).state(), "task RUNNING at the end: " + state.tasks());

        Map<String, Long> metrics = new TreeMap<>();
        for (String m : new String[] {"api-throttled-total", "api-retries-total", "api-calls-total",
                "puts-redelivered-total", "token-failures-total", "records-failed-total", "rows-written-total",
                "batches-total", "batches-resent-total"}) {
            metrics.put(m, jmxTotal(m));
        }
        Map<String, Long> byStatus = jmxByTag("api-calls-total", "status-class");
        System.out.printf("Dynamics sink fault matrix: %d records in (%d keys x 3 rounds), %d rows, %.1f s; %s;"
                + " api-calls-total by status class %s%n", 3 * KEYS, KEYS, rows.count(), seconds, metrics, byStatus);
        assertEquals(0, metrics.get("records-failed-total"), "nothing dead-lettered");
        assertTrue(metrics.get("api-throttled-total") >= 2, "both 429s counted: " + metrics);
        assertTrue(byStatus.getOrDefault("5xx", 0L) >= 5, "500, 502, 503, 504 twice counted: " + byStatus);
        assertTrue(byStatus.getOrDefault("none", 0L) >= 2, "reset and timeout counted as no answer: " + byStatus);
        assertTrue(byStatus.getOrDefault("4xx", 0L) >= 1, "the expired token's 401 counted: " + byStatus);
        assertTrue(metrics.get("puts-redelivered-total") >= 2, "stalled body and token outage: " + metrics);
        assertTrue(metrics.get("token-failures-total") >= 1, "token outage counted: " + metrics);
        assertTrue(metrics.get("batches-resent-total") >= 3, "500, malformed body, HTML page: " + metrics);
        assertTrue(metrics.get("rows-written-total") >= 3L * KEYS, metrics.toString());
        connect.deleteConnector(CONNECTOR);
    }

    /** Sum of a task metric of the connector over every tag set, read over JMX from the embedded worker. */
    private static long jmxTotal(String metric) throws Exception {
        return jmxByTag(metric, null).values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<String, Long> jmxByTag(String metric, String tag) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Map<String, Long> out = new TreeMap<>();
        boolean found = false;
        for (ObjectName name : server.queryNames(new ObjectName("kafka.connect:type=plugins,connector=" + CONNECTOR
                + ",*"), null)) {
            try {
                long value = ((Number) server.getAttribute(name, metric)).longValue();
                found = true;
                out.merge(tag == null ? "" : String.valueOf(name.getKeyProperty(tag)), value, Long::sum);
            } catch (AttributeNotFoundException notHere) {
                // another metric group of the same task
            }
        }
        assertTrue(found, metric + " not found over JMX");
        return out;
    }
}
