package io.dynamicsdotdigital.dynamics;

import io.dynamicsdotdigital.dynamics.dataverse.DataverseClient;
import io.dynamicsdotdigital.dynamics.dataverse.DataverseRequests;
import io.dynamicsdotdigital.dynamics.dataverse.DataverseRequests.Paging;
import io.dynamicsdotdigital.dynamics.dataverse.DeltaTokenExpiredException;
import io.dynamicsdotdigital.dynamics.dataverse.EntityMetadata;
import io.dynamicsdotdigital.dynamics.dataverse.PageHandler;
import io.dynamicsdotdigital.dynamics.dataverse.PageResult;
import io.dynamicsdotdigital.dynamics.offsets.SourcePartitions;
import io.dynamicsdotdigital.dynamics.offsets.TableOffset;
import io.dynamicsdotdigital.dynamics.schema.SchemaMapper;
import io.dynamicsdotdigital.dynamics.schema.TableSchema;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one table, one API page per call: a change-tracking snapshot then its deltaLink, or keyset watermark pages.
 * The position after each page lives in memory and in the records' source offsets; nothing else survives a restart.
 */
final class TableReader {
    private static final Logger log = LoggerFactory.getLogger(TableReader.class);
    private static final Duration UNKNOWN_COLUMN_REFRESH_MIN_INTERVAL = Duration.ofMinutes(1);

    private final TableSettings settings;
    private final DynamicsSourceConfig config;
    private final DataverseClient client;
    private final SchemaMapper mapper;
    private final TableMetrics metrics;
    private final Clock clock;
    private final Map<String, Object> partition;

    private EntityMetadata metadata;
    private TableSchema schema;
    private int schemaVersion;
    private Instant schemaReadAt = Instant.EPOCH;
    private Instant unknownRefreshAt = Instant.EPOCH;
    private final Set<String> ignoredProperties = new HashSet<>();
    private Schema deleteEventSchema;
    private boolean changeTracking;

    private TableOffset position;
    private Instant dueAt = Instant.EPOCH;
    /**
     * Rows known to exist, primary id to record key: list members (whose deletes name only the id, while their key
     * is (list, member)), and in watermark mode with delete scans on, every row (key null when it is the id).
     */
    private Map<String, Struct> known = new HashMap<>();
    /** Whether {@link #known} holds every list member; false after a restart until a key scan filled it. */
    private boolean keysPrimed;
    private KeyScan scan;
    /** The rows known when a watermark delete scan began; those it does not find were deleted. */
    private Map<String, Struct> scanCandidates;
    private boolean watermarkCaughtUp;
    private Instant deleteScanDueAt = Instant.EPOCH;

    // Progress of the snapshot in flight, for the completion log line.
    private long snapshotRows;
    private long snapshotPages;
    private Instant snapshotStarted;

    TableReader(TableSettings settings, DynamicsSourceConfig config, DataverseClient client, SchemaMapper mapper,
                TableMetrics metrics, Clock clock, Map<String, Object> storedOffset) {
        this.settings = settings;
        this.config = config;
        this.client = client;
        this.mapper = mapper;
        this.metrics = metrics;
        this.clock = clock;
        this.partition = SourcePartitions.of(settings.logicalName());
        this.position = io.dynamicsdotdigital.dynamics.offsets.Offsets.parse(storedOffset,
                config.httpSettings().allowPlainHttp());
        // A fresh start reads every row, which fills the known keys; a restart has to scan for them.
        this.keysPrimed = position == null
                || position instanceof TableOffset.Snapshot snapshot && snapshot.nextLink() == null;
    }

    String table() {
        return settings.logicalName();
    }

    Instant dueAt() {
        return dueAt;
    }

    void postpone(Duration delay) {
        dueAt = clock.instant().plus(delay);
    }

    TableOffset position() {
        return position;
    }

    /** Reads the next page and returns its records (possibly none). */
    List<SourceRecord> readNextPage() {
        ensureSchema();
        if (position == null) {
            position = initialPosition();
        } else if (position instanceof TableOffset.Watermark && changeTracking
                || !(position instanceof TableOffset.Watermark) && !changeTracking) {
            log.warn("Table {}: the stored offset is a {} position but the table is now read in {} mode; starting"
                    + " the table again from its configured start", table(), position.toMap().get(TableOffset.PHASE),
                    changeTracking ? "change_tracking" : "watermark");
            position = initialPosition();
        }
        if (scan != null || keyScanDue()) {
            return keyScanStep();
        }
        List<SourceRecord> out;
        if (position instanceof TableOffset.Snapshot s) {
            out = readSnapshotPage(s);
        } else if (position instanceof TableOffset.Delta d) {
            out = readDeltaPage(d);
        } else {
            out = readWatermarkPage((TableOffset.Watermark) position);
        }
        metrics.lastSuccessfulPoll.set(clock.millis());
        return out;
    }

