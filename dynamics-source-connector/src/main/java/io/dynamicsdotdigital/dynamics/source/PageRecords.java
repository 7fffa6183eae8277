package io.dynamicsdotdigital.dynamics.source;

import io.dynamicsdotdigital.dynamics.source.offsets.TableOffset;
import io.dynamicsdotdigital.dynamics.source.schema.RowHandler;
import io.dynamicsdotdigital.dynamics.source.schema.SchemaMapper;
import io.dynamicsdotdigital.dynamics.source.schema.TableSchema;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Collects one page's rows and deletes as they stream in, and turns them into records with the right offsets. */
final class PageRecords implements RowHandler {
    private static final Logger log = LoggerFactory.getLogger(PageRecords.class);

    private final TableSchema schema;
    private final RecordBuilder builder;
    private final KnownRows known;
    private final boolean tracksKnown;
    private final DynamicsSourceMetrics.Table metrics;
    private final Clock clock;
    private final boolean resnapshot;
    private final Instant startFrom;
    private final List<Object> items = new ArrayList<>();
    private int rows;
    private TableOffset.Watermark lastWatermark;

    /**
     * @param tracksKnown whether emitted rows are remembered in {@code known}
     * @param resnapshot  the rows are read again after an expired delta token (they get a header saying so)
     * @param startFrom   rows modified before this are left out (snapshots with start.from=timestamp); or null
     */
    PageRecords(TableSchema schema, RecordBuilder builder, KnownRows known, boolean tracksKnown,
                DynamicsSourceMetrics.Table metrics, Clock clock, boolean resnapshot, Instant startFrom) {
        this.schema = schema;
        this.builder = builder;
        this.known = known;
        this.tracksKnown = tracksKnown;
        this.metrics = metrics;
        this.clock = clock;
        this.resnapshot = resnapshot;
        this.startFrom = startFrom;
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

    @Override
    public void skipped(String id, String reason) {
        metrics.rowsSkipped.increment();
        log.warn("Table {}: row {} left out (unreadable.row.action=skip): {}", schema.logicalName(),
                id == null ? "(no id)" : id, reason);
    }

    /** Rows (not deletes) in the page. */
    int rows() {
        return rows;
    }

    /** The keyset position of the last row of a watermark page, or null when it had none. */
    TableOffset.Watermark lastWatermark() {
        return lastWatermark;
    }

    /** Records before the last carry {@code before}; the last carries {@code after}. */
    List<SourceRecord> toRecords(TableOffset before, TableOffset after) {
        Map<String, ?> beforeMap = before.toMap();
        List<SourceRecord> out = new ArrayList<>(items.size() + 1);
        long newest = Long.MIN_VALUE;
        for (Object item : items) {
            if (item instanceof Struct value) {
                Date modified = (Date) value.get(SchemaMapper.MODIFIED_ON);
                if (startFrom != null && modified != null && modified.toInstant().isBefore(startFrom)) {
                    Object id = value.get(schema.primaryId());
                    if (id != null) {
                        known.sawWithoutEmitting(id.toString(),
                                schema.keyIsPrimaryId() ? null : RecordBuilder.keyOf(schema, value));
                    }
                    continue;
                }
                newest = Math.max(newest, modified == null ? Long.MIN_VALUE : modified.getTime());
                out.add(upsert(value, beforeMap));
            } else {
                String[] deleted = (String[]) item;
                addDelete(out, deleted[0], deleted[1], beforeMap);
            }
        }
        if (!out.isEmpty()) {
            // Rows skipped at the end of the page (start timestamp, unkeyable deletes) need no re-read, so the last
            // record emitted carries the position after the page.
            out.set(out.size() - 1, builder.moveOffset(out.get(out.size() - 1), after.toMap()));
        }
        finish(newest);
        return out;
    }

    /** Each row's own keyset position is its offset, so a restart resumes exactly after the last acknowledged row. */
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
        finish(newest);
        return out;
    }

    private void finish(long newestModified) {
        metrics.recordsRead.add(items.size());
        if (newestModified != Long.MIN_VALUE) {
            metrics.lagSeconds.set(Math.max(0, (clock.millis() - newestModified) / 1000));
        }
    }

    private SourceRecord upsert(Struct value, Map<String, ?> offset) {
        Struct key = RecordBuilder.keyOf(schema, value);
        if (tracksKnown) {
            Object id = value.get(schema.primaryId());
            if (id != null) {
                known.remember(id.toString(), schema.keyIsPrimaryId() ? null : key);
            }
        }
        return builder.upsert(schema, value, key, offset, resnapshot);
    }

    private void addDelete(List<SourceRecord> out, String id, String reason, Map<String, ?> offset) {
        Struct key;
        if (schema.keyIsPrimaryId()) {
            key = RecordBuilder.keyOfId(schema, id);
            known.forget(id);
        } else {
            key = known.forget(id);
            if (key == null) {
                metrics.unkeyedDeletes.increment();
                log.warn("Table {}: row {} was deleted but its key columns {} are unknown (it was neither read since"
                        + " the task started nor found by the key scan after the restart, so it was deleted while"
                        + " the task was down); no tombstone can be keyed for it", schema.logicalName(), id,
                        schema.keyColumns());
                return;
            }
        }
        metrics.deletesRead.increment();
        builder.addDelete(out, schema, id, reason, offset, key);
    }
}
