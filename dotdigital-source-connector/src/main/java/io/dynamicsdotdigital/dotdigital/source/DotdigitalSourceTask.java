package io.dynamicsdotdigital.dotdigital.source;

import io.dynamicsdotdigital.common.http.ApiException;
import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClients;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalConfigDefs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the streams assigned to it in sync cycles: each cycle plans its reads (discovering active campaigns and
 * surveys), then each {@link #poll()} fetches one page of one read and returns its new rows. The offsets in memory
 * are the truth once loaded; stored offsets are read only for partitions this task has not read yet.
 */
public class DotdigitalSourceTask extends SourceTask {
    private static final Logger log = LoggerFactory.getLogger(DotdigitalSourceTask.class);
    public static final String HEADER_STREAM = "dotdigital.stream";
    public static final String HEADER_CAMPAIGN_ID = "dotdigital.campaign.id";
    /** Longest a single poll() sleeps while waiting for the next cycle, so stop() is honoured promptly. */
    private static final long MAX_IDLE_SLICE_MS = 500;
    private static final Duration ERROR_BACKOFF = Duration.ofSeconds(5);

    private final Clock clock;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Map<Map<String, String>, StreamOffset> state = new HashMap<>();
    private final Map<StreamName, Instant> newestWatermark = new EnumMap<>(StreamName.class);
    private DotdigitalSourceConfig config;
    private DotdigitalClient client;
    private ConnectorMetrics metrics;
    private CyclePlanner planner;
    private Instant startDate;
    private Deque<ReadJob> jobs;
    private Instant nextCycleAt = Instant.EPOCH;
    private Instant retryAt = Instant.EPOCH;
    private CycleStats cycle;
    private long cycleCount;

    public DotdigitalSourceTask() {
        this(Clock.systemUTC());
    }

    DotdigitalSourceTask(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new DotdigitalSourceConfig(props);
        TaskAssignment assignment = TaskAssignment.from(props);
        metrics = ConnectorMetrics.forTask(context, props);
        startDate = config.startDate(clock);
        client = DotdigitalClients.create(DotdigitalConfigDefs.settings(config), config.httpSettings(),
                config.resilienceSettings(), metrics);
        planner = new CyclePlanner(client, config, assignment, this::storedOffsets, clock, startDate);
        log.info("Dotdigital source task started: streams {}, campaign shard {}/{}, start date {}, transport {}",
                assignment.streams(), assignment.shard(), assignment.shardCount(), startDate,
                config.getString(DotdigitalConfigDefs.TRANSPORT));
    }


    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        Instant now = clock.instant();
        updateLag(now);
        if (now.isBefore(retryAt)) {
            idle(Duration.between(now, retryAt));
            return null;
        }
        try {
            if (jobs == null) {
                if (now.isBefore(nextCycleAt)) {
                    idle(Duration.between(now, nextCycleAt));
                    return null;
                }
                cycle = new CycleStats(now);
                jobs = new ArrayDeque<>(planner.plan());
            }
            if (jobs.isEmpty()) {
                finishCycle();
                return null;
            }
            ReadJob job = jobs.peek();
            List<SourceRecord> records = readPage(job);
            if (job.read == null) {
                jobs.poll();
            }
            return records;
        } catch (ApiException e) {
            return failed(e);
        }
    }

    private List<SourceRecord> readPage(ReadJob job) {
        Instant now = clock.instant();
        if (job.read == null) {
            job.read = new WatermarkRead(storedOffsets(List.of(job.partition)).get(job.partition),
                    config.overlapWindow(), startDate, config.offsetKeysMax());
            job.startedAt = now;
        }
        WatermarkRead read = job.read;
        int select = config.pageSize();
        Map<String, Object> before = read.progressOffset().toMap();
        List<StreamRow> rows = job.fetcher.fetch(read.since(), select, read.skip());
        Map<String, String> tags = Map.of("stream", job.stream.configName());
        metrics.counter("api-pages-total", "Pages read from the API", tags).increment();
        cycle.pages++;

        List<StreamRow> emit = new ArrayList<>();
        long maxCursor = -1;
        for (StreamRow row : rows) {
            if (read.accept(row.identity(), row.time(), job.timeIncomplete)) {
                emit.add(row);
                if (row.alsoEmits() != null) {
                    read.markEmitted(row.alsoEmits(), row.time());
                }
            }
            maxCursor = Math.max(maxCursor, row.cursor());
        }
        boolean last;
        if (job.paging == ReadJob.Paging.MIN_ID) {
            last = rows.isEmpty();
            if (!last) {
                read.continueAt(maxCursor + 1);
            }
        } else {
            last = rows.size() < select;
            read.pageDone(rows.size());
        }
        long duplicates = rows.size() - emit.size();
        metrics.counter("records-read-total", "Records emitted", tags).add(emit.size());
        metrics.counter("duplicates-suppressed-total", "Rows re-read inside the overlap window and not emitted again",
                tags).add(duplicates);
        cycle.add(job.stream, emit.size(), duplicates);

        StreamOffset after = last ? read.completedOffset(job.clockWatermark ? job.startedAt : null)
                : read.progressOffset();
        if (read.keysDropped() > 0) {
            metrics.counter("offset-keys-dropped-total", "Row keys left out of offsets for want of room (their rows"
                    + " may be emitted again)", tags).add(read.keysDropped());
            log.warn("Stream {}: the read returned more rows that the next read can return again than {}={} keys"
                    + " hold; {} keys were left out of the offset, so up to that many rows may be emitted again",
                    job.stream.configName(), DotdigitalSourceConfig.OFFSET_KEYS_MAX, config.offsetKeysMax(),
                    read.keysDropped());
        }
        state.put(job.partition, after);
        if (last) {
            job.read = null;
            cycle.reads++;
            newestWatermark.merge(job.stream, after.watermark(), (a, b) -> a.isAfter(b) ? a : b);
            metrics.level("last-successful-poll-epoch-ms", "When a read of the stream last completed", tags)
                    .set(clock.millis());
        }
        return toRecords(job, emit, before, after.toMap(), now);
    }

    private List<SourceRecord> toRecords(ReadJob job, List<StreamRow> rows, Map<String, Object> before,
                                         Map<String, Object> after, Instant now) {
        List<SourceRecord> out = new ArrayList<>(rows.size());
        String topic = config.topic(job.stream);
        for (int i = 0; i < rows.size(); i++) {
            StreamRow row = rows.get(i);
            // Only the page's last record carries the offset after the page: Connect commits offsets of a prefix
            // of acknowledged records, and the earlier records must resume at the page's start.
            Map<String, Object> offset = i == rows.size() - 1 ? after : before;
            ConnectHeaders headers = new ConnectHeaders();
            headers.addString(HEADER_STREAM, job.stream.configName());
            if (job.campaignId != null) {
                headers.addString(HEADER_CAMPAIGN_ID, Long.toString(job.campaignId));
            }
            long timestamp = (row.time() != null ? row.time() : now).toEpochMilli();
            out.add(new SourceRecord(job.partition, offset, topic, null, row.key().schema(), row.key(),
                    row.value().schema(), row.value(), timestamp, headers));
        }
        return out;
    }

    private void finishCycle() {
        Instant end = clock.instant();
        long ms = Duration.between(cycle.startedAt, end).toMillis();
        cycleCount++;
        metrics.counter("sync-cycles-total", "Completed sync cycles").increment();
        metrics.level("sync-cycle-duration-ms", "Duration of the last completed sync cycle").set(ms);
        log.info("Dotdigital sync cycle {} finished in {} ms: {} records emitted, {} duplicates suppressed, {} pages,"
                        + " {} reads; per stream {}", cycleCount, ms, cycle.emitted, cycle.duplicates, cycle.pages,
                cycle.reads(), cycle.perStream);
        jobs = null;
        cycle = null;
        nextCycleAt = end.plus(config.pollInterval());
    }

    private List<SourceRecord> failed(ApiException e) throws InterruptedException {
        int status = e.statusCode();
        if (status == 0 || status == 429 || status >= 500) {
            // The read keeps its position: the same page is fetched again after the pause.
            retryAt = clock.instant().plus(ERROR_BACKOFF);
            log.warn("Dotdigital call failed after retries ({}); the task retries the same page in {} s",
                    e.getMessage(), ERROR_BACKOFF.toSeconds());
            throw new RetriableException(e.getMessage(), e);
        }
        throw new ConnectException("Dotdigital source task stopped: " + e.getMessage()
                + (status == 401 || status == 403 ? " (check " + DotdigitalConfigDefs.API_USER + ", "
                + DotdigitalConfigDefs.API_PASSWORD + " and " + DotdigitalConfigDefs.API_ENDPOINT + ")" : ""), e);
    }

    private void idle(Duration wait) throws InterruptedException {
        stopped.await(Math.max(1, Math.min(wait.toMillis(), MAX_IDLE_SLICE_MS)), TimeUnit.MILLISECONDS);
    }

    private void updateLag(Instant now) {
        for (Map.Entry<StreamName, Instant> e : newestWatermark.entrySet()) {
            metrics.level("lag-seconds", "Seconds between now and the stream's newest since-date watermark",
                    Map.of("stream", e.getKey().configName())).set(Duration.between(e.getValue(), now).toSeconds());
        }
    }

    /** Offsets from memory, else from Connect's offset store. */
    private Map<Map<String, String>, StreamOffset> storedOffsets(Collection<Map<String, String>> partitions) {
        Map<Map<String, String>, StreamOffset> out = new HashMap<>();
        List<Map<String, String>> missing = new ArrayList<>();
        for (Map<String, String> p : partitions) {
            StreamOffset o = state.get(p);
            if (o != null) {
                out.put(p, o);
            } else {
                missing.add(p);
            }
        }
        if (!missing.isEmpty() && context != null) {
            OffsetStorageReader reader = context.offsetStorageReader();
            Map<Map<String, String>, Map<String, Object>> stored = reader.offsets(missing);
            for (Map.Entry<Map<String, String>, Map<String, Object>> e : stored.entrySet()) {
                if (e.getValue() == null) {
                    continue;
                }
                try {
                    StreamOffset o = StreamOffset.fromMap(e.getValue());
                    state.put(e.getKey(), o);
                    out.put(e.getKey(), o);
                } catch (IllegalArgumentException bad) {
                    throw new ConnectException("Stored offset of source partition " + e.getKey()
                            + " is not usable: " + bad.getMessage()
                            + "; fix or reset it through the Connect offsets REST API");
                }
            }
        }
        return out;
    }

    /** Sync cycles completed since start (for tests and logs). */
    long completedCycles() {
        return cycleCount;
    }

    ConnectorMetrics metrics() {
        return metrics;
    }

    @Override
    public void stop() {
        stopped.countDown();
        DotdigitalClient c = client;
        if (c != null) {
            c.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    /** Counts of one sync cycle, for its log line. */
    private static final class CycleStats {
        final Instant startedAt;
        final Map<String, Long> perStream = new java.util.TreeMap<>();
        long emitted;
        long duplicates;
        long pages;
        long reads;

        CycleStats(Instant startedAt) {
            this.startedAt = startedAt;
        }

        void add(StreamName stream, long emittedRows, long duplicateRows) {
            emitted += emittedRows;
            duplicates += duplicateRows;
            perStream.merge(stream.configName(), emittedRows, Long::sum);
        }

        long reads() {
            return reads;
        }
    }
}