    private TableOffset initialPosition() {
        known.clear();
        keysPrimed = true;
        scan = null;
        scanCandidates = null;
        watermarkCaughtUp = false;
        if (changeTracking) {
            snapshotStarted = null;
            return TableOffset.Snapshot.START;
        }
        return new TableOffset.Watermark(null, -1);
    }

    private List<SourceRecord> readSnapshotPage(TableOffset.Snapshot at) {
        if (snapshotStarted == null || at.nextLink() == null) {
            snapshotStarted = clock.instant();
            snapshotRows = 0;
            snapshotPages = 0;
            if (at.nextLink() == null) {
                known.clear();
                keysPrimed = true;
                log.info("Table {}: {}snapshot starting", table(), at.resnapshot() ? "re-" : "");
            } else {
                log.info("Table {}: resuming the snapshot from its stored page link", table());
            }
        }
        DataverseRequests r = client.requests();
        Supplier<HttpRequest.Builder> request = () -> at.nextLink() == null
                ? r.snapshot(schema.entitySetName(), selectFor(), Paging.TRACK_CHANGES)
                : r.follow(at.nextLink(), Paging.TRACK_CHANGES);
        Page page = fetch(request, "snapshot page of " + schema.entitySetName(), at.resnapshot(), true);
        TableOffset next;
        if (page.result.nextLink() != null) {
            next = new TableOffset.Snapshot(page.result.nextLink(), at.resnapshot());
        } else if (page.result.deltaLink() != null) {
            next = new TableOffset.Delta(page.result.deltaLink());
        } else {
            log.warn("Table {}: the last snapshot page carried no deltaLink; change tracking seems off, reading the"
                    + " table by watermark from now on", table());
            changeTracking = false;
            next = new TableOffset.Watermark(null, -1);
        }
        snapshotPages++;
        snapshotRows += page.rows;
        metrics.snapshotPages.increment();
        metrics.snapshotRows.add(page.rows);
        List<SourceRecord> records = page.toRecords(at, next);
        position = next;
        if (next instanceof TableOffset.Snapshot) {
            dueAt = Instant.EPOCH;
        } else {
            double seconds = Duration.between(snapshotStarted, clock.instant()).toMillis() / 1000.0;
            log.info("Table {}: snapshot complete: {} rows in {} pages, {} s", table(), snapshotRows, snapshotPages,
                    String.format("%.1f", seconds));
            snapshotStarted = null;
            dueAt = clock.instant().plus(config.pollInterval());
        }
        return records;
    }

    private List<SourceRecord> readDeltaPage(TableOffset.Delta at) {
        DataverseRequests r = client.requests();
        Page page;
        try {
            page = fetch(() -> r.follow(at.deltaLink(), Paging.TRACK_CHANGES), "delta read of "
                    + schema.entitySetName(), false, false);
        } catch (DeltaTokenExpiredException e) {
            metrics.deltaTokenResets.increment();
            log.warn("Table {}: the delta token expired ({}); reading the whole table again. Re-read rows carry the"
                    + " header {}=true", table(), e.error(), RecordHeaders.RESNAPSHOT);
            position = new TableOffset.Snapshot(null, true);
            dueAt = Instant.EPOCH;
            return List.of();
        }
        TableOffset next;
        if (page.result.nextLink() != null) {
            next = new TableOffset.Delta(page.result.nextLink());
            dueAt = Instant.EPOCH;
        } else if (page.result.deltaLink() != null) {
            next = new TableOffset.Delta(page.result.deltaLink());
            dueAt = clock.instant().plus(config.pollInterval());
        } else {
            // No new link: keep following the old one.
            next = at;
            dueAt = clock.instant().plus(config.pollInterval());
        }
        List<SourceRecord> records = page.toRecords(at, next);
        position = next;
        return records;
    }

