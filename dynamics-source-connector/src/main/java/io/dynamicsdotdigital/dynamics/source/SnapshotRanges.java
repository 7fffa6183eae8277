package io.dynamicsdotdigital.dynamics.source;

import java.util.Locale;

/**
 * Splits the primary-key space of a table into N ranges by the first 32 bits of the GUID. A primary key never
 * changes, so every row falls in exactly one range however it is edited during the snapshot; the bounds need no
 * read of the data. Balance follows how the keys spread over that space: even for random GUIDs, and for
 * Dataverse's sequential GUIDs as far as the server compares GUIDs by their first group (see docs/benchmarks.md).
 */
final class SnapshotRanges {
    private static final long SPACE = 1L << 32;

    private SnapshotRanges() {
    }

    /** The OData filter selecting range {@code index} of {@code ranges} on {@code keyColumn}; empty for one range. */
    static String filter(String keyColumn, int index, int ranges) {
        if (index < 0 || index >= ranges) {
            throw new IllegalArgumentException("range " + index + " of " + ranges);
        }
        StringBuilder f = new StringBuilder();
        if (index > 0) {
            f.append(keyColumn).append(" ge ").append(bound(index, ranges));
        }
        if (index < ranges - 1) {
            if (f.length() > 0) {
                f.append(" and ");
            }
            f.append(keyColumn).append(" lt ").append(bound(index + 1, ranges));
        }
        return f.toString();
    }

    /** The lowest key of range {@code index}. */
    static String bound(int index, int ranges) {
        long first = index * SPACE / ranges;
        return String.format(Locale.ROOT, "%08x-0000-0000-0000-000000000000", first);
    }
}
