package io.dynamicsdotdigital.dynamics.source.offsets;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The source partition of a table: {@code {"table": <logical name>, "protocol": "1"}}; range i (1..N-1) of a
 * parallel snapshot adds {@code "range": "i"}.
 */
public final class TablePartitions {
    public static final String TABLE = "table";
    public static final String PROTOCOL = "protocol";
    public static final String RANGE = "range";
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

    /** The partition of range {@code index} of a table's parallel snapshot; range 0 is the table's own partition. */
    public static Map<String, Object> ofRange(String table, int index) {
        if (index == 0) {
            return of(table);
        }
        Map<String, Object> partition = of(table);
        partition.put(RANGE, Integer.toString(index));
        return partition;
    }

    /** The range a partition names: 0 for a table's own partition. */
    public static int range(Map<String, ?> partition) {
        Object range = partition.get(RANGE);
        if (range == null) {
            return 0;
        }
        try {
            int index = Integer.parseInt(range.toString());
            if (index >= 1) {
                return index;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("source partition " + partition + " has \"range\" " + range
                + "; expected a whole number from 1");
    }

    /** The table named by a partition; throws with a clear message when the partition is malformed. */
    public static String table(Map<String, ?> partition) {
        if (partition == null) {
            throw new IllegalArgumentException("the source partition is missing");
        }
        for (String key : partition.keySet()) {
            if (!Set.of(TABLE, PROTOCOL, RANGE).contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "' in source partition " + partition
                        + "; expected {\"table\": <logical name>, \"protocol\": \"1\"} (and \"range\" for a"
                        + " range of a parallel snapshot)");
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
        range(partition);
        return name;
    }
}
