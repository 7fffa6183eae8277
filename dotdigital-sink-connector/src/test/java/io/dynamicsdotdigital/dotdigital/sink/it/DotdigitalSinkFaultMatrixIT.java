package io.dynamicsdotdigital.dotdigital.sink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.dotdigital.sink.DotdigitalSinkConnector;
import io.dynamicsdotdigital.emulator.common.Fault;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalSeed;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalState;
import io.dynamicsdotdigital.emulator.dotdigital.Model;
import io.dynamicsdotdigital.testsupport.ConnectClusters;
import io.dynamicsdotdigital.testsupport.DotdigitalEmulatorFixture;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import javax.management.AttributeNotFoundException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.storage.StringConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 part 3, the Dotdigital sink: one run in a real Connect worker while the Dotdigital emulator serves, one
 * after the other, every fault it can script on the address-book lookup, the v3 import start and the import status
 * reads, plus imports that end Failed and RejectedByWatchdog. Nothing is lost (every email is a contact in the
 * address book with its last values), nothing is duplicated (one contact and one membership per email), nothing is
 * dead-lettered, every offset is committed, every fault shows in a metric, and the task is RUNNING at the end.
 */
class DotdigitalSinkFaultMatrixIT {
    static final String CONNECTOR = "fault-matrix-to-dotdigital";
    static final String TOPIC = "fault-matrix-contacts";
    static final String BOOK = "Fault matrix book";
    static final String IMPORT = "^/contacts/v3/import$";
    static final String STATUS = "^/contacts/v3/import/";
    static DotdigitalEmulatorFixture fixture;
    static EmbeddedConnectCluster connect;

    @BeforeAll
    static void start() {
        fixture = new DotdigitalEmulatorFixture(DotdigitalSeed.empty());
        connect = ConnectClusters.start("dotdigital-fault-matrix", 1, Map.of());
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
        Map<String, String> c = new HashMap<>(fixture.connectionProps());
        c.put("connector.class", DotdigitalSinkConnector.class.getName());
        c.put("tasks.max", "1");
        c.put("topics", TOPIC);
        c.put("key.converter", StringConverter.class.getName());
        c.put("value.converter", StringConverter.class.getName());
        c.put("addressbook.name", BOOK);
        c.put("datafield.mapping", "firstname:FIRSTNAME,lastname:LASTNAME");
        c.put("import.flush.interval.ms", "200");
        c.put("import.poll.interval.ms", "100");
        c.put("http.request.timeout.ms", "1500");
        c.put("errors.tolerance", "all");
        c.put("errors.deadletterqueue.topic.name", "fault-matrix-dd-dlq");
        c.put("errors.deadletterqueue.topic.replication.factor", "1");
        return c;
    }

    private static DotdigitalState state() {
        return fixture.emulator.state();
    }

    /** The last FIRSTNAME produced per email. */
    private final Map<String, String> expected = new TreeMap<>();
    private long produced;

    /** Forty contacts, ten of them already sent in the step before, so updates mix with new contacts. */
    private void produceStep(int step) {
        for (int i = step * 30; i < step * 30 + 40; i++) {
            String email = "fault" + i + "@matrix.example.com";
            String first = "v" + step + "-" + i;
            expected.put(email, first);
            connect.kafka().produce(TOPIC, "c-" + i, "{\"contactid\":\"c-" + i + "\",\"emailaddress1\":\"" + email
                    + "\",\"firstname\":\"" + first + "\",\"lastname\":\"Matrix\"}");
            produced++;
        }
    }

    /**
     * Serves one fault to the first matching call while the sink works on the next step's records, then waits until
     * they are imported: the faults come one at a time, each after a success, as in a long run.
     */
    private void step(int step, Fault fault) throws InterruptedException {
        fixture.emulator.faults().add(fault, 1);
        produceStep(step);
        await(() -> fixture.emulator.faults().pending() == 0, 30_000, "the sink to meet " + fault);
        await(this::allImported, 30_000, "the contacts of the step with " + fault);
    }

