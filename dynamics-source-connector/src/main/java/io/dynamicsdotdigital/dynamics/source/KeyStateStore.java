package io.dynamicsdotdigital.dynamics.source;

import java.util.Collection;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Durable record of which rows of each table are in Kafka's view (their last record an upsert, not a tombstone), so
 * a task that starts, or a table read again after its delta token expired, can tell which rows were deleted while no
 * task looked. Entries are written before the records that need them are handed to the worker (presents) or after
 * the worker committed the tombstone (absents), so the stored set is never smaller than Kafka's view: a crash can
 * only repeat a tombstone, never lose one.
 */
interface KeyStateStore extends AutoCloseable {
    /**
     * The stored keys of the given tables.
     *
     * @param snapshotEpochs per table, the epoch of the snapshot its stored offset is in the middle of (0 for none);
     *                       the rows already seen by that snapshot are returned apart
     */
    default Map<String, StoredKeys> load(Collection<String> tables, Map<String, Long> snapshotEpochs) {
        return load(tables, snapshotEpochs, entry -> { });
    }

    /**
     * The stored keys of the given tables, handing every entry of the store to {@code otherEntries} as well (the
     * dynamic-list members share the topic), so a task reads the store once.
     */
    Map<String, StoredKeys> load(Collection<String> tables, Map<String, Long> snapshotEpochs,
                                 Consumer<ConsumerRecord<byte[], byte[]>> otherEntries);

    /** Records that the row is in Kafka's view; {@code keyValues} empty when the row's key is its id. */
    void present(String table, String id, long epoch, Collection<String> keyValues);

    /** Records that the row's tombstone was committed. */
    void absent(String table, String id);

    /** Blocks until every entry written so far is stored; throws when one could not be. */
    void flush();

    @Override
    void close();

    /** Stored entries of a table: every row present, and those a snapshot in progress already saw. */
    record StoredKeys(RowIdSet present, Map<String, String[]> presentKeys, RowIdSet seen,
                      Map<String, String[]> seenKeys) {
        static StoredKeys empty() {
            return new StoredKeys(new RowIdSet(), new java.util.HashMap<>(), new RowIdSet(), new java.util.HashMap<>());
        }

        boolean isEmpty() {
            return present.size() == 0 && presentKeys.isEmpty();
        }
    }
}