    private List<SourceRecord> readWatermarkPage(TableOffset.Watermark at) {
        DataverseRequests r = client.requests();
        Instant upper = clock.instant().minus(config.watermarkSafetyDelay());
        Instant from = config.startTimestamp().orElse(null);
        boolean labels = config.optionLabelsEnabled();
        Page page = fetch(() -> r.watermark(schema.entitySetName(), selectFor(), at.modifiedOn(), at.versionNumber(),
                from, upper, settings.filter(), labels), "watermark page of " + schema.entitySetName(), false, false);
        // Each row's own keyset position is its offset, so a restart resumes exactly after the last acknowledged row.
        List<SourceRecord> records = page.toWatermarkRecords();
        if (!records.isEmpty()) {
            position = page.lastWatermark;
        }
        watermarkCaughtUp = page.result.items() < config.pageSize();
        dueAt = watermarkCaughtUp ? clock.instant().plus(config.pollInterval()) : Instant.EPOCH;
        return records;
    }

    private boolean naturalKey() {
        return !schema.keyIsPrimaryId();
    }

    /** Whether emitted rows are remembered in {@link #known}. */
    private boolean tracksKnownRows() {
        return naturalKey() || !changeTracking && !config.watermarkDeleteScanInterval().isZero();
    }

    private boolean keyScanDue() {
        if (changeTracking) {
            return naturalKey() && !keysPrimed;
        }
        return !config.watermarkDeleteScanInterval().isZero() && watermarkCaughtUp
                && !clock.instant().isBefore(deleteScanDueAt);
    }

    /**
     * One page of a key scan. Change-tracking list members: learns the keys of members that exist now, so their
     * later deletes can be keyed. Watermark mode: when complete, rows known before the scan that it did not find
     * were deleted, and become tombstones.
     */
    private List<SourceRecord> keyScanStep() {
        if (scan == null) {
            scan = new KeyScan(schema, this::keyOf);
            if (!changeTracking) {
                scanCandidates = known;
                known = new HashMap<>();
            }
            log.info("Table {}: key scan starting ({})", table(), changeTracking
                    ? "learning list member keys after a restart" : "looking for deleted rows");
        }
        boolean complete = scan.step(client);
        metrics.keyScanPages.increment();
        metrics.lastSuccessfulPoll.set(clock.millis());
        dueAt = Instant.EPOCH;
        if (!complete) {
            return List.of();
        }
        KeyScan finished = scan;
        scan = null;
        if (changeTracking) {
            finished.rows().forEach(known::putIfAbsent);
            keysPrimed = true;
            log.info("Table {}: key scan complete: {} rows in {} pages", table(), finished.rows().size(),
                    finished.pages());
            return List.of();
        }
        List<SourceRecord> out = new ArrayList<>();
        Map<String, ?> offset = position.toMap();
        for (Map.Entry<String, Struct> candidate : scanCandidates.entrySet()) {
            if (!finished.rows().containsKey(candidate.getKey())) {
                Struct key = candidate.getValue() != null ? candidate.getValue() : keyOfId(candidate.getKey());
                addDelete(out, candidate.getKey(), "not found by key scan", offset, key);
            }
        }
        // Rows emitted while the scan ran exist too, even where the scan had passed them already.
        Map<String, Struct> now = finished.rows();
        now.putAll(known);
        known = now;
        scanCandidates = null;
        deleteScanDueAt = clock.instant().plus(config.watermarkDeleteScanInterval());
        dueAt = clock.instant().plus(config.pollInterval());
        log.info("Table {}: key scan complete: {} rows in {} pages, {} deleted since the previous scan", table(),
                finished.rows().size(), finished.pages(), out.size() / (config.deleteEventsEnabled() ? 2 : 1));
        return out;
    }

    private Struct keyOfId(String id) {
        return new Struct(schema.keySchema()).put(schema.keyColumns().get(0), id);
    }

    /** The record key of a row: its primary id, or for list members (list, member). */
    private Struct keyOf(Struct value) {
        Struct key = new Struct(schema.keySchema());
        for (String column : schema.keyColumns()) {
            Object v = value.get(column);
            key.put(column, v == null ? "" : v);
        }
        return key;
    }

    /** A tombstone, after a delete event record when those are on. */
    private void addDelete(List<SourceRecord> out, String id, String reason, Map<String, ?> offset, Struct key) {
        metrics.deletesRead.increment();
        long now = clock.millis();
        if (config.deleteEventsEnabled()) {
            Struct event = new Struct(deleteEventSchema).put("id", id).put("reason", reason)
                    .put("observedon", new Date(now));
            out.add(new SourceRecord(partition, offset, settings.topic(), null, schema.keySchema(), key,
                    deleteEventSchema, event, now, deleteHeaders()));
        }
        out.add(new SourceRecord(partition, offset, settings.topic(), null, schema.keySchema(), key, null, null,
                now, deleteHeaders()));
    }

