package io.dynamicsdotdigital.dotdigital.source;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * The offsets of the task's source partitions. Once a partition has been read its offset in memory is the truth
 * (Connect's offset store may not have caught up with the records returned); a partition not read yet is looked up
 * in the offset store.
 *
 * <p>To bound the heap, the offset of a campaign partition whose read is over is dropped from memory once Connect
 * holds the same state: the last offset returned for it was a completed read's (not a read in progress), every
 * record returned for it has been acknowledged ({@link #acknowledged}) and two offset commits ({@link #committed})
 * have followed, so the flush that began after the last acknowledgement is done. Its next read (when the campaign
 * has new activity) looks the offset up in the store again. A partition whose store holds a read in progress (the
 * read's last pages emitted nothing, so no record carried its end) stays in memory: reloading it would resume that
 * old read on every cycle.
 *
 * <p>Offsets are read and written on the task thread; acknowledgements and commits arrive on Connect's threads.
 */
final class PartitionOffsets implements CyclePlanner.OffsetLookup {
    private final Map<Map<String, String>, StreamOffset> state = new HashMap<>();
    private final Supplier<OffsetStorageReader> store;
    /** Campaign partitions held in memory with no read in progress: candidates for eviction (task thread). */
    private final Set<Map<String, String>> idle = new HashSet<>();
    /** Records returned and not yet acknowledged, per partition. */
    private final Map<Map<String, ?>, AtomicLong> unacknowledged = new ConcurrentHashMap<>();
    /** The commit count when a partition's last outstanding record was acknowledged. */
    private final Map<Map<String, ?>, Long> settledAtCommit = new ConcurrentHashMap<>();
    /** Partitions whose last offset given to Connect is a completed read's (task thread). */
    private final Set<Map<String, String>> storedComplete = new HashSet<>();
    private final AtomicLong commits = new AtomicLong();
    private long commitsAtLastEviction;

    /** @param store Connect's offset reader, or a supplier of null outside a worker */
    PartitionOffsets(Supplier<OffsetStorageReader> store) {
        this.store = store;
    }

    /** Offsets from memory, else from Connect's offset store; partitions never read are absent. */
    @Override
    public Map<Map<String, String>, StreamOffset> offsets(Collection<Map<String, String>> partitions) {
        Map<Map<String, String>, StreamOffset> out = new HashMap<>();
        List<Map<String, String>> missing = new ArrayList<>();
        for (Map<String, String> p : partitions) {
            StreamOffset o = state.get(p);
            if (o != null) {
                out.put(p, o);
            } else {
                missing.add(p);
            }
        }
        OffsetStorageReader reader = missing.isEmpty() ? null : store.get();
        if (reader != null) {
            for (Map.Entry<Map<String, String>, Map<String, Object>> e : reader.offsets(missing).entrySet()) {
                if (e.getValue() != null) {
                    StreamOffset o = parse(e.getKey(), e.getValue());
                    state.put(e.getKey(), o);
                    out.put(e.getKey(), o);
                    markIdle(e.getKey());
                    if (o.progress() == null) {
                        storedComplete.add(e.getKey());
                    }
                }
            }
        }
        return out;
    }

    /** The offset of one partition, or null when it was never read. */
    StreamOffset offset(Map<String, String> partition) {
        return offsets(List.of(partition)).get(partition);
    }

    void update(Map<String, String> partition, StreamOffset offset) {
        state.put(partition, offset);
    }

    /** A read of the partition begins: its offset stays in memory until the read is over. */
    void readStarted(Map<String, String> partition) {
        idle.remove(partition);
    }

    /** The read of the partition is over. */
    void readFinished(Map<String, String> partition) {
        markIdle(partition);
    }

    private void markIdle(Map<String, String> partition) {
        if (StreamPartitions.campaignScoped(partition)) {
            idle.add(partition);
        }
    }

    /** The task returned {@code count} records of the partition to Connect, the last with offset {@code last}. */
    void returned(Map<String, String> partition, int count, Map<String, Object> last) {
        if (count > 0) {
            if (last.containsKey(StreamOffset.SINCE)) {
                storedComplete.remove(partition);
            } else {
                storedComplete.add(partition);
            }
            unacknowledged.computeIfAbsent(partition, p -> new AtomicLong()).addAndGet(count);
            settledAtCommit.remove(partition);
        }
    }

    /** Connect acknowledged one record of the partition (sent, or dropped by a transformation or error policy). */
    void acknowledged(Map<String, ?> partition) {
        AtomicLong open = unacknowledged.get(partition);
        if (open != null && open.decrementAndGet() == 0) {
            settledAtCommit.put(partition, commits.get());
        }
    }

    /** Connect stored the offsets of the records acknowledged before the flush began. */
    void committed() {
        commits.incrementAndGet();
    }

    /**
     * Drops idle campaign partitions whose offsets Connect has stored (see the class comment); cheap when no commit
     * happened since the last call.
     *
     * @return the number of partitions dropped
     */
    int evictStored() {
        long now = commits.get();
        if (now == commitsAtLastEviction) {
            return 0;
        }
        commitsAtLastEviction = now;
        int evicted = 0;
        for (Iterator<Map<String, String>> it = idle.iterator(); it.hasNext(); ) {
            Map<String, String> p = it.next();
            AtomicLong open = unacknowledged.get(p);
            Long settled = settledAtCommit.get(p);
            boolean flushed = open == null || open.get() == 0 && settled != null && settled <= now - 2;
            if (flushed && storedComplete.contains(p)) {
                it.remove();
                state.remove(p);
                storedComplete.remove(p);
                if (open != null) {
                    unacknowledged.remove(p);
                    settledAtCommit.remove(p);
                }
                evicted++;
            }
        }
        return evicted;
    }

    /** Partitions held in memory. */
    int size() {
        return state.size();
    }

    private static StreamOffset parse(Map<String, String> partition, Map<String, Object> stored) {
        try {
            return StreamOffset.fromMap(stored);
        } catch (IllegalArgumentException bad) {
            throw new ConnectException("Stored offset of source partition " + partition + " is not usable: "
                    + bad.getMessage() + "; fix or reset it through the Connect offsets REST API");
        }
    }
}
