package io.dynamicsdotdigital.dotdigital.source;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What one source partition remembers: the since-date watermark and the keys already emitted whose rows a re-read
 * of the overlap window can return again (hashes of each row's natural key and content, with the row time). While a
 * read is in progress it also holds where that read stands (its since date, rows consumed, newest row time and the
 * keys emitted so far), so a restart resumes the read instead of starting it over.
 *
 * <p>Connect offsets hold only primitive values, so key sets are one string: entries {@code hash~time} joined by
 * commas, hash and epoch-millisecond time in base 36, {@code -} for rows without a time.
 *
 * <pre>{"watermark":"2026-11-01T10:00:00Z","keys":"3lq0d9x2k1c7a~mhfy3k00,...",
 *  "since":"2026-11-01T09:50:00Z","skip":3000,"maxSeen":"2026-11-01T10:05:00Z","readKeys":"..."}</pre>
 */
public record StreamOffset(Instant watermark, Map<String, Long> keys, ReadProgress progress) {
    public static final String WATERMARK = "watermark";
    public static final String KEYS = "keys";
    public static final String SINCE = "since";
    public static final String SKIP = "skip";
    public static final String MAX_SEEN = "maxSeen";
    public static final String READ_KEYS = "readKeys";

    private static final Set<String> FIELDS = Set.of(WATERMARK, KEYS, SINCE, SKIP, MAX_SEEN, READ_KEYS);

    /** A read that has not yet reached its end. */
    public record ReadProgress(Instant since, long skip, Instant maxSeen, Map<String, Long> readKeys) {
        public ReadProgress {
            readKeys = CompactKeys.copyOf(readKeys);
        }
    }

    public StreamOffset {
        keys = CompactKeys.copyOf(keys);
    }

    public static StreamOffset start(Instant watermark) {
        return new StreamOffset(watermark, Map.of(), null);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(WATERMARK, watermark.toString());
        out.put(KEYS, encode(keys));
        if (progress != null) {
            out.put(SINCE, progress.since().toString());
            out.put(SKIP, progress.skip());
            if (progress.maxSeen() != null) {
                out.put(MAX_SEEN, progress.maxSeen().toString());
            }
            out.put(READ_KEYS, encode(progress.readKeys()));
        }
        return out;
    }

    /** Reads a stored offset, or throws IllegalArgumentException naming the field at fault. */
    public static StreamOffset fromMap(Map<String, ?> map) {
        for (String key : map.keySet()) {
            if (!FIELDS.contains(key)) {
                throw new IllegalArgumentException("offset has unknown field '" + key + "'; known: " + FIELDS);
            }
        }
        Instant watermark = instant(map, WATERMARK, true);
        Map<String, Long> keys = keyMap(map, KEYS);
        ReadProgress progress = null;
        if (map.get(SINCE) != null || map.get(SKIP) != null) {
            Instant since = instant(map, SINCE, true);
            Object skip = map.get(SKIP);
            if (!(skip instanceof Number n) || n.longValue() < 0) {
                throw new IllegalArgumentException("offset field '" + SKIP + "' must be a number >= 0, got " + skip);
            }
            progress = new ReadProgress(since, n.longValue(), instant(map, MAX_SEEN, false),
                    keyMap(map, READ_KEYS));
        }
        return new StreamOffset(watermark, keys, progress);
    }

    private static Instant instant(Map<String, ?> map, String field, boolean required) {
        Object v = map.get(field);
        if (v == null) {
            if (required) {
                throw new IllegalArgumentException("offset field '" + field
                        + "' is required: an ISO-8601 UTC time such as 2026-11-01T00:00:00Z");
            }
            return null;
        }
        if (v instanceof String s) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                Instant parsed = DotdigitalSourceConfig.parseInstant(s);
                if (parsed != null) {
                    return parsed;
                }
            }
        }
        throw new IllegalArgumentException("offset field '" + field
                + "' must be an ISO-8601 UTC time such as 2026-11-01T00:00:00Z, got " + v);
    }

    static String encode(Map<String, Long> keys) {
        StringBuilder sb = new StringBuilder(keys.size() * 22);
        for (Map.Entry<String, Long> e : keys.entrySet()) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(e.getKey()).append('~');
            long t = e.getValue();
            sb.append(t == UNKNOWN ? "-" : Long.toString(t, 36));
        }
        return sb.toString();
    }

    private static final long UNKNOWN = -1L;

    private static Map<String, Long> keyMap(Map<String, ?> map, String field) {
        Object v = map.get(field);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof String text)) {
            throw new IllegalArgumentException("offset field '" + field
                    + "' must be a string of hash~time entries joined by commas, got " + v);
        }
        Map<String, Long> out = new HashMap<>();
        if (text.isEmpty()) {
            return out;
        }
        for (String entry : text.split(",")) {
            int tilde = entry.indexOf('~');
            String hash = tilde < 0 ? "" : entry.substring(0, tilde);
            String time = tilde < 0 ? "" : entry.substring(tilde + 1);
            if (hash.isEmpty() || !hash.matches("[0-9a-z]{1,13}") || time.isEmpty()) {
                throw new IllegalArgumentException("offset field '" + field + "' has a malformed entry '" + entry
                        + "'; expected hash~time (base 36) or hash~-");
            }
            try {
                out.put(hash, time.equals("-") ? UNKNOWN : Long.parseLong(time, 36));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("offset field '" + field + "' has a malformed time in '"
                        + entry + "'");
            }
        }
        return out;
    }
}
