package io.dynamicsdotdigital.dynamics.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dynamicsdotdigital.emulator.dataverse.DataverseSeed;
import io.dynamicsdotdigital.testsupport.ConnectClusters;
import io.dynamicsdotdigital.testsupport.DataverseEmulatorFixture;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 part 1: one large table snapshotted by 1 task and by 8 tasks (8 primary-key ranges) in a real Connect
 * worker, the emulator serving every request with a fixed latency. Prints one {@code BENCH} line per run. Sizes from
 * system properties: {@code bench.rows} (1,000,000), {@code bench.latency.ms} (1000), {@code bench.tasks} (8).
 * Needs a large heap for the emulator's rows: {@code -Dbenchmark.heap=6g}.
 */
@Tag("benchmark")
class ParallelSnapshotBenchmark {
    static final int ROWS = Integer.getInteger("bench.rows", 1_000_000);
    static final long LATENCY_MS = Long.getLong("bench.latency.ms", 1000);
    static final int TASKS = Integer.getInteger("bench.tasks", 8);

    @Test
    void manyTasksSnapshotOneLargeTableFasterThanOne() throws Exception {
        long seedStart = System.nanoTime();
        try (DataverseEmulatorFixture fixture = new DataverseEmulatorFixture(DataverseSeed.defaults().contacts(ROWS)
                .leads(0).accounts(0).marketingLists(0).campaigns(0).randomSeed(19))) {
            fixture.emulator.processingTime(Duration.ofMillis(LATENCY_MS));
            System.out.printf("BENCH setup: %d contacts seeded in %.1f s; %d ms per API request%n", ROWS,
                    (System.nanoTime() - seedStart) / 1e9, LATENCY_MS);
            Map<String, String> worker = new HashMap<>();
            worker.put("exactly.once.source.support", "disabled");
            worker.put("offset.flush.interval.ms", "1000");
            worker.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
            worker.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
            worker.put("key.converter.schemas.enable", "false");
            worker.put("value.converter.schemas.enable", "false");
            EmbeddedConnectCluster connect = ConnectClusters.start("parallel-snapshot-bench", 1, worker);
            try {
                Run one = run(connect, fixture, "one", 1);
                Run many = run(connect, fixture, "many", TASKS);
                System.out.printf("BENCH parallel-snapshot ratio: %d tasks %.2fx faster than 1 task (target >= 6x"
                        + " at 1,000,000 rows and 1 s per page)%n", TASKS, one.seconds / many.seconds);
            } finally {
                connect.stop();
            }
        }
    }

    private record Run(double seconds, long calls) {
    }

    /** Snapshots the contact table with {@code tasks} tasks; checks every row arrived once. */
    private static Run run(EmbeddedConnectCluster connect, DataverseEmulatorFixture fixture, String name, int tasks)
            throws Exception {
        ClusterTopics topics = new ClusterTopics(connect);
        Map<String, String> p = EmulatorSourceProps.of(fixture, name);
        p.put("tables", "contact");
        p.put("topic.prefix", name);
        p.put("tasks.max", Integer.toString(tasks));
        p.put("snapshot.parallelism", Integer.toString(tasks));
        p.put("dynamics.max.concurrent.requests", Integer.toString(Math.max(4, tasks)));
        p.put("poll.interval.ms", "60000");
        p.put("topic.creation.default.replication.factor", "1");
        p.put("topic.creation.default.partitions", "1");
        String topic = name + ".contact";
        long callsBefore = fixture.emulator.requests().count("GET /api/data/v9.2/contacts");
        long start = System.nanoTime();
        connect.configureConnector(name, p);
        long deadline = System.currentTimeMillis() + Duration.ofMinutes(30).toMillis();
        while (topics.count(topic) < ROWS) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(topic + " has " + topics.count(topic) + " of " + ROWS + " rows");
            }
            Thread.sleep(200);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long calls = fixture.emulator.requests().count("GET /api/data/v9.2/contacts") - callsBefore;
        connect.deleteConnector(name);
        Set<UUID> keys = new HashSet<>(ROWS * 2);
        long[] records = {0};
        topics.forEach(topic, r -> {
            records[0]++;
            keys.add(UUID.fromString(ClusterTopics.json(r.key()).path("contactid").asText()));
        });
        assertEquals(ROWS, keys.size(), "distinct rows in " + topic);
        System.out.printf("BENCH parallel-snapshot tasks=%d rows=%d latency_ms=%d seconds=%.1f rows_per_s=%.0f"
                        + " calls=%d calls_per_10k_rows=%.1f records=%d duplicates=%d%n", tasks, ROWS, LATENCY_MS,
                seconds, ROWS / seconds, calls, calls * 10_000.0 / ROWS, records[0], records[0] - ROWS);
        return new Run(seconds, calls);
    }
}
