package io.dynamicsdotdigital.dynamics.offsets;

import java.util.Map;
import java.util.Set;

/** The source partition of a table: {@code {"table": <logical name>, "protocol": "1"}}. */
public final class SourcePartitions {
    public static final String TABLE = "table";
    public static final String PROTOCOL = "protocol";
    /** Bumped when the offset format changes, so a later version can still read old offsets. */
    public static final String CURRENT_PROTOCOL = "1";

    private SourcePartitions() {
    }

    public static Map<String, Object> of(String table) {
        return Map.of(TABLE, table, PROTOCOL, CURRENT_PROTOCOL);
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
