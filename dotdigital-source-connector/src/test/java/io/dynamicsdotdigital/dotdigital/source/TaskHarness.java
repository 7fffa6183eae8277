package io.dynamicsdotdigital.dotdigital.source;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamicsdotdigital.testsupport.TaskContexts;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Runs a real {@link DotdigitalSourceTask} outside a worker: the offsets of returned records are committed as JSON
 * (as Connect's offset store does), so a new task started on the same harness resumes from them.
 */
final class TaskHarness {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, String> committed = new HashMap<>();

    DotdigitalSourceTask start(Map<String, String> connectorProps) {
        return start(connectorProps, new DotdigitalSourceTask());
    }

    /** Starts the given task (for example one made with an in-memory client) as task 0 of one. */
    DotdigitalSourceTask start(Map<String, String> connectorProps, DotdigitalSourceTask task) {
        DotdigitalSourceConnector connector = new DotdigitalSourceConnector();
        connector.start(connectorProps);
        Map<String, String> taskProps = connector.taskConfigs(1).get(0);
        task.initialize(TaskContexts.source(taskProps, new CommittedOffsets()));
        task.start(taskProps);
        return task;
    }

    /** Polls until the task completes one more sync cycle, committing the offsets of what it returns. */
    List<SourceRecord> pollCycle(DotdigitalSourceTask task, int maxPolls) throws InterruptedException {
        List<SourceRecord> out = new ArrayList<>();
        long target = task.completedCycles() + 1;
        for (int i = 0; i < maxPolls && task.completedCycles() < target; i++) {
            List<SourceRecord> batch = task.poll();
            if (batch != null) {
                commitLastPerPartition(batch);
                out.addAll(batch);
            }
        }
        if (task.completedCycles() < target) {
            throw new AssertionError("no complete sync cycle within " + maxPolls + " polls");
        }
        return out;
    }

    /** Polls {@code polls} times, committing offsets, and returns what came back. */
    List<SourceRecord> poll(DotdigitalSourceTask task, int polls) throws InterruptedException {
        List<SourceRecord> out = new ArrayList<>();
        for (int i = 0; i < polls; i++) {
            List<SourceRecord> batch = task.poll();
            if (batch != null) {
                commitLastPerPartition(batch);
                out.addAll(batch);
            }
        }
        return out;
    }

    /**
     * As a worker once the records are sent and their offsets flushed: each record acknowledged
     * ({@code commitRecord}), the offsets stored, then {@code commit()}.
     */
    void acknowledgeAndCommit(DotdigitalSourceTask task, List<SourceRecord> records) {
        records.forEach(r -> task.commitRecord(r, null));
        commitLastPerPartition(records);
        task.commit();
    }

    /** As a worker's offset flush: the latest offset of each partition, serialized once. */
    void commitLastPerPartition(List<SourceRecord> batch) {
        Map<Map<String, ?>, SourceRecord> last = new HashMap<>();
        for (SourceRecord r : batch) {
            last.put(r.sourcePartition(), r);
        }
        last.values().forEach(this::commit);
    }

    void commit(SourceRecord r) {
        try {
            committed.put(key(r.sourcePartition()), JSON.writeValueAsString(r.sourceOffset()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String key(Map<?, ?> partition) throws Exception {
        return JSON.writeValueAsString(new java.util.TreeMap<>(partition));
    }

    int committedPartitions() {
        return committed.size();
    }

    /** The committed offsets as a worker's offset reader sees them: read back from their stored JSON. */
    private final class CommittedOffsets extends AbstractMap<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> get(Object partition) {
            try {
                String stored = committed.get(key((Map<?, ?>) partition));
                return stored == null ? null : JSON.readValue(stored, new TypeReference<Map<String, Object>>() { });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public Set<Entry<Map<String, Object>, Map<String, Object>>> entrySet() {
            throw new UnsupportedOperationException("the offset reader only looks partitions up");
        }
    }
}
