package io.dynamicsdotdigital.dynamics.source;

import io.dynamicsdotdigital.dataverse.client.DataverseClient;
import io.dynamicsdotdigital.dataverse.client.ODataLiterals;
import io.dynamicsdotdigital.dataverse.client.PageQuery;
import io.dynamicsdotdigital.dataverse.client.PageResult;
import io.dynamicsdotdigital.dataverse.client.Paging;
import io.dynamicsdotdigital.dynamics.source.offsets.TableOffset;
import io.dynamicsdotdigital.dynamics.source.schema.RowConverter;
import io.dynamicsdotdigital.dynamics.source.schema.TableSchema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one primary-key range of a table's parallel snapshot, one API page per call, with plain paging (no change
 * tracking: Dataverse refuses $filter with it). Each record carries the range's position, so a restart resumes after
 * the last page the worker committed.
 */
final class RangeReader {
    private static final Logger log = LoggerFactory.getLogger(RangeReader.class);
    /** How often a range whose end no record carried yet looks again for a row to carry it. */
    static final Duration CARRIER_RETRY = Duration.ofSeconds(5);

    private final TableSettings settings;
    private final DynamicsSourceConfig config;
    private final DataverseClient client;
    private final SchemaTracker schemas;
    private final DynamicsSourceMetrics.Table metrics;
    private final Clock clock;
    private final RecordBuilder records;
    /** The rows this range emitted, and after its end the rows its key scans found. */
    private final KnownRows known;
    /** Whether emitted rows are remembered: watermark delete scans are on. */
    private final boolean tracksRows;
    /**
     * Whether this range looks for deletes of its own rows after its end (ranges 1..N-1; the table's reader holds
     * range 0's rows with every other row it reads): no other task knows which rows this range emitted.
     */
    private final boolean scansForDeletes;
    private final int index;
    private TableOffset.Range position;
    private long rows;
    private Instant started;
    private Instant dueAt = Instant.EPOCH;
    /**
     * The range read its last page but no record carried the position saying so (the page came back without rows:
     * rows deleted since the page before, or none left in the range), so no committed offset says it is done yet.
     */
    private boolean endNotCarried;

    /** @param stored the range's stored position, or null to read it from its first page */
    RangeReader(TableSettings settings, DynamicsSourceConfig config, DataverseClient client, SchemaTracker schemas,
                DynamicsSourceMetrics.Table metrics, Clock clock, RecordBuilder records, int index, int ranges,
                TableOffset.Range stored) {
        this(settings, config, client, schemas, metrics, clock, records, index, ranges, stored, null);
    }

    /** @param known where emitted rows are remembered (range 0: the table's own); null for a set of the range's own */
    RangeReader(TableSettings settings, DynamicsSourceConfig config, DataverseClient client, SchemaTracker schemas,
                DynamicsSourceMetrics.Table metrics, Clock clock, RecordBuilder records, int index, int ranges,
                TableOffset.Range stored, KnownRows known) {
        this.settings = settings;
        this.config = config;
        this.client = client;
        this.schemas = schemas;
        this.metrics = metrics;
        this.clock = clock;
        this.records = records;
        this.index = index;
        this.position = stored != null ? stored : new TableOffset.Range(ranges, null, null, false);
        this.tracksRows = !config.watermarkDeleteScanInterval().isZero();
        this.scansForDeletes = tracksRows && index > 0 && known == null;
        this.known = known != null ? known
                : new KnownRows(settings.logicalName(), config.watermarkDeleteScanInterval(), clock, true);
        if (known == null) {
            this.known.scanOnly(select -> keyRangeLink(schemas.schema(), select));
        }
    }

    TableOffset.Range position() {
        return position;
    }

    boolean done() {
        return position.done();
    }

    /**
     * Whether the range still has something to do: pages to read, its end to get committed, or (after its end) key
     * scans of its rows, as long as the task runs.
     */
    boolean pending() {
        return !position.done() || endNotCarried || scansForDeletes;
    }