    private ConnectHeaders deleteHeaders() {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(RecordHeaders.TABLE, table());
        headers.addString(RecordHeaders.OPERATION, RecordHeaders.DELETE);
        return headers;
    }

    /** $select: the schema's columns, or nothing (every column) when all columns were asked for. */
    private List<String> selectFor() {
        return settings.columns().isEmpty() ? List.of() : schema.select();
    }

    /**
     * Reads one page; when a row carries a column the schema lacks, reads the metadata again and the page again,
     * so the new column is in the records without a restart.
     */
    private Page fetch(Supplier<HttpRequest.Builder> request, String what, boolean resnapshot, boolean snapshot) {
        for (int attempt = 0; ; attempt++) {
            Page page = new Page(resnapshot, snapshot);
            PageResult result = client.readPage(request.get(), schema, page, what);
            page.result = result;
            Set<String> unknown = new HashSet<>(result.unknownColumns());
            unknown.removeAll(ignoredProperties);
            if (unknown.isEmpty() || attempt > 0
                    || clock.instant().isBefore(unknownRefreshAt.plus(UNKNOWN_COLUMN_REFRESH_MIN_INTERVAL))) {
                ignoredProperties.addAll(unknown);
                return page;
            }
            unknownRefreshAt = clock.instant();
            log.info("Table {}: rows carry new columns {}; reading the table's metadata again", table(), unknown);
            refreshSchema();
        }
    }

    private void ensureSchema() {
        if (schema == null || clock.instant().isAfter(schemaReadAt.plus(config.schemaRefreshInterval()))) {
            refreshSchema();
        }
    }

    private void refreshSchema() {
        EntityMetadata m = client.metadata(table());
        boolean tracking = switch (settings.mode()) {
            case CHANGE_TRACKING -> true;
            case WATERMARK -> false;
            case AUTO -> m.changeTrackingEnabled() && settings.filter().isEmpty();
        };
        if (settings.mode() == TableMode.CHANGE_TRACKING && !m.changeTrackingEnabled()) {
            throw new org.apache.kafka.connect.errors.ConnectException("Table " + table() + " is configured with "
                    + DynamicsSourceConfig.TABLE_PREFIX + table() + DynamicsSourceConfig.MODE_SUFFIX
                    + "=change_tracking but its metadata has ChangeTrackingEnabled=false");
        }
        boolean labels = config.optionLabelsEnabled() && !tracking;
        TableSchema rebuilt = mapper.build(m, settings.columns(), labels, schemaVersion + 1);
        if (schema == null || !rebuilt.valueSchema().fields().equals(schema.valueSchema().fields())) {
            schemaVersion++;
            if (schema != null) {
                metrics.schemaRefreshes.increment();
                log.info("Table {}: schema changed, now version {} with {} columns", table(), schemaVersion,
                        rebuilt.valueSchema().fields().size());
            }
            schema = rebuilt;
            ignoredProperties.clear();
        }
        if (schema != null && metadata != null && tracking != changeTracking) {
            log.info("Table {}: change tracking is now {}", table(), tracking ? "on" : "off");
        }
        metadata = m;
        changeTracking = tracking;
        schemaReadAt = clock.instant();
        deleteEventSchema = SchemaBuilder.struct().name(mapperNamespace() + "." + table() + ".DeleteEvent")
                .field("id", Schema.STRING_SCHEMA)
                .field("reason", Schema.OPTIONAL_STRING_SCHEMA)
                .field("observedon", Timestamp.SCHEMA)
                .build();
    }

    private String mapperNamespace() {
        return config.getString(DynamicsSourceConfig.TOPIC_PREFIX);
    }

    /** Collects a page's items and turns them into records with the right offsets. */
    private final class Page implements PageHandler {
        private final boolean resnapshot;
        private final boolean snapshot;
        private final List<Object> items = new ArrayList<>();
        PageResult result;
        int rows;
        TableOffset.Watermark lastWatermark;

        Page(boolean resnapshot, boolean snapshot) {
            this.resnapshot = resnapshot;
            this.snapshot = snapshot;
        }

        @Override
        public void row(Struct value) {
            items.add(value);
            rows++;
        }

