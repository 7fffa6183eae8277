package io.dynamicsdotdigital.dynamics.source.offsets;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where a table's reading stands, as stored in Connect's offsets. One of three shapes:
 * {@code {"phase":"snapshot","nextLink":<url or absent>,"resnapshot":<bool, optional>,"epoch":<long, optional>}},
 * {@code {"phase":"delta","deltaLink":<url>}},
 * {@code {"phase":"watermark","modifiedon":"2023-04-07T21:59:01Z","versionnumber":N}},
 * {@code {"phase":"range","ranges":N,"since":"2023-04-07T21:59:01Z","nextLink":<url or absent>,"done":<bool>}}
 * (one primary-key range of a parallel snapshot, see {@link Range}).
 */
public sealed interface TableOffset {
    String PHASE = "phase";
    String NEXT_LINK = "nextLink";
    String DELTA_LINK = "deltaLink";
    String RESNAPSHOT = "resnapshot";
    String EPOCH = "epoch";
    String MODIFIED_ON = "modifiedon";
    String VERSION_NUMBER = "versionnumber";
    String RANGES = "ranges";
    String SINCE = "since";
    String DONE = "done";

    Map<String, Object> toMap();

    /**
     * A snapshot in progress; {@code nextLink} null means "from the first page".
     *
     * @param resnapshot true when the snapshot repeats the table after an expired delta token
     * @param epoch      with a key-state topic: which key-state entries this snapshot wrote, so a restart in its
     *                   middle knows which rows it already saw; 0 without one
     */
    record Snapshot(String nextLink, boolean resnapshot, long epoch) implements TableOffset {
        public static final Snapshot START = new Snapshot(null, false);

