package io.dynamicsdotdigital.dotdigital.source;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One read of one source partition, from {@code watermark - overlap} to exhaustion, and the bookkeeping that keeps
 * re-read rows from being emitted twice.
 *
 * <p>A row is emitted unless its key (hash of identity) was emitted by an earlier read and kept in the offset, or
 * earlier in this read. When the read completes the watermark moves to the newest row time seen (never back), and
 * the offset keeps only the keys the next read can return again: rows timed at or after the new watermark minus the
 * overlap, plus rows this read returned although their visible time was before its since date (their real activity
 * time is hidden, e.g. a click on a cumulative send summary) or that have no time at all. Keys not returned by this
 * read and older than the window cannot come back, since the next since date is later.
 *
 * <p>While the read is in progress the offset holds the old keys intact plus the position and the keys emitted so
 * far (bounded the same way), so a restart resumes at the same since date and page.
 */
final class WatermarkRead {
    static final long UNKNOWN_TIME = -1L;
    /** Keys per offset when not configured: two such sets (stored plus this read's) stay well under 1 MB. */
    static final int DEFAULT_MAX_KEYS = 15_000;

    private final StreamOffset stored;
    private final Duration overlap;
    private final Instant since;
    private final int maxKeys;
    // In the order seen, so a capped key set keeps the rows seen last.
    private final Map<String, Long> emittedThisRead = new LinkedHashMap<>();
    private final Map<String, Long> seenThisRead = new LinkedHashMap<>();
    private long keysDropped;
    private long skip;
    private Instant maxSeen;
    private long duplicates;
    private long emitted;

    /**
     * @param stored    the partition's offset, or null for a partition never read: then the read starts at
     *                  {@code startDate} exactly
     * @param startDate used when there is no stored offset
     */
    WatermarkRead(StreamOffset stored, Duration overlap, Instant startDate) {
        this(stored, overlap, startDate, DEFAULT_MAX_KEYS);
    }

    /** @param maxKeys the most keys one key set of the offset keeps (offsets have to fit a Kafka message) */
    WatermarkRead(StreamOffset stored, Duration overlap, Instant startDate, int maxKeys) {
        this.overlap = overlap;
        this.maxKeys = maxKeys;
        if (stored == null) {
            this.stored = StreamOffset.start(startDate);
            this.since = startDate;
        } else if (stored.progress() != null) {
            StreamOffset.ReadProgress p = stored.progress();
            this.stored = new StreamOffset(stored.watermark(), stored.keys(), null);
            this.since = p.since();
            this.skip = p.skip();
            this.maxSeen = p.maxSeen();
            emittedThisRead.putAll(p.readKeys());
            seenThisRead.putAll(p.readKeys());
        } else {
            this.stored = stored;
            this.since = stored.watermark().minus(overlap);
        }
    }

    Instant since() {
        return since;
    }

    long skip() {
        return skip;
    }

    Instant watermark() {
        return stored.watermark();
    }

    /**
     * Records a row of the current page and says whether to emit it.
     *
     * @param identity the natural key, plus the content for rows that change (cumulative summaries)
     * @param time     the row's time, or null when the API gives none
     */
    boolean accept(String identity, Instant time) {
        return accept(identity, time, false);
    }

    /**
     * @param timeIncomplete the API selects the row by a time it does not show (a send summary's last click), so
     *                       the visible time moves the watermark but cannot tell whether the next read returns the
     *                       row again: its key is kept as long as reads return it
     */
    boolean accept(String identity, Instant time, boolean timeIncomplete) {
        String key = RowKeys.hash(identity);
        long t = time == null || timeIncomplete ? UNKNOWN_TIME : time.toEpochMilli();
        if (time != null && (maxSeen == null || time.isAfter(maxSeen))) {
            maxSeen = time;
        }
        boolean duplicate = stored.keys().containsKey(key) || seenThisRead.containsKey(key);
        seenThisRead.put(key, t);
        if (duplicate) {
            duplicates++;
            return false;
        }
        emittedThisRead.put(key, t);
        emitted++;
        return true;
    }

