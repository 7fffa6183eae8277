package io.dynamicsdotdigital.dynamics.source.lists;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * An immutable set of row ids (GUIDs), 16 bytes each, sorted for binary search: 20,000 members take 320 KB, against
 * several MB as a set of strings. Its durable form is the sorted ids in base64.
 */
public final class MemberIdSet {
    public static final MemberIdSet EMPTY = new MemberIdSet(new long[0]);

    /** High and low halves of each id, in pairs, sorted. */
    private final long[] ids;

    private MemberIdSet(long[] sortedPairs) {
        this.ids = sortedPairs;
    }

    public int size() {
        return ids.length / 2;
    }

    public boolean contains(String id) {
        return indexOf(high(id), low(id)) >= 0;
    }

    public void forEach(Consumer<String> action) {
        for (int i = 0; i < ids.length; i += 2) {
            action.accept(format(ids[i], ids[i + 1]));
        }
    }

    /** The sorted ids, 16 bytes each, in base64. */
    public String encode() {
        ByteBuffer buffer = ByteBuffer.allocate(ids.length * 8);
        for (long v : ids) {
            buffer.putLong(v);
        }
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    /** @throws IllegalArgumentException when the text is not an encoded set */
    public static MemberIdSet decode(String text) {
        byte[] bytes = Base64.getDecoder().decode(text);
        if (bytes.length % 16 != 0) {
            throw new IllegalArgumentException("an encoded member set has a multiple of 16 bytes, not " + bytes.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long[] ids = new long[bytes.length / 8];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = buffer.getLong();
        }
        return new MemberIdSet(ids);
    }

    private int indexOf(long h, long l) {
        int lo = 0;
        int hi = size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = compare(ids[2 * mid], ids[2 * mid + 1], h, l);
            if (c == 0) {
                return mid;
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return -1;
    }

    private static int compare(long h1, long l1, long h2, long l2) {
        int c = Long.compareUnsigned(h1, h2);
        return c != 0 ? c : Long.compareUnsigned(l1, l2);
    }

    static boolean isGuid(String s) {
        if (s == null || s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static long high(String s) {
        return Long.parseUnsignedLong(s.substring(0, 8) + s.substring(9, 13) + s.substring(14, 18), 16);
    }

    private static long low(String s) {
        return Long.parseUnsignedLong(s.substring(19, 23) + s.substring(24, 36), 16);
    }

    private static String format(long h, long l) {
        String a = String.format(Locale.ROOT, "%016x", h);
        String b = String.format(Locale.ROOT, "%016x", l);
        return a.substring(0, 8) + "-" + a.substring(8, 12) + "-" + a.substring(12, 16) + "-" + b.substring(0, 4)
                + "-" + b.substring(4, 16);
    }

    /** Collects ids; duplicates (a row on two pages) count once. */
    public static final class Builder {
        private long[] pairs = new long[64];
        private int used;

        /** @throws IllegalArgumentException when the id is not a GUID */
        public Builder add(String id) {
            if (!isGuid(id)) {
                throw new IllegalArgumentException("'" + id + "' is not a row id (GUID)");
            }
            if (used == pairs.length) {
                pairs = Arrays.copyOf(pairs, pairs.length * 2);
            }
            String lower = id.toLowerCase(Locale.ROOT);
            pairs[used++] = high(lower);
            pairs[used++] = low(lower);
            return this;
        }

        public int size() {
            return used / 2;
        }

        public MemberIdSet build() {
            Integer[] order = new Integer[used / 2];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> compare(pairs[2 * a], pairs[2 * a + 1], pairs[2 * b], pairs[2 * b + 1]));
            long[] sorted = new long[used];
            int n = 0;
            for (Integer i : order) {
                long h = pairs[2 * i];
                long l = pairs[2 * i + 1];
                if (n > 0 && sorted[n - 2] == h && sorted[n - 1] == l) {
                    continue;
                }
                sorted[n++] = h;
                sorted[n++] = l;
            }
            return new MemberIdSet(Arrays.copyOf(sorted, n));
        }
    }
}
