package io.dynamicsdotdigital.dynamics.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The key state of a 1,000,000-row table: time to write it to the key-state topic and to read it back at a task
 * start, the topic's bytes per key, and the heap of the loaded keys (the compact {@link RowIdSet}). Run with
 * {@code mvn -pl dynamics-source-connector -am verify -Dtest=KeyStateBenchmark -DexcludedGroups= -Dgroups=benchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class KeyStateBenchmark {
    static final int ROWS = 1_000_000;
    static final String TOPIC = "bench-key-state";

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    @Test
    void aMillionKeysWrittenLoadedAndHeldCompactly() throws Exception {
        Properties broker = new Properties();
        EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, broker);
        kafka.start();
        try {
            Map<String, Object> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
            Random random = new Random(14);
            long started = System.nanoTime();
            try (KafkaKeyStateStore store = new KafkaKeyStateStore(TOPIC, client, "bench-writer")) {
                for (int i = 0; i < ROWS; i++) {
                    store.present("contact", new UUID(random.nextLong(), random.nextLong()).toString(), 0, List.of());
                    if (i % 5000 == 4999) {
                        // One flush per 5000-row page, as the task does.
                        store.flush();
                    }
                }
                store.flush();
            }
            double writeSeconds = (System.nanoTime() - started) / 1e9;

            long topicBytes;
            try (Admin admin = Admin.create(client)) {
                topicBytes = 0;
                for (LogDirDescription dir : admin.describeLogDirs(List.of(0)).allDescriptions().get().get(0)
                        .values()) {
                    ReplicaInfo info = dir.replicaInfos().get(new TopicPartition(TOPIC, 0));
                    if (info != null) {
                        topicBytes += info.size();
                    }
                }
            }

            long before = usedHeap();
            started = System.nanoTime();
            Map<String, KeyStateStore.StoredKeys> loaded;
            try (KafkaKeyStateStore store = new KafkaKeyStateStore(TOPIC, client, "bench-reader")) {
                loaded = store.load(List.of("contact"), Map.of());
            }
            double loadSeconds = (System.nanoTime() - started) / 1e9;
            long heap = usedHeap() - before;
            assertEquals(ROWS, loaded.get("contact").present().size());

            System.out.printf("Key state of 1,000,000 rows: write %.1f s (%.0f keys/s, a flush per 5000), topic %.1f"
                            + " bytes/key (%d MB before compaction), load at start %.1f s (%.0f keys/s), heap %.1f"
                            + " bytes/key (%d MB)%n", writeSeconds, ROWS / writeSeconds, topicBytes / (double) ROWS,
                    topicBytes >> 20, loadSeconds, ROWS / loadSeconds, heap / (double) ROWS, heap >> 20);
            assertTrue(heap / (double) ROWS < 48, "loaded keys took " + heap / (double) ROWS + " bytes per key");
        } finally {
            kafka.stop();
        }
    }
}
