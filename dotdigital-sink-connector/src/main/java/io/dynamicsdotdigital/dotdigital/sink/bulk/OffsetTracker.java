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
        /**
         * offset -> estimated heap bytes while unfinished, FINISHED once finished; oldest first, finished offsets at
         * the head are dropped as they are passed.
         */
        final TreeMap<Long, Long> open = new TreeMap<>();
        long committable = -1;
    }

    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
    private static final Long FINISHED = -1L;

    private int openCount;
    private long openBytes;

    /** @return false when the record was tracked before (a redelivery) */
    public boolean track(TopicPartition tp, long offset) {
        return track(tp, offset, 0);
    }

    /**
     * @param estimatedBytes the heap the record holds until it is finished, counted in {@link #openBytes()}
     * @return false when the record was tracked before (a redelivery)
     */
    public boolean track(TopicPartition tp, long offset, long estimatedBytes) {
        PartitionState s = partitions.computeIfAbsent(tp, k -> new PartitionState());
        if (offset < s.committable || s.open.containsKey(offset)) {
            return false;
        }
        long bytes = Math.max(0, estimatedBytes);
        s.open.put(offset, bytes);
        openCount++;
        openBytes += bytes;
        return true;
    }

    /** Forgets an unfinished record, so it is tracked again when redelivered. */
    public void untrack(TopicPartition tp, long offset) {
        PartitionState s = partitions.get(tp);
        Long bytes = s == null ? null : s.open.get(offset);
        if (bytes != null && bytes >= 0) {
            s.open.remove(offset);
            openCount--;
            openBytes -= bytes;
        }
    }

    public void finished(TopicPartition tp, long offset) {
        PartitionState s = partitions.get(tp);
        if (s == null) {
            return;
        }
        Long bytes = s.open.get(offset);
        if (bytes == null || bytes < 0) {
            return;
        }
        s.open.put(offset, FINISHED);
        openBytes -= bytes;
        Iterator<Map.Entry<Long, Long>> it = s.open.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Long> head = it.next();
            if (head.getValue() >= 0) {
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

    /** Estimated heap held by the records accepted but not finished. */
    public long openBytes() {
        return openBytes;
    }

    public void forget(Collection<TopicPartition> revoked) {
        for (TopicPartition tp : revoked) {
            PartitionState s = partitions.remove(tp);
            if (s != null) {
                openCount -= s.open.size();
                for (long bytes : s.open.values()) {
                    openBytes -= Math.max(0, bytes);
                }
            }
        }
    }
}
