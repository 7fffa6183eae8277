package io.dynamicsdotdigital.dynamics.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamicsdotdigital.dataverse.client.ODataLiterals;
import io.dynamicsdotdigital.dataverse.client.WriteRequest;
import io.dynamicsdotdigital.dynamics.sink.link.LinkEntity;
import io.dynamicsdotdigital.dynamics.sink.link.LinkSettings;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Turns a record into one Web API write: the row's JSON (mapped fields, lookups as {@code @odata.bind}) and the
 * address of the row (alternate key, primary id, or the collection for creates). Values may be Structs with schemas,
 * Maps (schemaless JSON) or JSON strings.
 */
final class RowMapper {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GUID = ODataLiterals.GUID;

    private final DynamicsSinkConfig config;
    private final Map<String, String> mapping;
    private final Map<String, String> fieldOfColumn = new HashMap<>();
    private final Map<String, String> bindings;
    private final List<LookupBinding> keyBindings;
    private final Map<String, JsonNode> columnValues;
    private final Map<String, String> keyTypes;

    RowMapper(DynamicsSinkConfig config) {
        this(config, Map.of());
    }

    /** @param keyTypes the metadata type ({@code AttributeType}) of each alternate key column, where known */
    RowMapper(DynamicsSinkConfig config, Map<String, String> keyTypes) {
        this.config = config;
        this.keyTypes = keyTypes;
        this.mapping = config.fieldMapping();
        mapping.forEach((field, column) -> fieldOfColumn.put(column, field));
        this.bindings = new HashMap<>(config.lookupBindings());
        this.keyBindings = config.lookupKeyBindings();
        LinkSettings link = config.linkSettings();
        for (LinkEntity entity : link.entities()) {
            bindings.put(link.lookupColumn(entity), entity.entitySet());
        }
        this.columnValues = config.columnValues();
    }

    /** The write for a record; {@link UnwritableRecordException} names what is wrong with it. */
    WriteOperation map(SinkRecord record) {
        return map(record, Map.of());
    }

    /**
     * The write for a record linked to CRM records.
     *
     * @param links lookup column to the id of the CRM record the row is bound to; key columns may name them too
     */
    WriteOperation map(SinkRecord record, Map<String, String> links) {
        if (record.value() == null) {
            if (!config.deleteOnTombstone()) {
                return null;
            }
            if (!config.writeMode().equals(DynamicsSinkConfig.MODE_UPSERT)) {
                throw new UnwritableRecordException("a tombstone cannot be applied with write.mode="
                        + config.writeMode() + ": only upserts address rows by key; set tombstone.action=ignore");
            }
            Object key = record.key();
            Map<String, Object> keyFields = key instanceof Struct || key instanceof Map || key instanceof String s
                    && s.trim().startsWith("{") ? fields(key, "key") : null;
            return new WriteOperation(record, WriteRequest.of("DELETE", address(keyFields, key), null), null);
        }
        Map<String, Object> fields = fields(record.value(), "value");
        if (!links.isEmpty()) {
            fields = new LinkedHashMap<>(fields);
            fields.putAll(links);
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, String> m : mapping.entrySet()) {
            Lookup found = lookup(fields, m.getKey());
            if (found.present) {
                put(body, m.getValue(), found.value);
            }
        }
        links.forEach((column, id) -> put(body, column, id));
        for (LookupBinding binding : keyBindings) {
            String target = binding.target(fields);
            if (target != null) {
                body.put(binding.column() + "@odata.bind", target);
            }
        }
        columnValues.forEach(body::set);
        if (config.writeUnmappedFields()) {
            for (Map.Entry<String, Object> f : fields.entrySet()) {
                if (!mapping.containsKey(f.getKey()) && !(f.getValue() instanceof Map)) {
                    String column = f.getKey().toLowerCase(java.util.Locale.ROOT);
                    if (DynamicsSinkConfig.NAME.matcher(column).matches() && !body.has(column)) {
                        put(body, column, f.getValue());
                    }
                }
            }
        }
        if (config.writeMode().equals(DynamicsSinkConfig.MODE_UPDATE_MATCHING)) {
            String column = config.matchColumn();
            String field = fieldOfColumn.getOrDefault(column, column);
            Lookup found = lookup(fields, field);
            if (!found.present || found.value == null || found.value.toString().isBlank()) {
                throw new UnwritableRecordException("the record has no value for the match column '" + column
                        + "' (field '" + field + "')");
            }
            body.remove(column);
            if (body.isEmpty()) {
                throw new UnwritableRecordException("the record has no mapped field to update besides the match column");
            }
            return new WriteOperation(record, WriteRequest.of("PATCH", null, body), found.value);
        }
        if (config.writeMode().equals(DynamicsSinkConfig.MODE_REMOVE_LIST_MEMBER)) {
            return new WriteOperation(record, WriteRequest.of("DELETE", null, null), null); // addressed per member
        }
        if (body.isEmpty()) {
            throw new UnwritableRecordException("the record has none of the mapped fields " + mapping.keySet());
        }
        if (config.writeMode().equals(DynamicsSinkConfig.MODE_UPDATE_LINKED)) {
            return new WriteOperation(record, WriteRequest.of("PATCH", null, body), null); // addressed per record
        }
        if (config.writeMode().equals(DynamicsSinkConfig.MODE_CREATE)) {
            return new WriteOperation(record, WriteRequest.of("POST", config.entitySet(), body), null);
        }
        return new WriteOperation(record, WriteRequest.of("PATCH", address(fields, null), body), null);
    }

