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
import java.util.List;
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
    private final KnownRows unused;
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
        this.settings = settings;
        this.config = config;
        this.client = client;
        this.schemas = schemas;
        this.metrics = metrics;
        this.clock = clock;
        this.records = records;
        this.index = index;
        this.position = stored != null ? stored : new TableOffset.Range(ranges, null, null, false);
        // Ranges keep no row keys: deletes of a parallel-snapshotted table are found by the watermark delete scan.
        this.unused = new KnownRows(settings.logicalName(), Duration.ZERO, clock, true);
    }

    TableOffset.Range position() {
        return position;
    }

    boolean done() {
        return position.done();
    }

    /** Whether the range still has something to do: pages to read, or its end to get committed. */
    boolean pending() {
        return !position.done() || endNotCarried;
    }

    /** Whether the range read its last page but no committed offset says so yet. */
    boolean endNotCarried() {
        return endNotCarried;
    }

    /** The table went on past its parallel snapshot (its own partition says so): nothing is waiting for this range. */
    void snapshotOver() {
        endNotCarried = false;
    }

    /** Reads the range's next page, or once it is done and its end not committed, a row to carry that end. */
    List<SourceRecord> readNextPage() {
        if (position.done()) {
            return endNotCarried ? carryEnd() : List.of();
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
        PageRecords page = new PageRecords(schema, records, unused, false, metrics, clock, false,
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
        PageRecords page = new PageRecords(schema, records, unused, false, metrics, clock, false, null);
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
        // With start.from=timestamp the server leaves older rows out, so no page of a range comes back without
        // records (a page without records stores no offset, and range 0's task would wait for it forever).
        if (config.startTimestamp().isPresent()) {
            String since = "modifiedon ge " + ODataLiterals.dateTime(config.startTimestamp().get());
            filter = filter.isEmpty() ? since : filter + " and " + since;
        }
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
