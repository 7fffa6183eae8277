package io.dynamicsdotdigital.dynamics.source;

import io.dynamicsdotdigital.dynamics.source.offsets.TablePartitions;
import io.dynamicsdotdigital.dynamics.source.schema.SchemaMapper;
import io.dynamicsdotdigital.dynamics.source.schema.TableSchema;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Builds one table's records: upserts keyed by the row's key columns, and for a delete a tombstone (after a delete
 * event when those are on), each with the table and operation headers.
 */
final class RecordBuilder {
    private final String table;
    private final String topic;
    private final boolean deleteEvents;
    private final Clock clock;
    private final Map<String, Object> partition;
    private final Schema deleteEventSchema;
    private final KeyStateLog keyState;

    RecordBuilder(TableSettings settings, String schemaNamespace, boolean deleteEvents, Clock clock) {
        this(settings, schemaNamespace, deleteEvents, clock, KeyStateLog.DISABLED);
    }

    /** @param keyState told of each tombstone, so its key-state entry is written once the worker committed it */
    RecordBuilder(TableSettings settings, String schemaNamespace, boolean deleteEvents, Clock clock,
                  KeyStateLog keyState) {
        this(settings, schemaNamespace, deleteEvents, clock, keyState, TablePartitions.of(settings.logicalName()));
    }

    /** @param partition the source partition of the records: the table's, or one range's of a parallel snapshot */
    RecordBuilder(TableSettings settings, String schemaNamespace, boolean deleteEvents, Clock clock,
                  KeyStateLog keyState, Map<String, Object> partition) {
        this.keyState = keyState;
        this.table = settings.logicalName();
        this.topic = settings.topic();
        this.deleteEvents = deleteEvents;
        this.clock = clock;
        this.partition = partition;
        this.deleteEventSchema = SchemaBuilder.struct().name(schemaNamespace + "." + table + ".DeleteEvent")
                .field("id", Schema.STRING_SCHEMA)
                .field("reason", Schema.OPTIONAL_STRING_SCHEMA)
                .field("observedon", Timestamp.SCHEMA)
                .build();
    }

    /** The record key of a row: its primary id, or for list members (list, member). */
    static Struct keyOf(TableSchema schema, Struct value) {
        Struct key = new Struct(schema.keySchema());
        for (String column : schema.keyColumns()) {
            Object v = value.get(column);
            key.put(column, v == null ? "" : v);
        }
        return key;
    }

    /** The record key of a table keyed by its primary id. */
    static Struct keyOfId(TableSchema schema, String id) {
        return new Struct(schema.keySchema()).put(schema.keyColumns().get(0), id);
    }

    SourceRecord upsert(TableSchema schema, Struct value, Struct key, Map<String, ?> offset, boolean resnapshot) {
        ConnectHeaders headers = headers(RecordHeaders.UPSERT);
        Object version = value.get(SchemaMapper.VERSION_NUMBER);
        if (version != null) {
            headers.addLong(RecordHeaders.VERSION, (Long) version);
        }
        if (resnapshot) {
            headers.addBoolean(RecordHeaders.RESNAPSHOT, true);
        }
        // No record timestamp of our own: modifiedon can be years old, and topics with time retention would delete
        // such records at once. The worker stamps the produce time; modifiedon stays in the value.
        return new SourceRecord(partition, offset, topic, null, schema.keySchema(), key, schema.valueSchema(), value,
                null, headers);
    }

    /** Adds a tombstone, after a delete event record when those are on. */
    void addDelete(List<SourceRecord> out, TableSchema schema, String id, String reason, Map<String, ?> offset,
                   Struct key) {
        long now = clock.millis();
        if (deleteEvents) {
            Struct event = new Struct(deleteEventSchema).put("id", id).put("reason", reason)
                    .put("observedon", new Date(now));
            out.add(new SourceRecord(partition, offset, topic, null, schema.keySchema(), key, deleteEventSchema,
                    event, now, headers(RecordHeaders.DELETE)));
        }
        SourceRecord tombstone = new SourceRecord(partition, offset, topic, null, schema.keySchema(), key, null, null,
                now, headers(RecordHeaders.DELETE));
        keyState.tombstone(tombstone, table, id);
        out.add(tombstone);
    }

    /** As {@link #withOffset}, keeping a tombstone's key-state bookkeeping with the new record. */
    SourceRecord moveOffset(SourceRecord r, Map<String, ?> offset) {
        SourceRecord moved = withOffset(r, offset);
        keyState.moved(r, moved);
        return moved;
    }

    /** Records per delete: a tombstone, and a delete event before it when those are on. */
    int recordsPerDelete() {
        return deleteEvents ? 2 : 1;
    }

    /** The same record with another source offset. */
    static SourceRecord withOffset(SourceRecord r, Map<String, ?> offset) {
        return new SourceRecord(r.sourcePartition(), offset, r.topic(), r.kafkaPartition(), r.keySchema(), r.key(),
                r.valueSchema(), r.value(), r.timestamp(), r.headers());
    }

    private ConnectHeaders headers(String operation) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(RecordHeaders.TABLE, table);
        headers.addString(RecordHeaders.OPERATION, operation);
        return headers;
    }
}
