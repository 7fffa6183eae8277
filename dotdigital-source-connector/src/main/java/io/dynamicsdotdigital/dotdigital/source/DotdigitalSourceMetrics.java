package io.dynamicsdotdigital.dotdigital.source;

import io.dynamicsdotdigital.common.http.ApiCallListener;
import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The source task's metrics, by name, on top of the shared {@link ConnectorMetrics} (which also counts API calls).
 * Stream metrics carry a {@code stream} tag.
 */
public final class DotdigitalSourceMetrics implements AutoCloseable {
    public static final String PAGES = "api-pages-total";
    public static final String RECORDS_READ = "records-read-total";
    public static final String DUPLICATES_SUPPRESSED = "duplicates-suppressed-total";
    public static final String OFFSET_KEYS_DROPPED = "offset-keys-dropped-total";
    public static final String LAST_SUCCESSFUL_POLL = "last-successful-poll-epoch-ms";
    public static final String LAG_SECONDS = "lag-seconds";
    public static final String SYNC_CYCLES = "sync-cycles-total";
    public static final String SYNC_CYCLE_DURATION = "sync-cycle-duration-ms";
    public static final String READS_PAUSED = "reads-paused-total";

    private final ConnectorMetrics metrics;
    private final Map<StreamName, Instant> newestWatermark = new EnumMap<>(StreamName.class);

    public DotdigitalSourceMetrics(ConnectorMetrics metrics) {
        this.metrics = metrics;
    }

    /** What the API client reports its calls, retries and waits to. */
    public ApiCallListener apiCalls() {
        return metrics;
    }

    void pageRead(StreamName stream, long emitted, long duplicates) {
        Map<String, String> tags = tags(stream);
        metrics.counter(PAGES, "Pages read from the API", tags).increment();
        metrics.counter(RECORDS_READ, "Records emitted", tags).add(emitted);
        metrics.counter(DUPLICATES_SUPPRESSED, "Rows re-read inside the overlap window and not emitted again", tags)
                .add(duplicates);
    }

    void keysDropped(StreamName stream, long keys) {
        metrics.counter(OFFSET_KEYS_DROPPED, "Row keys left out of offsets for want of room (their rows may be"
                + " emitted again)", tags(stream)).add(keys);
    }

    /** A read of the stream reached its end with this since-date watermark. */
    void readCompleted(StreamName stream, Instant watermark, long epochMillis) {
        newestWatermark.merge(stream, watermark, (a, b) -> a.isAfter(b) ? a : b);
        metrics.level(LAST_SUCCESSFUL_POLL, "When a read of the stream last completed", tags(stream)).set(epochMillis);
    }

    /** A page read failed (throttled beyond a call's wait, or transiently) and is fetched again after a pause. */
    void readPaused() {
        metrics.counter(READS_PAUSED, "Page reads that failed (throttled, no answer, 429/5xx after retries, an"
                + " unreadable answer) and were read again after a pause").increment();
    }

    void cycleCompleted(long durationMillis) {
        metrics.counter(SYNC_CYCLES, "Completed sync cycles").increment();
        metrics.level(SYNC_CYCLE_DURATION, "Duration of the last completed sync cycle").set(durationMillis);
    }

    /** Seconds between {@code now} and each stream's newest watermark. */
    void updateLag(Instant now) {
        for (Map.Entry<StreamName, Instant> e : newestWatermark.entrySet()) {
            metrics.level(LAG_SECONDS, "Seconds between now and the stream's newest since-date watermark",
                    tags(e.getKey())).set(Duration.between(e.getValue(), now).toSeconds());
        }
    }

    /** The sum over all tags (for tests and logs). */
    public long total(String name) {
        return metrics.total(name);
    }

    private static Map<String, String> tags(StreamName stream) {
        return Map.of("stream", stream.configName());
    }

    @Override
    public void close() {
        metrics.close();
    }
}
