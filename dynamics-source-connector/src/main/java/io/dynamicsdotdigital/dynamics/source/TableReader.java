package io.dynamicsdotdigital.dynamics.source;

import io.dynamicsdotdigital.dataverse.client.DataverseClient;
import io.dynamicsdotdigital.dataverse.client.DeltaTokenExpiredException;
import io.dynamicsdotdigital.dataverse.client.PageQuery;
import io.dynamicsdotdigital.dataverse.client.PageResult;
import io.dynamicsdotdigital.dataverse.client.Paging;
import io.dynamicsdotdigital.dynamics.source.offsets.TableOffset;
import io.dynamicsdotdigital.dynamics.source.schema.RowConverter;
import io.dynamicsdotdigital.dynamics.source.schema.TableSchema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one table, one API page per call: a change-tracking snapshot then its deltaLink, or keyset watermark pages,
 * with key scans in between where deletes or list member keys need them. The parts: {@link TablePosition} (where
 * reading stands), {@link SchemaTracker} (the table's schema and mode), {@link KnownRows} (rows known to exist and
 * key scans), {@link PageRecords} and {@link RecordBuilder} (records and their offsets).
 */
final class TableReader {
    private static final Logger log = LoggerFactory.getLogger(TableReader.class);
    /** How often the task holding range 0 of a parallel snapshot asks whether the other ranges are done. */
    static final Duration RANGE_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final TableSettings settings;
    private final DynamicsSourceConfig config;
    private final DataverseClient client;
    private final DynamicsSourceMetrics.Table metrics;
    private final Clock clock;
    private final SchemaTracker schemas;
    private final TablePosition position;
    private final KnownRows known;
    private final RecordBuilder records;
    private final boolean keyStateEnabled;
    /** Non-null while this table's parallel snapshot is in progress (this reader holds range 0). */
    private ParallelSnapshot parallel;
    /** After a parallel snapshot the table is read by watermark, also when it has change tracking. */
    private final boolean byWatermark;

    // Progress of the snapshot in flight, for the completion log line.
    private long snapshotRows;
    private long snapshotPages;
    private Instant snapshotStarted;

    TableReader(TableSettings settings, DynamicsSourceConfig config, DataverseClient client, SchemaTracker schemas,
                DynamicsSourceMetrics.Table metrics, Clock clock, TableOffset storedOffset) {
        this(settings, config, client, schemas, metrics, clock, storedOffset, KeyStateLog.DISABLED, null);
    }

    /**
     * @param keyState    where rows in Kafka's view are recorded ({@link KeyStateLog#DISABLED} without a key-state
     *                    topic)
     * @param storedKeys  the table's entries loaded from the key-state topic, or null without one
     */
    TableReader(TableSettings settings, DynamicsSourceConfig config, DataverseClient client, SchemaTracker schemas,
                DynamicsSourceMetrics.Table metrics, Clock clock, TableOffset storedOffset, KeyStateLog keyState,
                KeyStateStore.StoredKeys storedKeys) {
        this(settings, config, client, schemas, metrics, clock, storedOffset, keyState, storedKeys, null);
    }

