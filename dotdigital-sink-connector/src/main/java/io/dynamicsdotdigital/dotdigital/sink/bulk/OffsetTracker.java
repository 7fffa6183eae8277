package io.dynamicsdotdigital.dotdigital.sink.bulk;

import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which records of each partition are finished (imported, applied or reported). The committable offset of a
 * partition is one past the last record of the unbroken finished run from the oldest record on, so a crash never
 * skips a record whose import had not finished.
 */
public final class OffsetTracker {
    private static final class PartitionState {
        /** offset -> finished, oldest first; finished offsets at the head are dropped as they are passed. */
        final TreeMap<Long, Boolean> open = new TreeMap<>();
        long committable = -1;
    }

    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
    private int openCount;

    /** @return false when the record was tracked before (a redelivery) */
    public boolean track(TopicPartition tp, long offset) {
        PartitionState s = partitions.computeIfAbsent(tp, k -> new PartitionState());
        if (offset < s.committable || s.open.containsKey(offset)) {
            return false;
        }
        s.open.put(offset, Boolean.FALSE);
        openCount++;
        return true;
    }

    /** Forgets an unfinished record, so it is tracked again when redelivered. */
    public void untrack(TopicPartition tp, long offset) {
        PartitionState s = partitions.get(tp);
        if (s != null && Boolean.FALSE.equals(s.open.get(offset))) {
            s.open.remove(offset);
            openCount--;
        }
    }

    public void finished(TopicPartition tp, long offset) {
        PartitionState s = partitions.get(tp);
        if (s == null) {
            return;
        }
        Boolean was = s.open.get(offset);
        if (was == null || was) {
            return;
        }
        s.open.put(offset, Boolean.TRUE);
        Iterator<Map.Entry<Long, Boolean>> it = s.open.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Boolean> head = it.next();
            if (!head.getValue()) {
                break;
            }
            s.committable = head.getKey() + 1;
            it.remove();
            openCount--;
        }
    }

    /** Offsets safe to commit, for the partitions where some record finished. */
    public Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> assigned) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition tp : assigned) {
            PartitionState s = partitions.get(tp);
            if (s != null && s.committable >= 0) {
                out.put(tp, new OffsetAndMetadata(s.committable));
            }
        }
        return out;
    }

    /** Records accepted but not finished. */
    public int openRecords() {
        return openCount;
    }

    public void forget(Collection<TopicPartition> revoked) {
        for (TopicPartition tp : revoked) {
            PartitionState s = partitions.remove(tp);
            if (s != null) {
                openCount -= s.open.size();
            }
        }
    }
}