    /** {@code entityset(col='a',col2=5)} or {@code entityset(guid)}, from fields or a plain key. */
    private String address(Map<String, Object> fields, Object plainKey) {
        List<String> keyColumns = config.keyColumns();
        if (!keyColumns.isEmpty()) {
            if (fields == null) {
                throw new UnwritableRecordException("the record key is not a Struct, Map or JSON object, so the"
                        + " alternate key columns " + keyColumns + " cannot be read from it");
            }
            List<String> parts = new ArrayList<>();
            for (String column : keyColumns) {
                String field = fieldOfColumn.getOrDefault(column, column);
                Lookup found = lookup(fields, field);
                if (!found.present || found.value == null) {
                    throw new UnwritableRecordException("the record has no value for the alternate key column '"
                            + column + "' (field '" + field + "')");
                }
                try {
                    parts.add(column + "=" + ODataLiterals.keyValue(found.value, keyTypes.get(column)));
                } catch (IllegalArgumentException e) {
                    throw new UnwritableRecordException("the alternate key column '" + column + "' (field '" + field
                            + "'): " + e.getMessage());
                }
            }
            return config.entitySet() + "(" + String.join(",", parts) + ")";
        }
        String idField = config.idField();
        Object id;
        if (fields != null) {
            Lookup found = lookup(fields, idField);
            id = found.present ? found.value : null;
        } else {
            id = plainKey;
        }
        if (id == null || !GUID.matcher(id.toString()).matches()) {
            throw new UnwritableRecordException("the record's '" + idField + "' is not a GUID: " + id);
        }
        return config.entitySet() + "(" + id.toString().toLowerCase(java.util.Locale.ROOT) + ")";
    }

    private void put(ObjectNode body, String column, Object value) {
        String boundSet = bindings.get(column);
        if (boundSet != null) {
            if (value == null) {
                body.putNull(column + "@odata.bind");
                return;
            }
            if (!GUID.matcher(value.toString()).matches()) {
                throw new UnwritableRecordException("lookup column '" + column + "' needs a GUID of " + boundSet
                        + ", got '" + value + "'");
            }
            body.put(column + "@odata.bind", "/" + boundSet + "(" + value + ")");
            return;
        }
        body.set(column, toJson(value));
    }

