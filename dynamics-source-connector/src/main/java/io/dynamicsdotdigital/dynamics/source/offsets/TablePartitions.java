package io.dynamicsdotdigital.dynamics.source.offsets;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The source partition of a table: {@code {"table": <logical name>, "protocol": "1"}}. */
public final class TablePartitions {
    public static final String TABLE = "table";
    public static final String PROTOCOL = "protocol";
    /** Bumped when the offset format changes, so a later version can still read old offsets. */
    public static final String CURRENT_PROTOCOL = "1";

    private TablePartitions() {
    }

    /**
     * Connect stores offsets under the serialized bytes of this map, and when it lists, alters or resets offsets it
     * rebuilds partitions as default-sized HashMaps and serializes them again. Only the same iteration order gives
     * the same bytes, so this is a default-sized HashMap too (Map.of, or a HashMap of another capacity, iterates
     * "table" and "protocol" in another order, and the REST API would then miss the stored offsets).
     */
    public static Map<String, Object> of(String table) {
        Map<String, Object> partition = new HashMap<>();
        partition.put(TABLE, table);
        partition.put(PROTOCOL, CURRENT_PROTOCOL);
        return partition;
    }

    /** The table named by a partition; throws with a clear message when the partition is malformed. */
    public static String table(Map<String, ?> partition) {
        if (partition == null) {
            throw new IllegalArgumentException("the source partition is missing");
        }
        for (String key : partition.keySet()) {
            if (!Set.of(TABLE, PROTOCOL).contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "' in source partition " + partition
                        + "; expected {\"table\": <logical name>, \"protocol\": \"1\"}");
            }
        }
        Object table = partition.get(TABLE);
        if (!(table instanceof String name) || name.isBlank()) {
            throw new IllegalArgumentException("source partition " + partition + " has no \"table\" string");
        }
        Object protocol = partition.get(PROTOCOL);
        if (!CURRENT_PROTOCOL.equals(String.valueOf(protocol))) {
            throw new IllegalArgumentException("source partition " + partition + " has protocol " + protocol
                    + "; this connector version reads protocol " + CURRENT_PROTOCOL);
        }
        return name;
    }
}
