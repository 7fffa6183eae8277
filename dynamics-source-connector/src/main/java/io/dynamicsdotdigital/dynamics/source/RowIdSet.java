package io.dynamicsdotdigital.dynamics.source;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.connect.data.Struct;

/**
 * Row ids known to exist, with the record key of rows keyed otherwise than by their id. Ids in Dataverse's canonical
 * form (lower-case GUIDs) are kept as two longs in an open-addressing table, about 32 bytes per id instead of about
 * 130 for a String in a HashMap, so a million-row watermark table costs about 32 MB, not 130 MB. Other ids, and rows
 * whose key is not their id, go to an ordinary map.
 */
final class RowIdSet {
    private static final int MIN_CAPACITY = 16;

    private long[] hi = new long[MIN_CAPACITY];
    private long[] lo = new long[MIN_CAPACITY];
    private boolean[] used = new boolean[MIN_CAPACITY];
    private int guids;
    private final Map<String, Struct> others = new HashMap<>();

    /** Remembers a row; {@code key} null when the row's key is its id. */
    void put(String id, Struct key) {
        if (key == null && isCanonicalGuid(id)) {
            add(high(id), low(id));
        } else {
            others.put(id, key);
        }
    }

    boolean contains(String id) {
        if (isCanonicalGuid(id) && slotOf(high(id), low(id)) >= 0) {
            return true;
        }
        return others.containsKey(id);
    }

    /** Forgets a row; its record key, or null when it was unknown or keyed by its id. */
    Struct remove(String id) {
        if (isCanonicalGuid(id)) {
            int slot = slotOf(high(id), low(id));
            if (slot >= 0) {
                delete(slot);
                return null;
            }
        }
        return others.remove(id);
    }

    int size() {
        return guids + others.size();
    }

    /** Every row: id and key (null where the key is the id). */
    void forEach(BiConsumer<String, Struct> action) {
        for (int i = 0; i < used.length; i++) {
            if (used[i]) {
                action.accept(format(hi[i], lo[i]), null);
            }
        }
        others.forEach(action);
    }

    void putAll(RowIdSet other) {
        other.forEach(this::put);
    }

    /** Bytes of heap held by the GUID table (the ordinary map not counted), for the benchmark. */
    long tableBytes() {
        return (long) used.length * (8 + 8 + 1);
    }

    private void add(long h, long l) {
        if ((guids + 1) * 4L > used.length * 3L) {
            grow();
        }
        int mask = used.length - 1;
        int i = mix(h, l) & mask;
        while (used[i]) {
            if (hi[i] == h && lo[i] == l) {
                return;
            }
            i = (i + 1) & mask;
        }
        used[i] = true;
        hi[i] = h;
        lo[i] = l;
        guids++;
    }

    private int slotOf(long h, long l) {
        int mask = used.length - 1;
        int i = mix(h, l) & mask;
        while (used[i]) {
            if (hi[i] == h && lo[i] == l) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    /** Linear-probing removal by backward shift, so lookups never need tombstones. */
    private void delete(int slot) {
        int mask = used.length - 1;
        int hole = slot;
        int i = (slot + 1) & mask;
        while (used[i]) {
            int home = mix(hi[i], lo[i]) & mask;
            boolean movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
            if (movable) {
                hi[hole] = hi[i];
                lo[hole] = lo[i];
                hole = i;
            }
            i = (i + 1) & mask;
        }
        used[hole] = false;
        hi[hole] = 0;
        lo[hole] = 0;
        guids--;
    }

    private void grow() {
        long[] oldHi = hi;
        long[] oldLo = lo;
        boolean[] oldUsed = used;
        int capacity = oldUsed.length * 2;
        hi = new long[capacity];
        lo = new long[capacity];
        used = new boolean[capacity];
        guids = 0;
        for (int i = 0; i < oldUsed.length; i++) {
            if (oldUsed[i]) {
                add(oldHi[i], oldLo[i]);
            }
        }
    }

    private static int mix(long h, long l) {
        long x = h * 0x9E3779B97F4A7C15L ^ l;
        x ^= x >>> 33;
        x *= 0xC2B2AE3D27D4EB4FL;
        return (int) (x ^ (x >>> 29));
    }

    /** {@code 8-4-4-4-12} lower-case hex: the form Dataverse writes ids in, so the round trip is exact. */
    static boolean isCanonicalGuid(String s) {
        if (s == null || s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static long high(String s) {
        return hex(s, 0, 8) << 32 | hex(s, 9, 13) << 16 | hex(s, 14, 18);
    }

    private static long low(String s) {
        return hex(s, 19, 23) << 48 | hex(s, 24, 36);
    }

    private static long hex(String s, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            v = v << 4 | Character.digit(s.charAt(i), 16);
        }
        return v;
    }

    private static String format(long h, long l) {
        return digits(h >>> 32, 8) + "-" + digits(h >>> 16, 4) + "-" + digits(h, 4) + "-" + digits(l >>> 48, 4)
                + "-" + digits(l, 12);
    }

    private static String digits(long v, int n) {
        char[] out = new char[n];
        for (int i = n - 1; i >= 0; i--) {
            out[i] = Character.forDigit((int) (v & 0xf), 16);
            v >>>= 4;
        }
        return new String(out);
    }
}