        @Override
        public void deleted(String id, String reason) {
            items.add(new String[] {id, reason});
        }

        /** Records before the last carry {@code before}; the last carries {@code after}. */
        List<SourceRecord> toRecords(TableOffset before, TableOffset after) {
            Map<String, ?> beforeMap = before.toMap();
            Map<String, ?> afterMap = after.toMap();
            Instant startFrom = snapshot ? config.startTimestamp().orElse(null) : null;
            List<SourceRecord> out = new ArrayList<>(items.size() + 1);
            long newest = Long.MIN_VALUE;
            for (Object item : items) {
                Map<String, ?> offset = beforeMap;
                if (item instanceof Struct value) {
                    Date modified = (Date) value.get(SchemaMapper.MODIFIED_ON);
                    if (startFrom != null && modified != null && modified.toInstant().isBefore(startFrom)) {
                        continue;
                    }
                    newest = Math.max(newest, modified == null ? Long.MIN_VALUE : modified.getTime());
                    out.add(upsert(value, offset));
                } else {
                    String[] deleted = (String[]) item;
                    addDelete(out, deleted[0], deleted[1], offset);
                }
            }
            if (!out.isEmpty()) {
                // Rows skipped at the end of the page (start timestamp, unkeyable deletes) need no re-read, so the
                // last record emitted carries the position after the page.
                SourceRecord last = out.get(out.size() - 1);
                out.set(out.size() - 1, new SourceRecord(last.sourcePartition(), afterMap, last.topic(),
                        last.kafkaPartition(), last.keySchema(), last.key(), last.valueSchema(), last.value(),
                        last.timestamp(), last.headers()));
            }
            finish(out, newest);
            return out;
        }

        List<SourceRecord> toWatermarkRecords() {
            List<SourceRecord> out = new ArrayList<>(items.size());
            long newest = Long.MIN_VALUE;
            for (Object item : items) {
                Struct value = (Struct) item;
                Date modified = (Date) value.get(SchemaMapper.MODIFIED_ON);
                Long version = (Long) value.get(SchemaMapper.VERSION_NUMBER);
                if (modified == null || version == null) {
                    continue;
                }
                lastWatermark = new TableOffset.Watermark(modified.toInstant(), version);
                newest = Math.max(newest, modified.getTime());
                out.add(upsert(value, lastWatermark.toMap()));
            }
            finish(out, newest);
            return out;
        }

        private void finish(List<SourceRecord> out, long newestModified) {
            metrics.recordsRead.add(items.size());
            if (newestModified != Long.MIN_VALUE) {
                metrics.lagSeconds.set(Math.max(0, (clock.millis() - newestModified) / 1000));
            }
        }

        private SourceRecord upsert(Struct value, Map<String, ?> offset) {
            Struct key = keyOf(value);
            if (tracksKnownRows()) {
                Object id = value.get(schema.primaryId());
                if (id != null) {
                    known.put(id.toString(), naturalKey() ? key : null);
                }
            }
            ConnectHeaders headers = new ConnectHeaders();
            headers.addString(RecordHeaders.TABLE, table());
            headers.addString(RecordHeaders.OPERATION, RecordHeaders.UPSERT);
            Object version = value.get(SchemaMapper.VERSION_NUMBER);
            if (version != null) {
                headers.addLong(RecordHeaders.VERSION, (Long) version);
            }
            if (resnapshot) {
                headers.addBoolean(RecordHeaders.RESNAPSHOT, true);
            }
            // No record timestamp of our own: modifiedon can be years old, and topics with time retention would
            // delete such records at once. The worker stamps the produce time; modifiedon stays in the value.
            return new SourceRecord(partition, offset, settings.topic(), null, schema.keySchema(), key,
                    schema.valueSchema(), value, null, headers);
        }

        private void addDelete(List<SourceRecord> out, String id, String reason, Map<String, ?> offset) {
            Struct key;
            if (schema.keyIsPrimaryId()) {
                key = keyOfId(id);
                known.remove(id);
            } else {
                key = known.remove(id);
                if (key == null) {
                    metrics.unkeyedDeletes.increment();
                    log.warn("Table {}: row {} was deleted but its key columns {} are unknown (it was neither read"
                            + " since the task started nor found by the key scan after the restart, so it was"
                            + " deleted while the task was down); no tombstone can be keyed for it", table(), id,
                            schema.keyColumns());
                    return;
                }
            }
            TableReader.this.addDelete(out, id, reason, offset, key);
        }
    }
}