        public Snapshot(String nextLink, boolean resnapshot) {
            this(nextLink, resnapshot, 0);
        }

        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> m = new HashMap<>();
            m.put(PHASE, "snapshot");
            if (nextLink != null) {
                m.put(NEXT_LINK, nextLink);
            }
            if (resnapshot) {
                m.put(RESNAPSHOT, true);
            }
            if (epoch != 0) {
                m.put(EPOCH, epoch);
            }
            return m;
        }
    }

    /** Change tracking: the link to follow next (a deltaLink, or a nextLink within a page of changes). */
    record Delta(String deltaLink) implements TableOffset {
        public Delta {
            Objects.requireNonNull(deltaLink, "deltaLink");
        }

        @Override
        public Map<String, Object> toMap() {
            return Map.of(PHASE, "delta", DELTA_LINK, deltaLink);
        }
    }

    /**
     * Keyset position: every row up to and including (modifiedon, versionnumber) has been emitted. A null
     * modifiedon means nothing has been read yet.
     */
    record Watermark(Instant modifiedOn, long versionNumber) implements TableOffset {
        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> m = new HashMap<>();
            m.put(PHASE, "watermark");
            if (modifiedOn != null) {
                m.put(MODIFIED_ON, modifiedOn.toString());
            }
            m.put(VERSION_NUMBER, versionNumber);
            return m;
        }
    }

    /**
     * One primary-key range of a parallel snapshot. The table's own partition holds range 0 (and later the table's
     * incremental position); ranges 1..N-1 have partitions of their own.
     *
     * @param ranges   how many ranges the snapshot was split into
     * @param since    taken before the range's first page: every change after it is read again by the watermark
     *                 that continues the table once all ranges are done; null before the first page
     * @param nextLink the range's next page, null before its first page or when done
     * @param done     the range's last page was read
     */
    record Range(int ranges, Instant since, String nextLink, boolean done) implements TableOffset {
        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> m = new HashMap<>();
            m.put(PHASE, "range");
            m.put(RANGES, ranges);
            if (since != null) {
                m.put(SINCE, since.toString());
            }
            if (nextLink != null) {
                m.put(NEXT_LINK, nextLink);
            }
            m.put(DONE, done);
            return m;
        }
    }

    /**
     * Reads a stored offset; null stays null (no offset: start from the configured start). Throws
     * {@link IllegalArgumentException} naming the problem when the shape is wrong.
     */
    static TableOffset parse(Map<String, ?> offset, boolean allowPlainHttp) {
        if (offset == null) {
            return null;
        }
        Object phase = offset.get(PHASE);
        if (!(phase instanceof String p)) {
            throw new IllegalArgumentException("offset " + keysOf(offset) + " has no \"phase\" (snapshot, delta or"
                    + " watermark)");
        }
        switch (p) {
            case "snapshot" -> {
                allowOnly(offset, Set.of(PHASE, NEXT_LINK, RESNAPSHOT, EPOCH), p);
                Object link = offset.get(NEXT_LINK);
                Object resnapshot = offset.get(RESNAPSHOT);
                if (resnapshot != null && !(resnapshot instanceof Boolean)) {
                    throw new IllegalArgumentException("\"resnapshot\" must be true or false");
                }
                Object epoch = offset.get(EPOCH);
                if (epoch != null && !(epoch instanceof Number)) {
                    throw new IllegalArgumentException("\"epoch\" must be a number");
                }
                return new Snapshot(link == null ? null : link(link, NEXT_LINK, allowPlainHttp),
                        Boolean.TRUE.equals(resnapshot), epoch == null ? 0 : ((Number) epoch).longValue());
            }
            case "delta" -> {
                allowOnly(offset, Set.of(PHASE, DELTA_LINK), p);
                Object link = offset.get(DELTA_LINK);
                if (link == null) {
                    throw new IllegalArgumentException("a delta offset needs \"deltaLink\"");
                }
                return new Delta(link(link, DELTA_LINK, allowPlainHttp));
            }
            case "watermark" -> {
                allowOnly(offset, Set.of(PHASE, MODIFIED_ON, VERSION_NUMBER), p);
                Object modified = offset.get(MODIFIED_ON);
                Object version = offset.get(VERSION_NUMBER);
                if (!(version instanceof Number n)) {
                    throw new IllegalArgumentException("a watermark offset needs a numeric \"versionnumber\"");
                }
                Instant at = null;
                if (modified != null) {
                    try {
                        at = Instant.parse(modified.toString());
                    } catch (DateTimeParseException e) {
                        throw new IllegalArgumentException("\"modifiedon\" " + modified
                                + " is not an ISO-8601 instant such as 2023-04-07T21:59:01Z");
                    }
                }
                return new Watermark(at, n.longValue());
            }
            case "range" -> {
                return parseRange(offset, allowPlainHttp);
            }
            default -> throw new IllegalArgumentException("unknown phase '" + p
                    + "'; expected snapshot, delta, watermark or range");
        }
    }

    private static Range parseRange(Map<String, ?> offset, boolean allowPlainHttp) {
        allowOnly(offset, Set.of(PHASE, RANGES, SINCE, NEXT_LINK, DONE), "range");
        if (!(offset.get(RANGES) instanceof Number ranges) || ranges.intValue() < 1) {
            throw new IllegalArgumentException("a range offset needs a positive numeric \"ranges\"");
        }
        if (!(offset.get(DONE) instanceof Boolean done)) {
            throw new IllegalArgumentException("a range offset needs \"done\" true or false");
        }
        Object since = offset.get(SINCE);
        Instant at = null;
        if (since != null) {
            try {
                at = Instant.parse(since.toString());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("\"since\" " + since
                        + " is not an ISO-8601 instant such as 2023-04-07T21:59:01Z");
            }
        }
        Object link = offset.get(NEXT_LINK);
        return new Range(ranges.intValue(), at, link == null ? null : link(link, NEXT_LINK, allowPlainHttp), done);
    }

    private static void allowOnly(Map<String, ?> offset, Set<String> allowed, String phase) {
        for (String key : offset.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "' in a " + phase + " offset; allowed: "
                        + allowed);
            }
        }
    }

    private static String link(Object link, String key, boolean allowPlainHttp) {
        String s = link.toString();
        URI uri;
        try {
            uri = URI.create(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + key + "\" is not a valid link");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        boolean allowed = scheme.equals("https") || (allowPlainHttp && scheme.equals("http"));
        if (!allowed || uri.getHost() == null) {
            throw new IllegalArgumentException("\"" + key + "\" must be an absolute https:// link");
        }
        return s;
    }

    private static String keysOf(Map<String, ?> offset) {
        return offset.keySet().toString();
    }
}
