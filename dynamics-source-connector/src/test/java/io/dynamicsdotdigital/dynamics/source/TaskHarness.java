package io.dynamicsdotdigital.dynamics.source;

import io.dynamicsdotdigital.testsupport.TaskContexts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Runs a real {@link DynamicsSourceTask} the way a worker does, without Kafka: offsets of returned records count as
 * acknowledged (stored) at once, and a new task reads them back at start.
 */
final class TaskHarness implements AutoCloseable {
    final Map<Map<String, Object>, Map<String, Object>> stored;
    final List<SourceRecord> records = new ArrayList<>();
    DynamicsSourceTask task;
    private Map<String, String> props;

    TaskHarness() {
        this(new HashMap<>());
    }

    /** @param stored the offset store, shared with other harnesses when tasks of one connector run side by side */
    TaskHarness(Map<Map<String, Object>, Map<String, Object>> stored) {
        this.stored = stored;
    }

    TaskHarness start(Map<String, String> connectorProps, String tables) {
        props = new HashMap<>(connectorProps);
        props.put(DynamicsSourceConnector.TASK_TABLES, tables);
        restart();
        return this;
    }

    /** Stops the task and starts a new one from the stored offsets. */
    void restart() {
        if (task != null) {
            task.stop();
        }
        task = new DynamicsSourceTask();
        task.initialize(TaskContexts.source(props, stored));
        task.start(props);
    }

    /** Polls, storing each record's offset as a worker would after Kafka acknowledged it, until done or timeout. */
    List<SourceRecord> pollUntil(Predicate<List<SourceRecord>> done, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!done.test(records)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not done within " + max + "; " + records.size() + " records so far");
            }
            List<SourceRecord> batch = task.poll();
            if (batch != null) {
                for (SourceRecord r : batch) {
                    records.add(r);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> partition = (Map<String, Object>) r.sourcePartition();
                    @SuppressWarnings("unchecked")
                    Map<String, Object> offset = (Map<String, Object>) r.sourceOffset();
                    stored.put(partition, offset);
                }
            }
        }
        return records;
    }

    /** One poll that returns records (or fails after {@code max}). */
    List<SourceRecord> pollPage(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            List<SourceRecord> batch = task.poll();
            if (batch != null && !batch.isEmpty()) {
                return batch;
            }
        }
        throw new AssertionError("no records within " + max);
    }

    @Override
    public void close() {
        if (task != null) {
            task.stop();
        }
    }
}
