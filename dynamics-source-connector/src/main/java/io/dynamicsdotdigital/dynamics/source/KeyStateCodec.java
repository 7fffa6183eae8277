package io.dynamicsdotdigital.dynamics.source;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

/**
 * Bytes of a key-state entry, written with the connector's own serializers so neither the worker's converters nor
 * transforms can change them. Key: {@code <table> NUL <primary id>}. Value: {@code <epoch>} then, for rows keyed
 * otherwise than by their id (list members), {@code NUL <key column value>} per key column; null for a row whose
 * tombstone was committed (compaction then drops the entry).
 */
final class KeyStateCodec {
    private static final char SEPARATOR = '\u0000';

    private KeyStateCodec() {
    }

    static byte[] key(String table, String id) {
        return (table + SEPARATOR + id).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] value(long epoch, Collection<String> keyValues) {
        StringBuilder s = new StringBuilder().append(epoch);
        for (String v : keyValues) {
            s.append(SEPARATOR).append(v);
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The table and id of a key; null when the bytes are not a key-state key. */
    static String[] tableAndId(byte[] key) {
        if (key == null) {
            return null;
        }
        String s = new String(key, StandardCharsets.UTF_8);
        int at = s.indexOf(SEPARATOR);
        return at <= 0 ? null : new String[] {s.substring(0, at), s.substring(at + 1)};
    }

    /** A decoded present entry: the snapshot epoch it was written in and its key column values (empty for ids). */
    record Present(long epoch, List<String> keyValues) {
    }

    /** Throws IllegalArgumentException when the bytes are not a present entry. */
    static Present present(byte[] value) {
        String[] parts = new String(value, StandardCharsets.UTF_8).split(String.valueOf(SEPARATOR), -1);
        try {
            return new Present(Long.parseLong(parts[0]), List.of(parts).subList(1, parts.length));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a key-state value must start with an epoch number");
        }
    }
}
