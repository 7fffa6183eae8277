package io.dynamicsdotdigital.dynamics.source;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * A task's side of the key state: rows emitted are recorded before their records go to the worker, tombstones once
 * the worker reports them committed ({@code SourceTask.commitRecord}, which with exactly-once support comes after
 * the transaction committed). {@link #DISABLED} when no key-state topic is configured.
 */
final class KeyStateLog {
    static final KeyStateLog DISABLED = new KeyStateLog(null);

    private final KeyStateStore store;
    /** Tombstones handed to the worker and not yet committed, by identity: table and id. */
    private final Map<SourceRecord, String[]> pendingTombstones = Collections.synchronizedMap(new IdentityHashMap<>());

    KeyStateLog(KeyStateStore store) {
        this.store = store;
    }

    boolean enabled() {
        return store != null;
    }

    /** The row is (or stays) in Kafka's view; {@code keyOrNull} null when its key is its id. */
    void present(String table, String id, long epoch, Struct keyOrNull) {
        if (store != null) {
            store.present(table, id, epoch, keyValues(keyOrNull));
        }
    }

    void tombstone(SourceRecord tombstone, String table, String id) {
        if (store != null) {
            pendingTombstones.put(tombstone, new String[] {table, id});
        }
    }

    /** The same tombstone with another offset replaced {@code from}. */
    void moved(SourceRecord from, SourceRecord to) {
        String[] tableAndId = store == null ? null : pendingTombstones.remove(from);
        if (tableAndId != null) {
            pendingTombstones.put(to, tableAndId);
        }
    }

    /** The worker committed the record (or a transform dropped it). */
    void committed(SourceRecord record) {
        String[] tableAndId = store == null ? null : pendingTombstones.remove(record);
        if (tableAndId != null) {
            store.absent(tableAndId[0], tableAndId[1]);
        }
    }

    /** Blocks until every present entry is stored, so the records of this poll may go to the worker. */
    void flush() {
        if (store != null) {
            store.flush();
        }
    }

    void close() {
        if (store != null) {
            store.close();
        }
    }

    private static List<String> keyValues(Struct key) {
        if (key == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Field f : key.schema().fields()) {
            Object v = key.get(f);
            out.add(v == null ? "" : v.toString());
        }
        return out;
    }
}
