package io.dynamicsdotdigital.dynamics.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dynamicsdotdigital.emulator.dataverse.DataverseSeed;
import io.dynamicsdotdigital.emulator.dataverse.EmulatedTable;
import io.dynamicsdotdigital.testsupport.ConnectClusters;
import io.dynamicsdotdigital.testsupport.DataverseEmulatorFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One table's snapshot split into 4 primary-key ranges read by 4 tasks in a real Connect worker, against the
 * Dataverse emulator serving each page with a fixed latency so the snapshot lasts long enough to change rows and
 * restart in its middle.
 */
class ParallelSnapshotClusterIT {
    static final long WAIT_MS = 90_000;
    static final int CONTACTS = 20_000;
    static final int LEADS = 4_000;
    static final int RANGES = 4;
    static DataverseEmulatorFixture fixture;
    static EmbeddedConnectCluster connect;
    static ClusterTopics topics;

    @BeforeAll
    static void start() {
        fixture = new DataverseEmulatorFixture(DataverseSeed.defaults().contacts(CONTACTS).leads(LEADS).accounts(10)
                .marketingLists(1).campaigns(1).randomSeed(19));
        fixture.emulator.processingTime(Duration.ofMillis(500));
        Map<String, String> worker = new HashMap<>();
        worker.put("exactly.once.source.support", "disabled");
        worker.put("offset.flush.interval.ms", "500");
        worker.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("key.converter.schemas.enable", "false");
        worker.put("value.converter.schemas.enable", "false");
        connect = ConnectClusters.start("parallel-snapshot-it", 1, worker);
        topics = new ClusterTopics(connect);
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

    private static Map<String, String> connector(String name, String table, String prefix, int pageSize) {
        Map<String, String> p = EmulatorSourceProps.of(fixture, name);
        p.put("tables", table);
        p.put("topic.prefix", prefix);
        p.put("tasks.max", Integer.toString(RANGES));
        p.put("snapshot.parallelism", Integer.toString(RANGES));
        p.put("dynamics.max.concurrent.requests", Integer.toString(RANGES));
        p.put("page.size", Integer.toString(pageSize));
        p.put("topic.creation.default.replication.factor", "1");
        p.put("topic.creation.default.partitions", "1");
        return p;
    }

    @Test
    void fourRangesReadEveryRowOnceRowsChangedDuringTheSnapshotArriveOnceAndRowsDeletedGetTombstones() throws Exception {
        EmulatedTable contacts = fixture.emulator.table("contact");
        connect.configureConnector("pcontacts", connector("pcontacts", "contact", "ps", 500));
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("pcontacts", RANGES, "4 tasks expected");
        awaitCount("ps.contact", 1_000);

        // Rows already read by their range, changed while the snapshot runs: only the position taken before the
        // snapshot can bring them.
        List<ConsumerRecord<byte[], byte[]>> readSoFar = topics.readAll("ps.contact");
        List<String> changed = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readSoFar.subList(0, 40)) {
            changed.add(ClusterTopics.json(r.key()).path("contactid").asText());
        }
        for (String id : changed) {
            contacts.update(id, Map.of("firstname", "changed-during-snapshot"));
        }
        // Rows ranges 1..3 already read, deleted during the snapshot: only the range that read them knows they are
        // in Kafka, so its key scan after its end must find them gone.
        List<String> deleted = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readSoFar.subList(40, readSoFar.size())) {
            String id = ClusterTopics.json(r.key()).path("contactid").asText();
            if (id.compareTo(SnapshotRanges.bound(1, RANGES)) >= 0 && deleted.size() < 6) {
                deleted.add(id);
            }
        }
        assertEquals(6, deleted.size(), "rows of ranges 1..3 among the first records");
        deleted.forEach(contacts::delete);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            created.add(contacts.create(Map.of("firstname", "created-during-snapshot", "lastname", "n" + i)));
        }
        // "none": range 0 has committed no page yet, so the snapshot cannot have ended either (it ends only when
        // every range's committed offset says done).
        String phase = ownerPhase("pcontacts", "contact");
        assertTrue(Set.of("range", "none").contains(phase),
                "the snapshot ended before the rows were changed (phase " + phase + "); the test needs a slower emulator");

        Map<String, List<JsonNode>> byKey = awaitComplete("ps.contact", "contactid", CONTACTS + created.size(),
                changed, "changed-during-snapshot");
        awaitPhase("pcontacts", "contact", "watermark");
        awaitTombstones("ps.contact", "contactid", deleted);
        Set<String> touched = new HashSet<>(changed);
        touched.addAll(created);
        touched.addAll(deleted);
        for (Map.Entry<String, List<JsonNode>> e : byKey.entrySet()) {
            if (!touched.contains(e.getKey())) {
                assertEquals(1, e.getValue().size(), "row " + e.getKey() + " read more than once");
            }
        }
        for (String id : changed) {
            long withChange = byKey.get(id).stream()
                    .filter(v -> "changed-during-snapshot".equals(v.path("firstname").asText())).count();
            assertEquals(1, withChange, "the change of row " + id + " must arrive exactly once (one task continues)");
        }
        Set<String> rangePartitions = new HashSet<>();
        for (ConnectorOffset o : connect.connectorOffsets("pcontacts").offsets()) {
            rangePartitions.add(String.valueOf(o.partition().get("range")));
        }
        assertEquals(Set.of("null", "1", "2", "3"), rangePartitions, "one source partition per range");
        connect.deleteConnector("pcontacts");
    }

    @Test
    void aRestartInTheMiddleResumesEveryRangeFromItsOwnOffset() throws Exception {
        int pageSize = 200;
        connect.configureConnector("pleads", connector("pleads", "lead", "pr", pageSize));
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("pleads", RANGES, "4 tasks expected");
        awaitCount("pr.lead", 1_600);
        connect.stopConnector("pleads");
        connect.assertions().assertConnectorIsStopped("pleads", "connector did not stop");
        long beforeRestart = topics.count("pr.lead");
        assertTrue(beforeRestart < LEADS, "the snapshot finished before the restart; slow the emulator down");
        connect.resumeConnector("pleads");

        Map<String, List<JsonNode>> byKey = awaitComplete("pr.lead", "leadid", LEADS, List.of(), null);
        long total = byKey.values().stream().mapToLong(List::size).sum();
        long duplicates = total - LEADS;
        // At least once: a range re-reads at most the page it had in flight; starting a range over would repeat
        // every row it read before the restart (1,600 or more in all).
        assertTrue(duplicates >= 0 && duplicates <= (long) RANGES * pageSize, "duplicates after the restart: "
                + duplicates + " of " + beforeRestart + " read before it");
        connect.deleteConnector("pleads");
    }

    private static void awaitCount(String topic, long atLeast) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (topics.count(topic) < atLeast) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(topic + " has " + topics.count(topic) + " records, expected " + atLeast);
            }
            Thread.sleep(200);
        }
    }

    /**
     * Values per key once {@code distinct} keys are there and each of {@code changed} has a value with
     * {@code firstname} = {@code changedName}.
     */
    private static Map<String, List<JsonNode>> awaitComplete(String topic, String keyField, int distinct,
                                                             List<String> changed, String changedName)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        Map<String, List<JsonNode>> byKey = Map.of();
        while (System.currentTimeMillis() < deadline) {
            Map<String, List<JsonNode>> read = new HashMap<>();
            topics.forEach(topic, r -> read.computeIfAbsent(ClusterTopics.json(r.key()).path(keyField).asText(),
                    k -> new ArrayList<>()).add(ClusterTopics.json(r.value())));
            byKey = read;
            boolean changesIn = changed.stream().allMatch(id -> read.getOrDefault(id, List.of()).stream()
                    .anyMatch(v -> changedName.equals(v.path("firstname").asText())));
            if (read.size() >= distinct && changesIn) {
                assertEquals(distinct, read.size(), "keys in " + topic);
                return read;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(topic + " has " + byKey.size() + " distinct keys, expected " + distinct
                + (changed.isEmpty() ? "" : ", and the changed rows"));
    }

    /** Waits until each of {@code ids} has a tombstone (a record without value) in {@code topic}. */
    private static void awaitTombstones(String topic, String keyField, List<String> ids) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        Set<String> missing = new HashSet<>(ids);
        while (!missing.isEmpty()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("no tombstones in " + topic + " for rows deleted during the snapshot: "
                        + missing);
            }
            Thread.sleep(500);
            Set<String> tombstoned = new HashSet<>();
            topics.forEach(topic, r -> {
                if (r.value() == null) {
                    tombstoned.add(ClusterTopics.json(r.key()).path(keyField).asText());
                }
            });
            missing.removeAll(tombstoned);
        }
    }

    private static String ownerPhase(String connector, String table) {
        for (ConnectorOffset o : connect.connectorOffsets(connector).offsets()) {
            if (Map.of("table", table, "protocol", "1").equals(o.partition()) && o.offset() != null) {
                return String.valueOf(o.offset().get("phase"));
            }
        }
        return "none";
    }

    private static void awaitPhase(String connector, String table, String phase) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!phase.equals(ownerPhase(connector, table))) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("table " + table + " is in phase " + ownerPhase(connector, table)
                        + ", expected " + phase);
            }
            Thread.sleep(300);
        }
    }
}
