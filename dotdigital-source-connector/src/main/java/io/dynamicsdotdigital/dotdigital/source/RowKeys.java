package io.dynamicsdotdigital.dotdigital.source;

import java.nio.charset.StandardCharsets;

/**
 * Short, stable hashes of a row's identity (natural key plus, for rows that change, their content) to keep in
 * offsets. 64-bit FNV-1a: a collision needs about four billion rows in one overlap window.
 */
final class RowKeys {
    private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private RowKeys() {
    }

    static String hash(String identity) {
        long h = OFFSET_BASIS;
        for (byte b : identity.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= PRIME;
        }
        return Long.toUnsignedString(h, 36);
    }
}