    /**
     * @param rangeProgress where the other ranges of a parallel snapshot are seen; null reads the table in this task
     *                      alone whatever {@code snapshot.parallelism} says
     */
    TableReader(TableSettings settings, DynamicsSourceConfig config, DataverseClient client, SchemaTracker schemas,
                DynamicsSourceMetrics.Table metrics, Clock clock, TableOffset storedOffset, KeyStateLog keyState,
                KeyStateStore.StoredKeys storedKeys, ParallelSnapshot.RangeProgress rangeProgress) {
        this.settings = settings;
        this.config = config;
        this.client = client;
        this.metrics = metrics;
        this.clock = clock;
        this.schemas = schemas;
        int ranges = rangeProgress == null ? 1 : config.snapshotParallelism(settings.logicalName());
        storedOffset = parallelStart(storedOffset, ranges);
        this.byWatermark = storedOffset instanceof TableOffset.Range
                || ranges > 1 && storedOffset instanceof TableOffset.Watermark;
        this.position = new TablePosition(storedOffset, config.pollInterval(settings.logicalName()), clock);
        // A fresh start reads every row, which fills the known keys; a restart has to scan for them.
        long resumedEpoch = position.resumesMidTable() && storedOffset instanceof TableOffset.Snapshot s
                ? s.epoch() : 0;
        this.known = new KnownRows(settings.logicalName(), config.watermarkDeleteScanInterval(), clock,
                !position.resumesMidTable(), keyState, storedKeys, resumedEpoch);
        this.keyStateEnabled = keyState.enabled();
        this.records = new RecordBuilder(settings, config.getString(DynamicsSourceConfig.TOPIC_PREFIX),
                config.deleteEventsEnabled(), clock, keyState);
        if (storedOffset instanceof TableOffset.Range r) {
            // Range 0's rows go to the table's known rows, so its first delete scan compares them too.
            RangeReader rangeZero = new RangeReader(settings, config, client, schemas, metrics, clock, records, 0,
                    r.ranges(), r, known);
            this.parallel = new ParallelSnapshot(settings.logicalName(), rangeZero, rangeProgress,
                    i -> new RangeReader(settings, config, client, schemas, metrics, clock, records, i, r.ranges(),
                            null), clock);
        }
    }

    /**
     * The position a split table starts from: range 0 of a new parallel snapshot when it has no stored offset (or
     * one of a split into another number of ranges); a stored range position without a split any more starts the
     * table again.
     */
    private TableOffset parallelStart(TableOffset stored, int ranges) {
        if (ranges > 1 && (stored == null || stored instanceof TableOffset.Range r && r.ranges() != ranges)) {
            if (stored != null) {
                log.warn("Table {}: the stored snapshot was split into {} ranges, now {}; starting the parallel"
                        + " snapshot again", table(), ((TableOffset.Range) stored).ranges(), ranges);
            }
            return new TableOffset.Range(ranges, null, null, false);
        }
        if (ranges == 1 && stored instanceof TableOffset.Range) {
            log.warn("Table {}: the stored position is a range of a parallel snapshot but the table is no longer"
                    + " split; reading it again from its start", table());
            return null;
        }
        return stored;
    }

    /** Change tracking, unless the table continues by watermark after a parallel snapshot. */
    private boolean changeTracking() {
        return schemas.changeTracking() && !byWatermark;
    }

    String table() {
        return settings.logicalName();
    }

    Instant dueAt() {
        return position.dueAt();
    }

    void postpone(Duration delay) {
        position.postpone(delay);
    }

    TableOffset position() {
        return position.current();
    }

    /** Reads the next page and returns its records (possibly none). */
    List<SourceRecord> readNextPage() {
        schemas.ensureFresh();
        known.attach(schemas.schema());
        if (parallel != null && position.current() instanceof TableOffset.Range) {
            List<SourceRecord> out = parallelSnapshotStep();
            metrics.lastSuccessfulPoll.set(clock.millis());
            return out;
        }
        startIfNeeded();
        if (known.scanning() || known.scanDue(changeTracking(), naturalKey())) {
            return keyScanStep();
        }
        List<SourceRecord> out;
        TableOffset at = position.current();
        if (at instanceof TableOffset.Snapshot s) {
            out = readSnapshotPage(s);
        } else if (at instanceof TableOffset.Delta d) {
            out = readDeltaPage(d);
        } else {
            out = readWatermarkPage((TableOffset.Watermark) at);
        }
        metrics.lastSuccessfulPoll.set(clock.millis());
        return out;
    }

    /** A page of range 0, or (range 0 done) a look at the other ranges and, once all are done, the watermark. */
    private List<SourceRecord> parallelSnapshotStep() {
        if (parallel.readingRangeZero()) {
            List<SourceRecord> out = parallel.readRangeZeroPage();
            position.range(parallel.position());
            return out;
        }
        Instant from = parallel.continueFrom();
        if (from == null) {
            position.postpone(RANGE_CHECK_INTERVAL);
            return List.of();
        }
        position.continueByWatermark(new TableOffset.Watermark(from, -1));
        parallel = null;
        return List.of();
    }