    /** Whether the range read its last page but no committed offset says so yet. */
    boolean endNotCarried() {
        return endNotCarried;
    }

    /** The table went on past its parallel snapshot (its own partition says so): nothing is waiting for this range. */
    void snapshotOver() {
        endNotCarried = false;
    }

    /**
     * Reads the range's next page; once it is done, a row to carry its end while no record did, then a page of its
     * key scan.
     */
    List<SourceRecord> readNextPage() {
        if (position.done()) {
            return endNotCarried ? carryEnd() : scansForDeletes ? deleteScanStep() : List.of();
        }
        schemas.ensureFresh();
        TableSchema schema = schemas.schema();
        TableOffset.Range at = position;
        if (at.nextLink() == null) {
            // Before the first page: changes from here on are read again after the snapshot.
            at = new TableOffset.Range(at.ranges(), clock.instant().minus(config.watermarkSafetyDelay())
                    .truncatedTo(ChronoUnit.SECONDS), null, false);
            started = clock.instant();
            log.info("Table {}: snapshot range {} of {} starting ({})", table(), index, at.ranges(),
                    rangeFilter(schema).isEmpty() ? "every key" : rangeFilter(schema));
        } else if (started == null) {
            started = clock.instant();
            log.info("Table {}: snapshot range {} of {} resuming from its stored page link", table(), index,
                    at.ranges());
        }
        String what = "snapshot range " + index + " page of " + schema.entitySetName();
        PageQuery query = new PageQuery.Follow(schema.entitySetName(),
                at.nextLink() != null ? at.nextLink() : firstLink(schema), paging());
        PageRecords page = new PageRecords(schema, records, known, tracksRows, metrics, clock, false,
                config.startTimestamp().orElse(null));
        PageResult result = client.readPage(query, new RowConverter(schema, page, what, config.skipUnreadableRows()),
                what);
        TableOffset.Range next = new TableOffset.Range(at.ranges(), at.since(), result.nextLink(),
                result.nextLink() == null);
        position = next;
        rows += page.rows();
        metrics.snapshotPages.increment();
        metrics.snapshotRows.add(page.rows());
        metrics.lastSuccessfulPoll.set(clock.millis());
        List<SourceRecord> out = page.toRecords(at, next);
        if (next.done()) {
            log.info("Table {}: snapshot range {} of {} complete: {} rows in {} s", table(), index, at.ranges(), rows,
                    String.format("%.1f", Duration.between(started, clock.instant()).toMillis() / 1000.0));
            endNotCarried = out.isEmpty();
            if (endNotCarried) {
                log.info("Table {}: the last page of snapshot range {} held no rows (deleted since the page before,"
                        + " or none in the range); a row of the range read again will carry its end", table(), index);
            }
        }
        return out;
    }

    /**
     * Only a record stores an offset, and the task holding range 0 waits until a committed offset says this range is
     * done: the first row of the range's first page, read again, carries that position (a repeat, at least once). A
     * range without rows needs none (range 0's task finds it empty); it looks again later in case rows are created in
     * it meanwhile.
     */
    private List<SourceRecord> carryEnd() {
        TableSchema schema = schemas.schema();
        String what = "snapshot range " + index + " end of " + schema.entitySetName();
        PageRecords page = new PageRecords(schema, records, known, tracksRows, metrics, clock, false, null);
        client.readPage(new PageQuery.Follow(schema.entitySetName(), firstLink(schema), paging()),
                new RowConverter(schema, page, what, config.skipUnreadableRows()), what);
        List<SourceRecord> out = page.toRecords(position, position);
        if (out.isEmpty()) {
            postpone(CARRIER_RETRY);
            return out;
        }
        endNotCarried = false;
        log.info("Table {}: snapshot range {}: its end carried by a repeat of one of its rows", table(), index);
        return List.of(out.get(0));
    }

