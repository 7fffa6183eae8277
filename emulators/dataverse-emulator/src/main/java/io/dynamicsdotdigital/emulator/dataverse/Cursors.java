package io.dynamicsdotdigital.emulator.dataverse;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Result sets being paged through. A {@code $skiptoken} names a cursor and an offset, so every page of one query
 * comes from the same consistent snapshot; the least recently used cursors are dropped beyond a fixed number.
 */
final class Cursors {
    static final class Cursor {
        final String id;
        /** {@link Row}s, or for change tracking {@link Row}s and {@link Tombstone}s. */
        final List<Object> items;
        final boolean delta;
        /** For change tracking: the table version the next deltaLink continues from. */
        final long version;

        Cursor(String id, List<Object> items, boolean delta, long version) {
            this.id = id;
            this.items = items;
            this.delta = delta;
            this.version = version;
        }
    }

    private static final int MAX_CURSORS = 500;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Cursor> cursors = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cursor> eldest) {
            return size() > MAX_CURSORS;
        }
    };

    Cursor create(List<Object> items, boolean delta, long version) {
        String id = Long.toHexString(random.nextLong() & Long.MAX_VALUE);
        return new Cursor(id, items, delta, version);
    }

    synchronized void keep(Cursor cursor) {
        cursors.put(cursor.id, cursor);
    }

    /** The cursor and offset a skiptoken names, or null when unknown or dropped. */
    synchronized Object[] resolve(String skiptoken) {
        int dot = skiptoken.indexOf('.');
        if (dot < 0) {
            return null;
        }
        Cursor cursor = cursors.get(skiptoken.substring(0, dot));
        if (cursor == null) {
            return null;
        }
        try {
            return new Object[] {cursor, Integer.parseInt(skiptoken.substring(dot + 1))};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String token(Cursor cursor, int offset) {
        return cursor.id + "." + offset;
    }
}