    private boolean allImported() {
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Model.Contact c = state().contactByEmail(e.getKey()).orElse(null);
            if (c == null || !e.getValue().equals(c.dataField("FIRSTNAME"))) {
                return false;
            }
        }
        return true;
    }

    private static long committed() throws Exception {
        try (Admin admin = connect.kafka().createAdminClient()) {
            return admin.listConsumerGroupOffsets("connect-" + CONNECTOR).partitionsToOffsetAndMetadata().get()
                    .values().stream().mapToLong(o -> o == null ? 0 : o.offset()).sum();
        }
    }

    private static void await(BooleanSupplier done, long millis, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!done.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < deadline, "timed out waiting for " + what);
            Thread.sleep(100);
        }
    }

    @Test
    void everyScriptedFaultIsSurvivedWithNothingLostNothingDuplicatedAndEachCounted() throws Exception {
        connect.kafka().createTopic(TOPIC, 1);
        long importsBefore = fixture.emulator.requests().count("PUT /contacts/v3/import");
        long start = System.nanoTime();
        // The address-book lookup on put()'s thread: throttled with and without a wait, then unavailable.
        fixture.emulator.faults().add(Fault.tooManyRequests(1).onPath("^/v2/address-books$").onMethod("GET"), 1)
                .add(Fault.status(429).onPath("^/v2/address-books$").onMethod("GET"), 1)
                .add(Fault.status(503).onPath("^/v2/address-books$").onMethod("GET"), 1);
        produceStep(0);
        connect.configureConnector(CONNECTOR, connector());
        await(() -> fixture.emulator.faults().pending() == 0, 30_000, "the address-book faults");
        await(this::allImported, 30_000, "the first contacts");

        int step = 1;
        // Import starts: throttled, refused, lost after being applied, dropped, timed out (applied late).
        step(step++, Fault.tooManyRequests(1).onPath(IMPORT).onMethod("PUT"));
        step(step++, Fault.status(429).onPath(IMPORT).onMethod("PUT"));
        step(step++, Fault.status(500).onPath(IMPORT).onMethod("PUT"));
        step(step++, Fault.status(502).onPath(IMPORT).onMethod("PUT"));
        step(step++, Fault.status(503).onPath(IMPORT).onMethod("PUT"));
        step(step++, Fault.status(504).afterApplying().onPath(IMPORT).onMethod("PUT"));
        step(step++, Fault.reset().onPath(IMPORT).onMethod("PUT"));
        step(step++, Fault.delay(Duration.ofMillis(2500)).onPath(IMPORT).onMethod("PUT"));
        // Import status reads.
        step(step++, Fault.status(503).onPath(STATUS).onMethod("GET"));
        step(step++, Fault.reset().onPath(STATUS).onMethod("GET"));
        step(step++, Fault.delay(Duration.ofMillis(2500)).onPath(STATUS).onMethod("GET"));
        step(step++, Fault.stallMidBody(Duration.ofMillis(2000)).onPath(STATUS).onMethod("GET"));
        step(step++, Fault.malformedBody().onPath(STATUS).onMethod("GET"));
        step(step++, Fault.status(200, Map.of("Content-Type", "text/html; charset=utf-8"),
                "<html><body><h1>Service Unavailable</h1></body></html>").onPath(STATUS).onMethod("GET"));
        // Imports Dotdigital ends as failed: started again as new imports.
        for (String status : new String[] {"Failed", "RejectedByWatchdog"}) {
            long restartedBefore = jmxTotal("imports-restarted-total");
            fixture.emulator.failNextImport(status);
            produceStep(step++);
            await(() -> jmxTotalQuietly("imports-restarted-total") > restartedBefore, 30_000,
                    "an import ending " + status + " started again");
        }

        await(this::allImported, 60_000, "every contact with its last values");
        long total = produced;
        await(() -> {
            try {
                return committed() == total;
            } catch (Exception e) {
                return false;
            }
        }, 30_000, "every offset committed");
        double seconds = (System.nanoTime() - start) / 1e9;

        int members = state().addressBookMembers(state().addressBookByName(BOOK).orElseThrow().id()).size();
        assertEquals(expected.size(), state().contactCount(), "one contact per email, none duplicated");
        assertEquals(expected.size(), members, "one membership per email");
        ConnectorStateInfo status = connect.connectorStatus(CONNECTOR);
        assertEquals("RUNNING", status.tasks().get(0).state(), "task RUNNING at the end: " + status.tasks());

        Map<String, Long> metrics = new TreeMap<>();
        for (String m : new String[] {"api-throttled-total", "api-retries-total", "calls-deferred-total",
                "imports-started-total", "imports-finished-total", "imports-restarted-total", "imports-throttled-total",
                "records-failed-total", "dlq-records-total", "contacts-imported-total"}) {
            metrics.put(m, jmxTotal(m));
        }
        Map<String, Long> byStatus = jmxByTag("api-calls-total", "status-class");
        long imports = fixture.emulator.requests().count("PUT /contacts/v3/import") - importsBefore;
        System.out.printf("Dotdigital sink fault matrix: %d records in, %d contacts, %d members, %d import starts,"
                + " %.1f s; %s; api-calls-total by status class %s%n", produced, state().contactCount(), members,
                imports, seconds, metrics, byStatus);
        assertEquals(0, metrics.get("records-failed-total"), "nothing failed");
        assertEquals(0, metrics.get("dlq-records-total"), "nothing dead-lettered");
        assertTrue(metrics.get("api-throttled-total") >= 4, "the four 429s: " + metrics);
        assertTrue(byStatus.getOrDefault("5xx", 0L) >= 6, "500, 502, 503 twice, 504, 503: " + byStatus);
        assertTrue(byStatus.getOrDefault("none", 0L) >= 4, "resets and timeouts: " + byStatus);
        assertTrue(metrics.get("calls-deferred-total") >= 5, "failed starts and reads waited out: " + metrics);
        assertTrue(metrics.get("imports-restarted-total") >= 4,
                "Failed, RejectedByWatchdog, malformed and HTML status answers: " + metrics);
        connect.deleteConnector(CONNECTOR);
    }

    private static long jmxTotalQuietly(String metric) {
        try {
            return jmxTotal(metric);
        } catch (Exception | AssertionError e) {
            return 0;
        }
    }

    private static long jmxTotal(String metric) throws Exception {
        return jmxByTag(metric, null).values().stream().mapToLong(Long::longValue).sum();
    }

    /** A task metric of the connector summed per value of {@code tag}, read over JMX from the embedded worker. */
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
