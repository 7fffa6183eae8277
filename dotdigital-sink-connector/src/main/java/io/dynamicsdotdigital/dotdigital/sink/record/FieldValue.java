package io.dynamicsdotdigital.dotdigital.sink.record;

import org.apache.kafka.connect.data.Schema;

/** A value read from a record, with its Connect schema when the record had one (null for schemaless values). */
public record FieldValue(Object value, Schema schema) {
    public boolean isNull() {
        return value == null;
    }
}
