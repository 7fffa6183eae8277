package io.dynamicsdotdigital.dotdigital.source;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * The offsets of the task's source partitions. Once a partition has been read its offset in memory is the truth
 * (Connect's offset store may not have caught up with the records returned); a partition not read yet is looked up
 * in the offset store.
 */
final class PartitionOffsets implements CyclePlanner.OffsetLookup {
    private final Map<Map<String, String>, StreamOffset> state = new HashMap<>();
    private final Supplier<OffsetStorageReader> store;

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
