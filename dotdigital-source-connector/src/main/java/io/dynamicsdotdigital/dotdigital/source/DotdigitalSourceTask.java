package io.dynamicsdotdigital.dotdigital.source;

import io.dynamicsdotdigital.common.http.ApiException;
import io.dynamicsdotdigital.common.http.ApiThrottledException;
import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClients;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalConfigDefs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the streams assigned to it in sync cycles: each cycle plans its reads (discovering active campaigns and
 * surveys, {@link CyclePlanner}), then each {@link #poll()} reads one page of one read ({@link PageReader}) and
 * returns its new rows as records ({@link StreamRecords}). The offsets in memory are the truth once loaded
 * ({@link PartitionOffsets}).
 */
public class DotdigitalSourceTask extends SourceTask {
    private static final Logger log = LoggerFactory.getLogger(DotdigitalSourceTask.class);
    public static final String HEADER_STREAM = "dotdigital.stream";
    public static final String HEADER_CAMPAIGN_ID = "dotdigital.campaign.id";
    /** Longest a single poll() sleeps while waiting for the next cycle, so stop() is honoured promptly. */
    private static final long MAX_IDLE_SLICE_MS = 500;

    private final Clock clock;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private DotdigitalClient client;
    private DotdigitalSourceConfig config;
    private DotdigitalSourceMetrics metrics;
    private CyclePlanner planner;
    private PageReader reader;
    private StreamRecords records;
    private PartitionOffsets offsets;
    private SyncCycle cycle;
    private StreamSchedule schedule;
    private Instant retryAt = Instant.EPOCH;
    private long cycleCount;

    public DotdigitalSourceTask() {
        this(null, Clock.systemUTC());
    }

    /** @param client the client to read with, or null to create one from the task's settings at start */
    DotdigitalSourceTask(DotdigitalClient client, Clock clock) {
        this.client = client;
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
        metrics = new DotdigitalSourceMetrics(ConnectorMetrics.forTask(context, props));
        Instant startDate = config.startDate(clock);
        if (client == null) {
            client = DotdigitalClients.create(DotdigitalConfigDefs.settings(config), config.httpSettings(),
                    config.resilienceSettings(), metrics.apiCalls());
        }
        offsets = new PartitionOffsets(() -> context == null ? null : context.offsetStorageReader());
        planner = new CyclePlanner(client, config, assignment, offsets, clock, startDate);
        reader = new PageReader(config, startDate, offsets, metrics, clock);
        records = new StreamRecords(config);
        schedule = new StreamSchedule(assignment.streams(), config);
        log.info("Dotdigital source task started: streams {}, campaign shard {}/{}, start date {}, transport {}",
                assignment.streams(), assignment.shard(), assignment.shardCount(), startDate,
                config.getString(DotdigitalConfigDefs.TRANSPORT));
    }

    /**
     * Plan a cycle when a stream is due and inside its sync window, read one page of its current read, return the
     * page's new rows as records.
     */
    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        Instant now = clock.instant();
        metrics.updateLag(now);
        offsets.evictStored();
        Instant resumeAt = cycle == null ? later(schedule.nextReadableAt(now), retryAt) : retryAt;
        if (now.isBefore(resumeAt)) {
            idle(Duration.between(now, resumeAt));
            return null;
        }
        try {
            if (cycle == null) {
                List<StreamName> due = schedule.dueNow(now);
                cycle = new SyncCycle(now, due, planner.plan(due));
            }
            ReadJob job = cycle.next();
            while (job != null && !schedule.inWindow(job.stream, now)) {
                cycle.leaveOut(job.stream);
                planner.readsLeftOut(job.stream);
                job = cycle.next();
            }
            if (job == null) {
                finishCycle();
                return null;
            }
            ReadPage page = reader.read(job);
            cycle.pageRead(job, page);
            offsets.returned(job.partition, page.rows().size(), page.after());
            return records.of(job, page, now);
        } catch (ApiException e) {
            Duration pause = ApiFailures.pauseBeforeRetry(e);
            retryAt = clock.instant().plus(pause);
            metrics.readPaused();
            if (e instanceof ApiThrottledException) {
                // A wait the thread must not block for: poll() returns nothing until it has passed.
                log.info("{}; the task reads the same page again in {} s", e.getMessage(), pause.toSeconds());
                return null;
            }
            log.warn("Dotdigital call failed after retries ({}); the task retries the same page in {} s",
                    e.getMessage(), pause.toSeconds());
            throw new RetriableException(e.getMessage(), e);
        }
    }

    private void finishCycle() {
        Instant end = clock.instant();
        long ms = cycle.elapsed(end).toMillis();
        cycleCount++;
        metrics.cycleCompleted(ms);
        log.info("Dotdigital sync cycle {} finished in {} ms: {}", cycleCount, ms, cycle.summary());
        schedule.cycleDone(cycle.completedStreams(), end);
        cycle = null;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private void idle(Duration wait) throws InterruptedException {
        stopped.await(Math.max(1, Math.min(wait.toMillis(), MAX_IDLE_SLICE_MS)), TimeUnit.MILLISECONDS);
    }

    /** Counts the record as acknowledged, so its partition's offset can leave memory once Connect stored it. */
    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        PartitionOffsets held = offsets;
        if (held != null) {
            held.acknowledged(record.sourcePartition());
        }
    }

    /** Connect stored the offsets of the records acknowledged before its flush began. */
    @Override
    public void commit() {
        PartitionOffsets held = offsets;
        if (held != null) {
            held.committed();
        }
    }

    /** Partitions whose offsets the task holds in memory (for tests and the heap benchmark). */
    int partitionsInMemory() {
        return offsets.size();
    }

    /** Sync cycles completed since start (for tests and logs). */
    long completedCycles() {
        return cycleCount;
    }

    DotdigitalSourceMetrics metrics() {
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
}
