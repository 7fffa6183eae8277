package io.dynamicsdotdigital.dotdigital.sink.record;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Uniform read access to a record value that arrived as a Struct (with schema), a Map (schemaless JSON) or a JSON
 * string / bytes. Dotted paths reach into nested structs and maps.
 */
public final class RecordValue {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final Struct struct;
    private final Map<?, ?> map;

    private RecordValue(Struct struct, Map<?, ?> map) {
        this.struct = struct;
        this.map = map;
    }

    /** @throws RejectedRecordException for malformed JSON or a value that is not an object */
    public static RecordValue of(Object value) {
        if (value instanceof Struct s) {
            return new RecordValue(s, null);
        }
        if (value instanceof Map<?, ?> m) {
            return new RecordValue(null, m);
        }
        if (value instanceof String text) {
            return parse(text);
        }
        if (value instanceof byte[] bytes) {
            return parse(new String(bytes, StandardCharsets.UTF_8));
        }
        throw new RejectedRecordException(RecordErrorKind.UNSUPPORTED_VALUE, "the record value is a "
                + (value == null ? "null" : value.getClass().getSimpleName())
                + ", expected a Struct, a Map or a JSON object string");
    }

    private static RecordValue parse(String text) {
        Object parsed;
        try {
            parsed = JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            // Stream limits (nesting depth, string or number length) raise StreamConstraintsException without a
            // location: the record is still just malformed JSON for the dead-letter queue.
            JsonLocation at = e.getLocation();
            throw new RejectedRecordException(RecordErrorKind.MALFORMED_JSON, "the record value is not valid JSON: "
                    + e.getOriginalMessage() + (at == null ? ""
                    : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
        }
        if (!(parsed instanceof Map<?, ?> m)) {
            throw new RejectedRecordException(RecordErrorKind.MALFORMED_JSON,
                    "the record value is JSON but not an object");
        }
        return new RecordValue(null, m);
    }

    /** The value at a dotted path; a missing field reads as null. */
    public FieldValue get(String path) {
        if (struct != null) {
            return fromStruct(struct, path);
        }
        return fromMap(map, path);
    }

    /** The parsed map of a schemaless value, null for a Struct. */
    Map<?, ?> asMap() {
        return map;
    }

    public boolean isStruct() {
        return struct != null;
    }

    private static FieldValue fromStruct(Struct root, String path) {
        Struct current = root;
        String[] parts = path.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            Field field = current.schema().field(parts[i]);
            if (field == null) {
                return new FieldValue(null, null);
            }
            Object v = current.get(field);
            if (i == parts.length - 1) {
                return new FieldValue(v, field.schema());
            }
            if (v instanceof Struct s) {
                current = s;
            } else if (v instanceof Map<?, ?> m) {
                return fromMap(m, String.join(".", java.util.Arrays.copyOfRange(parts, i + 1, parts.length)));
            } else {
                return new FieldValue(null, null);
            }
        }
        return new FieldValue(null, null);
    }

    private static FieldValue fromMap(Map<?, ?> root, String path) {
        if (root.containsKey(path)) {
            return new FieldValue(root.get(path), null);
        }
        Object current = root;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> m)) {
                return new FieldValue(null, null);
            }
            current = m.get(part);
        }
        return new FieldValue(current, null);
    }

    /** Schema of a top-level struct field, or null. */
    public Schema schemaOf(String field) {
        return struct == null || struct.schema().field(field) == null ? null : struct.schema().field(field).schema();
    }
}