    private void startIfNeeded() {
        if (!position.needsStart(changeTracking())) {
            return;
        }
        TableOffset stored = position.current();
        if (stored != null) {
            log.warn("Table {}: the stored offset is a {} position but the table is now read in {} mode; starting"
                    + " the table again from its configured start", table(), stored.toMap().get(TableOffset.PHASE),
                    changeTracking() ? "change_tracking" : "watermark");
        }
        known.restart();
        snapshotStarted = null;
        position.start(changeTracking());
    }

    private List<SourceRecord> readSnapshotPage(TableOffset.Snapshot first) {
        TableOffset.Snapshot at = first;
        if (snapshotStarted == null || at.nextLink() == null) {
            snapshotStarted = clock.instant();
            snapshotRows = 0;
            snapshotPages = 0;
            if (at.nextLink() == null) {
                // A new epoch per snapshot, so a restart in its middle can tell the rows it already read.
                at = position.startSnapshot(at, keyStateEnabled ? Math.max(1, clock.millis()) : 0);
                known.snapshotStarting(at.epoch());
                log.info("Table {}: {}snapshot starting", table(), at.resnapshot() ? "re-" : "");
            } else {
                log.info("Table {}: resuming the snapshot from its stored page link", table());
            }
        }
        String entitySet = schemas.schema().entitySetName();
        String nextLink = at.nextLink();
        Supplier<PageQuery> query = () -> nextLink == null
                ? new PageQuery.Snapshot(schemas.schema().entitySetName(), selectFor(), Paging.TRACK_CHANGES)
                : new PageQuery.Follow(entitySet, nextLink, Paging.TRACK_CHANGES);
        Instant startFrom = config.startTimestamp().orElse(null);
        Page page = fetch(query, "snapshot page of " + entitySet, at.resnapshot(), startFrom);
        TableOffset next = position.afterSnapshotPage(at, page.result);
        if (next instanceof TableOffset.Watermark) {
            log.warn("Table {}: the last snapshot page carried no deltaLink; change tracking seems off, reading the"
                    + " table by watermark from now on", table());
            schemas.stopChangeTracking();
        }
        snapshotPages++;
        snapshotRows += page.records.rows();
        metrics.snapshotPages.increment();
        metrics.snapshotRows.add(page.records.rows());
        List<SourceRecord> out = page.records.toRecords(at, next);
        if (!(next instanceof TableOffset.Snapshot)) {
            out = withSnapshotDeletes(out, at, next);
            double seconds = Duration.between(snapshotStarted, clock.instant()).toMillis() / 1000.0;
            log.info("Table {}: snapshot complete: {} rows in {} pages, {} s", table(), snapshotRows, snapshotPages,
                    String.format("%.1f", seconds));
            snapshotStarted = null;
        }
        return out;
    }

    /**
     * After a snapshot's last page: tombstones for the rows Kafka held that the snapshot did not read. They go before
     * the page's last record, which alone carries the position after the snapshot, so a restart before that record
     * is stored reads the last page again and finds them again.
     */
    private List<SourceRecord> withSnapshotDeletes(List<SourceRecord> pageRecords, TableOffset.Snapshot at,
                                                   TableOffset next) {
        Map<String, Struct> deleted = known.snapshotComplete();
        if (deleted.isEmpty()) {
            return pageRecords;
        }
        TableSchema schema = schemas.schema();
        List<SourceRecord> out = new ArrayList<>(pageRecords.size() + deleted.size() * records.recordsPerDelete());
        int last = pageRecords.size() - 1;
        out.addAll(pageRecords.subList(0, Math.max(0, last)));
        int i = 0;
        for (Map.Entry<String, Struct> row : deleted.entrySet()) {
            boolean carriesPosition = last < 0 && ++i == deleted.size();
            Struct key = row.getValue() != null ? row.getValue() : RecordBuilder.keyOfId(schema, row.getKey());
            metrics.deletesRead.increment();
            records.addDelete(out, schema, row.getKey(), "not found by the snapshot", carriesPosition
                    ? next.toMap() : at.toMap(), key);
        }
        if (last >= 0) {
            out.add(pageRecords.get(last));
        }
        log.info("Table {}: {} tombstones for rows in Kafka's view that the snapshot did not find", table(),
                deleted.size());
        return out;
    }

