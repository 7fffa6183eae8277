package io.dynamicsdotdigital.dotdigital.source;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable key set of an offset (row hash to row time) in two sorted {@code long} arrays: 16 bytes a key instead
 * of about 90 for a map of strings and boxed longs, so a task holding the offsets of thousands of campaigns stays
 * small. Keys are the base-36 hashes of {@link RowKeys}; lookups parse the string and search the sorted hashes.
 */
final class CompactKeys extends AbstractMap<String, Long> {
    private static final CompactKeys EMPTY = new CompactKeys(new long[0], new long[0]);

    private final long[] hashes;
    private final long[] times;

    private CompactKeys(long[] hashes, long[] times) {
        this.hashes = hashes;
        this.times = times;
    }

    /**
     * The keys in compact form; an immutable copy as it is when a key is no 64-bit base-36 number (only an offset
     * written by hand can hold one).
     */
    static Map<String, Long> copyOf(Map<String, Long> keys) {
        if (keys instanceof CompactKeys compact) {
            return compact;
        }
        if (keys.isEmpty()) {
            return EMPTY;
        }
        long[] hashes = new long[keys.size()];
        int i = 0;
        for (Map.Entry<String, Long> e : keys.entrySet()) {
            Long hash = parse(e.getKey());
            if (hash == null || e.getValue() == null) {
                return Map.copyOf(keys);
            }
            hashes[i++] = hash;
        }
        Arrays.sort(hashes);
        // Distinct canonical strings are distinct hashes, so each time has its own slot.
        long[] times = new long[hashes.length];
        for (Map.Entry<String, Long> e : keys.entrySet()) {
            times[Arrays.binarySearch(hashes, parse(e.getKey()))] = e.getValue();
        }
        return new CompactKeys(hashes, times);
    }

    private static Long parse(Object key) {
        if (!(key instanceof String s) || s.isEmpty() || s.length() > 13) {
            return null;
        }
        try {
            long h = Long.parseUnsignedLong(s, 36);
            // Only the canonical form maps back to the same string.
            return Long.toUnsignedString(h, 36).equals(s) ? h : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private int indexOf(Object key) {
        Long h = parse(key);
        return h == null ? -1 : Arrays.binarySearch(hashes, h);
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public Long get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : times[i];
    }

    @Override
    public int size() {
        return hashes.length;
    }

    @Override
    public Set<Map.Entry<String, Long>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, Long>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < hashes.length;
                    }

                    @Override
                    public Map.Entry<String, Long> next() {
                        if (next >= hashes.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(Long.toUnsignedString(hashes[i], 36), times[i]);
                    }
                };
            }

            @Override
            public int size() {
                return hashes.length;
            }
        };
    }
}