    /** The read that finds the rows of an update_matching write: their ids, by the match column's value. */
    String matchQuery(Object value) {
        String filter = config.matchColumn() + " eq " + ODataLiterals.filterValue(value);
        return config.entitySet() + "?$select=" + config.matchIdColumn() + "&$filter="
                + ODataLiterals.encode(filter);
    }

    /** The update of one matched row. */
    String rowById(String id) {
        if (!GUID.matcher(id).matches()) {
            throw new UnwritableRecordException("Dataverse returned '" + id + "' as " + config.matchIdColumn()
                    + ", which is not a GUID; check match.id.column");
        }
        return config.entitySet() + "(" + id + ")";
    }

    private static JsonNode toJson(Object value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value == null) {
            return f.nullNode();
        }
        if (value instanceof Date d) {
            return f.textNode(d.toInstant().toString());
        }
        if (value instanceof Instant i) {
            return f.textNode(i.toString());
        }
        if (value instanceof LocalDate d) {
            return f.textNode(d.toString());
        }
        if (value instanceof BigDecimal b) {
            return f.numberNode(b);
        }
        if (value instanceof Map<?, ?> || value instanceof List<?> || value instanceof Struct) {
            try {
                // Dataverse columns are flat; a nested value is stored as its JSON text (a Memo column).
                return f.textNode(JSON.writeValueAsString(plain(value)));
            } catch (JsonProcessingException e) {
                throw new UnwritableRecordException("a nested value cannot be written as JSON: " + e.getMessage());
            }
        }
        return JSON.valueToTree(value);
    }

    /** Structs as Maps at any depth (in arrays and maps too, as the JsonConverter gives an array of structs). */
    private static Object plain(Object value) {
        if (value instanceof Struct s) {
            return plain(structToMap(s));
        }
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, v instanceof Struct || v instanceof Map || v instanceof List ? plain(v)
                    : v));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new java.util.ArrayList<>(l.size());
            l.forEach(v -> out.add(v instanceof Struct || v instanceof Map || v instanceof List ? plain(v) : v));
            return out;
        }
        if (value instanceof Date d) {
            return d.toInstant().toString();
        }
        return value;
    }

    /** The record's fields by name; nested Structs become Maps. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> fields(Object value, String what) {
        if (value instanceof Struct s) {
            return structToMap(s);
        }
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        if (value instanceof String s) {
            try {
                JsonNode node = JSON.readTree(s);
                if (node != null && node.isObject()) {
                    return JSON.convertValue(node, Map.class);
                }
            } catch (JsonProcessingException e) {
                throw new UnwritableRecordException("the record " + what + " is a string that is not JSON: "
                        + e.getOriginalMessage());
            }
        }
        throw new UnwritableRecordException("the record " + what + " must be a Struct, a Map or a JSON object, not "
                + (value == null ? "null" : value.getClass().getSimpleName()));
    }

    private static Map<String, Object> structToMap(Struct s) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field field : s.schema().fields()) {
            Object v = s.get(field);
            if (v instanceof Struct nested) {
                v = structToMap(nested);
            } else if (v instanceof Date d && field.schema().type() == Schema.Type.INT32) {
                v = LocalDate.ofInstant(d.toInstant(), ZoneOffset.UTC);
            }
            out.put(field.name(), v);
        }
        return out;
    }

    private record Lookup(boolean present, Object value) {
    }

    /** The value at a dotted path of the record's fields; null when absent. */
    static Object value(Map<String, Object> fields, String path) {
        return path.isEmpty() ? null : lookup(fields, path).value;
    }

    private static Lookup lookup(Map<String, Object> fields, String path) {
        Object at = fields;
        for (String part : path.split("\\.")) {
            if (!(at instanceof Map<?, ?> m) || !m.containsKey(part)) {
                return new Lookup(false, null);
            }
            at = m.get(part);
        }
        return new Lookup(true, at);
    }
}