    private List<SourceRecord> readDeltaPage(TableOffset.Delta at) {
        String entitySet = schemas.schema().entitySetName();
        Page page;
        try {
            page = fetch(() -> new PageQuery.Follow(entitySet, at.deltaLink(), Paging.TRACK_CHANGES),
                    "delta read of " + entitySet, false, null);
        } catch (DeltaTokenExpiredException e) {
            metrics.deltaTokenResets.increment();
            log.warn("Table {}: the delta token expired ({}); reading the whole table again. Re-read rows carry the"
                    + " header {}=true", table(), e.error(), RecordHeaders.RESNAPSHOT);
            position.deltaExpired();
            return List.of();
        }
        TableOffset next = position.afterDeltaPage(at, page.result);
        return page.records.toRecords(at, next);
    }

    private List<SourceRecord> readWatermarkPage(TableOffset.Watermark at) {
        Instant upper = clock.instant().minus(config.watermarkSafetyDelay());
        Instant from = config.startTimestamp().orElse(null);
        boolean labels = config.optionLabelsEnabled();
        Page page = fetch(() -> new PageQuery.Watermark(schemas.schema().entitySetName(), selectFor(),
                at.modifiedOn(), at.versionNumber(), from, upper, settings.filter(), labels),
                "watermark page of " + schemas.schema().entitySetName(), false, null);
        List<SourceRecord> out = page.records.toWatermarkRecords();
        boolean caughtUp = page.result.items() < config.pageSize();
        known.watermarkCaughtUp(caughtUp);
        position.afterWatermarkPage(page.records.lastWatermark(), caughtUp);
        return out;
    }

    private boolean naturalKey() {
        return !schemas.schema().keyIsPrimaryId();
    }

    /** One page of a key scan; when a watermark delete scan completes, tombstones for the rows it found gone. */
    private List<SourceRecord> keyScanStep() {
        TableSchema schema = schemas.schema();
        Map<String, Struct> deleted = known.scanStep(client, schema, changeTracking());
        metrics.keyScanPages.increment();
        metrics.lastSuccessfulPoll.set(clock.millis());
        position.dueNow();
        if (deleted == null || changeTracking()) {
            return List.of();
        }
        List<SourceRecord> out = new ArrayList<>();
        Map<String, ?> offset = position.current().toMap();
        for (Map.Entry<String, Struct> row : deleted.entrySet()) {
            Struct key = row.getValue() != null ? row.getValue() : RecordBuilder.keyOfId(schema, row.getKey());
            metrics.deletesRead.increment();
            records.addDelete(out, schema, row.getKey(), "not found by key scan", offset, key);
        }
        position.dueAfterPollInterval();
        return out;
    }

    /** $select: the schema's columns, or nothing (every column) when all columns were asked for. */
    private List<String> selectFor() {
        return settings.columns().isEmpty() ? List.of() : schemas.schema().select();
    }

    /**
     * Reads one page; when a row carries a column the schema lacks, reads the metadata again and the page again,
     * so the new column is in the records without a restart.
     */
    private Page fetch(Supplier<PageQuery> query, String what, boolean resnapshot, Instant startFrom) {
        for (int attempt = 0; ; attempt++) {
            TableSchema schema = schemas.schema();
            PageRecords page = new PageRecords(schema, records, known,
                    known.tracks(naturalKey(), changeTracking()), metrics, clock, resnapshot, startFrom);
            PageResult result = client.readPage(query.get(),
                    new RowConverter(schema, page, what, config.skipUnreadableRows()), what);
            if (!schemas.refreshForUnknown(result.unknownColumns(), attempt > 0)) {
                return new Page(page, result);
            }
        }
    }

    private record Page(PageRecords records, PageResult result) {
    }
}