    /** Marks an identity as emitted without a row of its own (a record that stands for two identities). */
    void markEmitted(String identity, Instant time) {
        String key = RowKeys.hash(identity);
        long t = time == null ? UNKNOWN_TIME : time.toEpochMilli();
        seenThisRead.put(key, t);
        emittedThisRead.put(key, t);
    }

    void pageDone(int rowsInPage) {
        skip += rowsInPage;
    }

    /** For id-paged streams: the next page starts at this id. */
    void continueAt(long nextCursor) {
        skip = Math.max(skip, nextCursor);
    }

    long duplicates() {
        return duplicates;
    }

    long emitted() {
        return emitted;
    }

    /** The offset to store while the read goes on. */
    StreamOffset progressOffset() {
        Instant horizon = maxSeen == null ? null : maxSeen.minus(overlap);
        Map<String, Long> keep = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : emittedThisRead.entrySet()) {
            if (retain(e.getValue(), horizon)) {
                keep.put(e.getKey(), e.getValue());
            }
        }
        return new StreamOffset(stored.watermark(), stored.keys(),
                new StreamOffset.ReadProgress(since, skip, maxSeen, cap(keep, false)));
    }

    /**
     * The offset once the read reached its end.
     *
     * @param clockWatermark for streams whose rows carry no time: the instant the read started, which becomes the
     *                       new watermark; null for streams whose rows carry times
     */
    StreamOffset completedOffset(Instant clockWatermark) {
        return completedOffset(clockWatermark, false);
    }

    /**
     * @param keepStoredKeys the read returned only part of the stream's rows: every stored key is kept, since the
     *                       rows this read did not return can come back in a later, complete read
     */
    StreamOffset completedOffset(Instant clockWatermark, boolean keepStoredKeys) {
        Instant newWatermark = stored.watermark();
        if (maxSeen != null && maxSeen.isAfter(newWatermark)) {
            newWatermark = maxSeen;
        }
        if (clockWatermark != null && clockWatermark.isAfter(newWatermark)) {
            newWatermark = clockWatermark;
        }
        Instant horizon = newWatermark.minus(overlap);
        Map<String, Long> keep = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : stored.keys().entrySet()) {
            if (keepStoredKeys
                    || e.getValue() != UNKNOWN_TIME && !Instant.ofEpochMilli(e.getValue()).isBefore(horizon)) {
                keep.put(e.getKey(), e.getValue());
            }
        }
        for (Map.Entry<String, Long> e : seenThisRead.entrySet()) {
            if (retain(e.getValue(), horizon)) {
                keep.put(e.getKey(), e.getValue());
            }
        }
        return new StreamOffset(newWatermark, cap(keep, true), null);
    }

    /**
     * At most {@link #maxKeys} keys, the ones seen last. A key left out can only cause a row to be emitted again by
     * a later read (a duplicate), never a row to be missed, while an offset larger than the offsets topic's message
     * size could not be stored at all.
     */
    private Map<String, Long> cap(Map<String, Long> keys, boolean count) {
        int excess = keys.size() - maxKeys;
        if (excess <= 0) {
            return keys;
        }
        if (count) {
            keysDropped += excess;
        }
        Map<String, Long> kept = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, Long> e : keys.entrySet()) {
            if (i++ >= excess) {
                kept.put(e.getKey(), e.getValue());
            }
        }
        return kept;
    }

    /** Keys the completed offset left out for want of room (their rows may be emitted again). */
    long keysDropped() {
        return keysDropped;
    }

    private boolean retain(long time, Instant horizon) {
        if (time == UNKNOWN_TIME || horizon == null) {
            return true;
        }
        Instant t = Instant.ofEpochMilli(time);
        return !t.isBefore(horizon) || t.isBefore(since);
    }
}