    /**
     * One page of a key scan of the range; when it completes, tombstones for the rows the range knew that it did not
     * find. A row this range emitted and that was deleted before the table's own delete scan first found every row
     * has no other task that knows it: so each range scans its own rows, first right after its end, then every
     * watermark.delete.scan.interval.ms.
     */
    private List<SourceRecord> deleteScanStep() {
        TableSchema schema = schemas.schema();
        Map<String, Struct> deleted = known.scanStep(client, schema, false);
        metrics.keyScanPages.increment();
        metrics.lastSuccessfulPoll.set(clock.millis());
        if (deleted == null) {
            return List.of();
        }
        postpone(config.watermarkDeleteScanInterval());
        List<SourceRecord> out = new ArrayList<>();
        for (Map.Entry<String, Struct> row : deleted.entrySet()) {
            Struct key = row.getValue() != null ? row.getValue() : RecordBuilder.keyOfId(schema, row.getKey());
            metrics.deletesRead.increment();
            records.addDelete(out, schema, row.getKey(), "not found by the key scan of snapshot range " + index,
                    position.toMap(), key);
        }
        return out;
    }

    /**
     * Whether the range holds no row now (its first page of keys). A range without rows stores no offset, and one
     * whose rows were all deleted stores none saying it is done, so the task holding range 0 asks this instead.
     */
    boolean isEmpty() {
        schemas.ensureFresh();
        TableSchema schema = schemas.schema();
        int[] rowsSeen = {0};
        String what = "snapshot range " + index + " probe of " + schema.entitySetName();
        client.readPage(new PageQuery.Follow(schema.entitySetName(), firstLink(schema, List.of(schema.primaryId())),
                Paging.PLAIN), new RowConverter(schema, new io.dynamicsdotdigital.dynamics.source.schema.RowHandler() {
                    @Override
                    public void row(org.apache.kafka.connect.data.Struct value) {
                        rowsSeen[0]++;
                    }

                    @Override
                    public void deleted(String id, String reason) {
                        // Plain paging reports no deletes.
                    }
                }, what, true), what);
        return rowsSeen[0] == 0;
    }

    String table() {
        return settings.logicalName();
    }

    Instant dueAt() {
        return dueAt;
    }

    /** A transient failure: the range is read again after {@code delay}. */
    void postpone(Duration delay) {
        dueAt = clock.instant().plus(delay);
    }

    private Paging paging() {
        return config.optionLabelsEnabled() && !schemas.changeTracking() ? Paging.WITH_LABELS : Paging.PLAIN;
    }

    private String rangeFilter(TableSchema schema) {
        return SnapshotRanges.filter(schema.primaryId(), index, position.ranges());
    }

    /** The range's first page: its key range, and in watermark mode the table's own filter. */
    private String firstLink(TableSchema schema) {
        return firstLink(schema, settings.columns().isEmpty() ? List.of() : schema.select());
    }

    private String firstLink(TableSchema schema, List<String> select) {
        String filter = rangeFilter(schema);
        if (!schemas.changeTracking() && !settings.filter().isEmpty()) {
            filter = filter.isEmpty() ? settings.filter() : "(" + settings.filter() + ") and " + filter;
        }
        // With start.from=timestamp the server leaves older rows out.
        if (config.startTimestamp().isPresent()) {
            String since = "modifiedon ge " + ODataLiterals.dateTime(config.startTimestamp().get());
            filter = filter.isEmpty() ? since : filter + " and " + since;
        }
        return link(schema, select, filter);
    }

    /** Every row of the range, whatever the table's filter: a key scan, like the table's, looks at all rows. */
    private String keyRangeLink(TableSchema schema, List<String> select) {
        return link(schema, select, rangeFilter(schema));
    }

    private String link(TableSchema schema, List<String> select, String filter) {
        StringBuilder q = new StringBuilder();
        if (!select.isEmpty()) {
            q.append("$select=").append(ODataLiterals.encode(String.join(",", select)));
        }
        if (!filter.isEmpty()) {
            q.append(q.length() > 0 ? "&" : "").append("$filter=").append(ODataLiterals.encode(filter));
        }
        return config.webApiRoot().resolve(schema.entitySetName() + (q.length() > 0 ? "?" + q : "")).toString();
    }
}
