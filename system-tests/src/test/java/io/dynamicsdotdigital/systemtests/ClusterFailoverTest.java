package io.dynamicsdotdigital.systemtests;

import static io.dynamicsdotdigital.systemtests.FailoverConnectors.activityTopic;
import static io.dynamicsdotdigital.systemtests.FailoverConnectors.addressBook;
import static io.dynamicsdotdigital.systemtests.FailoverConnectors.contactTopic;
import static io.dynamicsdotdigital.systemtests.FailoverConnectors.dotdigitalSink;
import static io.dynamicsdotdigital.systemtests.FailoverConnectors.dotdigitalSource;
import static io.dynamicsdotdigital.systemtests.FailoverConnectors.dynamicsSink;
import static io.dynamicsdotdigital.systemtests.FailoverConnectors.dynamicsSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover on a three-worker Connect cluster running the packaged plugins against the emulators process: for each
 * connector, the worker running its task is stopped in the middle of the work (a Dataverse snapshot, a Dotdigital
 * import, a Dotdigital tracking read, a Dataverse write-back batch); the task must move to another worker and the
 * result must be complete. Then all three workers are replaced one by one while the four connectors run.
 *
 * <p>On the embedded cluster the stops are graceful ({@code WorkerHandle.stop()}: the herder stops its tasks and
 * leaves the group); an embedded worker cannot be killed, as it shares the test's JVM. The sources are also run on a
 * group of worker processes on the same broker, where the worker running the task is killed with SIGKILL.
 *
 * <p>The cases run in order and share one cluster: the Dotdigital sink imports the contacts the Dynamics source
 * case wrote, and the write-back writes the activity the Dotdigital source case read, as in the quickstart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFailoverTest {
    private static final Duration START = Duration.ofMinutes(2);
    private static final Duration FINISH = Duration.ofMinutes(3);
    private static final String SEED_EMAIL_DOMAIN = "@seed.example";

    @TempDir
    static Path work;
    static EmulatorsProcess emulators;
    static ThreeWorkerCluster cluster;
    static EmulatorApis apis;
    static FailoverConnectors connectors;

    @FunctionalInterface
    interface Count {
        int get() throws Exception;
    }

    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    @BeforeAll
    static void start() throws Exception {
        CompletableFuture<EmulatorsProcess> starting = CompletableFuture.supplyAsync(() -> {
            try {
                return EmulatorsProcess.start(work, Duration.ofMinutes(4), "--seed-contacts", "3000",
                        "--seed-leads", "0", "--seed-accounts", "0", "--seed-lists", "0", "--seed-campaigns", "3",
                        "--seed-dotdigital-contacts", "0", "--seed-address-books", "0", "--seed-activities", "500",
                        "--seed-unsubscribes", "0", "--seed-suppressions", "0");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        cluster = new ThreeWorkerCluster();
        emulators = starting.join();
        apis = new EmulatorApis(emulators.info());
        connectors = new FailoverConnectors(ConfigExample.quickstartValues(emulators.info(),
                cluster.bootstrapServers()));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
        if (emulators != null) {
            emulators.close();
        }
    }

    @Test
    @Order(1)
    void dynamicsSnapshotIsCompleteAfterItsWorkerStopsMidSnapshot() throws Exception {
        int rows = Integer.parseInt(emulators.info().get("SEEDED_DATAVERSE_CONTACT"));
        String topic = contactTopic("fo");
        failOver(dynamicsSource("fo"), connectors.dynamicsSourceConfig("fo"), rows, () -> committed(topic).size());
        report(Completeness.assertExactlyOnce("Dynamics snapshot " + topic, rows, committed(topic)));
    }

    @Test
    @Order(2)
    void dotdigitalImportIsCompleteAfterItsWorkerStopsMidImport() throws Exception {
        Set<String> emails = contactEmails(contactTopic("fo"));
        assertTrue(emails.size() > 1000, "the Dynamics case filled the contacts topic: " + emails.size());
        int seeded = Integer.parseInt(emulators.info().get("SEEDED_DOTDIGITAL_CONTACTS"));
        failOver(dotdigitalSink("fo"), connectors.dotdigitalSinkConfig("fo"), emails.size(),
                () -> apis.addressBookMembers(addressBook("fo")).size());
        assertSinkComplete("fo", emails, seeded);
    }

    @Test
    @Order(3)
    void dotdigitalTrackingReadIsCompleteAfterItsWorkerStopsMidRead() throws Exception {
        int rows = apis.campaignActivityRows();
        String topic = activityTopic("fo");
        failOver(dotdigitalSource("fo"), connectors.dotdigitalSourceConfig("fo"), rows, () -> committed(topic).size());
        report(Completeness.assertExactlyOnce("Dotdigital tracking read " + topic, rows, committed(topic)));
    }

    @Test
    @Order(4)
    void writeBackIsCompleteAfterItsWorkerStopsMidBatch() throws Exception {
        Set<String> keys = activityKeys(activityTopic("fo"));
        assertTrue(keys.size() > 500, "the Dotdigital source case filled the activity topic: " + keys.size());
        apis.deleteAllRows(FailoverConnectors.WRITE_BACK_SET, FailoverConnectors.WRITE_BACK_ID);
        failOver(dynamicsSink("fo"), connectors.dynamicsSinkConfig("fo"), keys.size(),
                () -> apis.writtenBackKeys().size());
        assertWriteBackComplete("fo", keys);
    }

    @Test
    @Order(5)
    void rollingRestartOfAllWorkersLosesAndDuplicatesNothing() throws Exception {
        long started = System.nanoTime();
        int contacts = Integer.parseInt(emulators.info().get("SEEDED_DATAVERSE_CONTACT"));
        int activities = apis.campaignActivityRows();
        apis.deleteAllRows(FailoverConnectors.WRITE_BACK_SET, FailoverConnectors.WRITE_BACK_ID);
        String p = "rr";
        List<String> names = List.of(dynamicsSource(p), dotdigitalSink(p), dotdigitalSource(p), dynamicsSink(p));
        cluster.connect.configureConnector(names.get(0), connectors.dynamicsSourceConfig(p));
        cluster.connect.configureConnector(names.get(1), connectors.dotdigitalSinkConfig(p));
        cluster.connect.configureConnector(names.get(2), connectors.dotdigitalSourceConfig(p));
        cluster.connect.configureConnector(names.get(3), connectors.dynamicsSinkConfig(p));
        try {
            rollWorkers(p, names, contacts, activities);
        } finally {
            names.forEach(cluster.connect::deleteConnector);
        }
        report(String.format("rolling restart of %d workers with 4 connectors: %.1f s", ThreeWorkerCluster.WORKERS,
                (System.nanoTime() - started) / 1e9));
    }

    private static void rollWorkers(String p, List<String> names, int contacts, int activities) throws Exception {
        cluster.awaitAllRunning(names, START);
        await("first committed contacts in " + contactTopic(p), START, () -> committed(contactTopic(p)).size() > 0);
        List<String> progress = new ArrayList<>();
        for (WorkerHandle original : new ArrayList<>(cluster.connect.workers())) {
            progress.add(String.format("before replacing %s: contacts %d/%d, activities %d/%d, members %d, rows %d",
                    original.url(), committed(contactTopic(p)).size(), contacts, committed(activityTopic(p)).size(),
                    activities, apis.addressBookMembers(addressBook(p)).size(), apis.writtenBackKeys().size()));
            cluster.connect.removeWorker(original);
            cluster.connect.addWorker();
            cluster.awaitAllRunning(names, START);
        }
        await("all contacts committed", FINISH, () -> committed(contactTopic(p)).size() >= contacts);
        await("all activity committed", FINISH, () -> committed(activityTopic(p)).size() >= activities);
        Set<String> emails = contactEmails(contactTopic(p));
        Set<String> keys = activityKeys(activityTopic(p));
        await("every contact imported", FINISH,
                () -> apis.addressBookMembers(addressBook(p)).size() >= emails.size());
        await("every activity written back", FINISH, () -> apis.writtenBackKeys().size() >= keys.size());
        Thread.sleep(3000); // late duplicates, if any, would land now
        progress.forEach(ClusterFailoverTest::report);
        report(Completeness.assertExactlyOnce("rolling: Dynamics snapshot", contacts, committed(contactTopic(p))));
        report(Completeness.assertExactlyOnce("rolling: Dotdigital tracking read", activities,
                committed(activityTopic(p))));
        assertSinkComplete(p, emails, Integer.parseInt(emulators.info().get("SEEDED_DOTDIGITAL_CONTACTS")));
        assertWriteBackComplete(p, keys);
    }

    /**
     * The sources on a group of worker processes: the worker running the task is killed with SIGKILL mid-work (no
     * task stop, its transaction left open); after the session timeout another worker takes the task, fences the
     * dead producer and resumes from the last committed offsets.
     */
    @Test
    @Order(6)
    void sourcesAreExactlyOnceAfterTheirWorkerIsKilled() throws Exception {
        int contacts = Integer.parseInt(emulators.info().get("SEEDED_DATAVERSE_CONTACT"));
        int activities = apis.campaignActivityRows();
        try (ProcessWorkerGroup group = new ProcessWorkerGroup(work, cluster.bootstrapServers(), "failover-kill")) {
            group.start(2, Duration.ofMinutes(3));
            killMidWork(group, dynamicsSource("kill"), connectors.dynamicsSourceConfig("kill"), contacts,
                    contactTopic("kill"));
            report(Completeness.assertExactlyOnce("after SIGKILL: Dynamics snapshot", contacts,
                    committed(contactTopic("kill"))));
            group.start(1, Duration.ofMinutes(3));
            killMidWork(group, dotdigitalSource("kill"), connectors.dotdigitalSourceConfig("kill"), activities,
                    activityTopic("kill"));
            report(Completeness.assertExactlyOnce("after SIGKILL: Dotdigital tracking read", activities,
                    committed(activityTopic("kill"))));
        }
    }

    private static void killMidWork(ProcessWorkerGroup group, String name, Map<String, String> config, int expected,
                                    String topic) throws Exception {
        long started = System.nanoTime();
        group.createConnector(name, config);
        try {
            group.awaitTaskWorker(name, START);
            await("the first committed records of " + name, START, () -> committed(topic).size() > 0);
            WorkerProcess worker = group.awaitTaskWorker(name, START);
            worker.kill();
            int atKill = committed(topic).size();
            assertTrue(atKill < expected, name + " finished (" + atKill + " of " + expected
                    + ") before its worker was killed: the data set is too small to kill it mid-work");
            long killed = System.nanoTime();
            WorkerProcess survivor = group.awaitTaskWorker(name, START);
            long resumed = System.nanoTime();
            await(name + " to reach " + expected, FINISH, () -> committed(topic).size() >= expected);
            Thread.sleep(3000); // late duplicates, if any, would land now
            report(String.format("%s: %d of %d committed when %s was killed; task RUNNING on %s %.1f s later; %d"
                            + " committed at the end, %d records for a read_uncommitted consumer; case %.1f s", name,
                    atKill, expected, worker.restUrl(), survivor.restUrl(), (resumed - killed) / 1e9,
                    committed(topic).size(), CommittedTopic.readUncommitted(cluster.bootstrapServers(), topic).size(),
                    (System.nanoTime() - started) / 1e9));
        } finally {
            group.deleteConnector(name);
        }
    }

    /**
     * Creates the connector, waits for the first effect, stops the worker running its task, checks that the work
     * was then unfinished and that the task resumes on another worker, waits for the expected count, and restores
     * three workers.
     */
    private static void failOver(String name, Map<String, String> config, int expected, Count progress)
            throws Exception {
        long started = System.nanoTime();
        cluster.connect.configureConnector(name, config);
        WorkerHandle worker = null;
        try {
            cluster.workerRunningTask(name, START);
            await("the first effect of " + name, START, () -> progress.get() > 0);
            worker = cluster.workerRunningTask(name, START);
            String stoppedUrl = worker.url().toString();
            cluster.connect.removeWorker(worker);
            int atStop = progress.get();
            assertTrue(atStop < expected, name + " finished (" + atStop + " of " + expected
                    + ") before its worker stopped: the data set is too small to stop it mid-work");
            long stopped = System.nanoTime();
            String moved = cluster.awaitTaskMovedFrom(name, URI.create(stoppedUrl).getPort(), START);
            long resumed = System.nanoTime();
            await(name + " to reach " + expected, FINISH, () -> progress.get() >= expected);
            Thread.sleep(3000); // late duplicates, if any, would land now
            report(String.format("%s: %d of %d done when %s stopped; task RUNNING on %s %.1f s later; %d at the"
                            + " end; case %.1f s", name, atStop, expected, stoppedUrl, moved,
                    (resumed - stopped) / 1e9, progress.get(), (System.nanoTime() - started) / 1e9));
        } finally {
            cluster.connect.deleteConnector(name);
            if (worker != null) {
                cluster.connect.addWorker();
            }
        }
    }

    private static void assertSinkComplete(String prefix, Set<String> emails, int seededContacts) throws Exception {
        List<String> dynamicsContacts = new ArrayList<>(apis.contacts());
        int all = dynamicsContacts.size();
        dynamicsContacts.removeIf(e -> e.endsWith(SEED_EMAIL_DOMAIN));
        report(Completeness.assertAppliedOnce(prefix + ": Dotdigital contacts from Dynamics", emails,
                dynamicsContacts));
        assertEquals(seededContacts + emails.size(), all, "Dotdigital contacts: seeded plus imported");
        report(Completeness.assertAppliedOnce(prefix + ": members of " + addressBook(prefix), emails,
                apis.addressBookMembers(addressBook(prefix))));
        assertEquals(0, committed(FailoverConnectors.sinkDlq(prefix)).size(), "records dead-lettered by the sink");
    }

    private static void assertWriteBackComplete(String prefix, Set<String> keys) throws Exception {
        report(Completeness.assertAppliedOnce(prefix + ": Dataverse " + FailoverConnectors.WRITE_BACK_SET + " rows",
                keys, apis.writtenBackKeys()));
        assertEquals(0, committed(FailoverConnectors.writeBackDlq(prefix)).size(),
                "records dead-lettered by the write-back");
    }

    private static CommittedTopic.Contents committed(String topic) {
        return CommittedTopic.read(cluster.bootstrapServers(), topic);
    }

    /** The contacts' emails in a Dynamics contact topic, lower-cased (what the Dotdigital sink should import). */
    private static Set<String> contactEmails(String topic) {
        return committed(topic).payloadFields("emailaddress1");
    }

    /** campaignId/contactId of the activity rows in a topic (the keys the write-back upserts by). */
    private static Set<String> activityKeys(String topic) {
        return committed(topic).payloadFields("campaignId", "contactId");
    }

    private static void await(String what, Duration timeout, Condition condition) {
        ThreeWorkerCluster.awaitUntil(timeout, what, () -> {
            try {
                return condition.holds();
            } catch (Exception e) {
                throw new AssertionError("While waiting for " + what, e);
            }
        });
    }

    private static void report(String figures) {
        System.out.println("FAILOVER-FIGURES " + figures);
    }
}
