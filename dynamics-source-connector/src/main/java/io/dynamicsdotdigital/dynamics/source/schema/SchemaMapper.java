package io.dynamicsdotdigital.dynamics.source.schema;

import io.dynamicsdotdigital.dataverse.client.AttributeInfo;
import io.dynamicsdotdigital.dataverse.client.EntityMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Builds a table's Connect schemas from its metadata: String/Memo/Uniqueidentifier/EntityName as strings,
 * DateTime as Timestamp, Integer/Picklist/State/Status as int32, BigInt as int64, Double as float64, Decimal/Money
 * as Decimal with the declared precision as scale, Boolean as boolean, lookups as their {@code _x_value} string.
 * Virtual, PartyList, CalendarRules and ManagedProperty columns are left out. Every value field is optional.
 */
public final class SchemaMapper {
    public static final String MODIFIED_ON = "modifiedon";
    public static final String VERSION_NUMBER = "versionnumber";
    static final String LABEL_ANNOTATION = "@OData.Community.Display.V1.FormattedValue";
    /** Tables whose natural key is not the primary id: listmember is keyed by (list, member). */
    static final Map<String, List<String>> NATURAL_KEYS = Map.of("listmember", List.of("listid", "entityid"));

    private final String schemaNamespace;

    /** @param schemaNamespace prefix of the schema names, e.g. {@code dynamics} gives {@code dynamics.contact.Value} */
    public SchemaMapper(String schemaNamespace) {
        this.schemaNamespace = schemaNamespace;
    }

    /**
     * @param requestedColumns the configured columns (logical names); empty for all readable columns. The primary
     *                         id, modifiedon, versionnumber and key columns are always read.
     * @param labels           add a {@code <column>_label} string per option-set column
     * @param version          schema version, raised each time the table's schema is rebuilt
     * @throws IllegalArgumentException naming the first requested column the table does not have or that has no
     *                                  readable value
     */
    public TableSchema build(EntityMetadata metadata, List<String> requestedColumns, boolean labels, int version) {
        Map<String, AttributeInfo> byName = new LinkedHashMap<>();
        for (AttributeInfo a : metadata.attributes()) {
            byName.put(a.logicalName(), a);
        }
        for (String requested : requestedColumns) {
            AttributeInfo a = byName.get(requested);
            if (a == null) {
                throw new IllegalArgumentException("table " + metadata.logicalName() + " has no column '"
                        + requested + "'");
            }
            if (ColumnKind.of(a.attributeType()).isEmpty()) {
                throw new IllegalArgumentException("column '" + requested + "' of table " + metadata.logicalName()
                        + " is of type " + a.attributeType() + ", which has no readable value");
            }
        }
        List<String> keyNames = NATURAL_KEYS.getOrDefault(metadata.logicalName(), List.of(metadata.primaryIdAttribute()));
        Set<String> wanted = new LinkedHashSet<>();
        if (requestedColumns.isEmpty()) {
            wanted.addAll(byName.keySet());
        } else {
            wanted.add(metadata.primaryIdAttribute());
            wanted.addAll(keyNames);
            wanted.addAll(requestedColumns);
            wanted.add(MODIFIED_ON);
            wanted.add(VERSION_NUMBER);
        }
        String base = schemaNamespace + "." + metadata.logicalName();
        SchemaBuilder value = SchemaBuilder.struct().name(base + ".Value").version(version).optional();
        List<String> select = new ArrayList<>();
        List<String[]> pending = new ArrayList<>();
        Map<String, String> labelOf = new LinkedHashMap<>();
        for (AttributeInfo a : byName.values()) {
            if (!wanted.contains(a.logicalName())) {
                continue;
            }
            ColumnKind kind = ColumnKind.of(a.attributeType()).orElse(null);
            if (kind == null) {
                continue;
            }
            String jsonName = jsonName(a);
            value.field(jsonName, fieldSchema(kind, a.precision()));
            select.add(jsonName);
            pending.add(new String[] {jsonName, kind.name(), String.valueOf(scaleOf(kind, a.precision()))});
            if (labels && ColumnKind.isOptionSet(a.attributeType())) {
                String label = a.logicalName() + "_label";
                value.field(label, Schema.OPTIONAL_STRING_SCHEMA);
                labelOf.put(jsonName + LABEL_ANNOTATION, label);
            }
        }
        for (String required : List.of(metadata.primaryIdAttribute(), MODIFIED_ON, VERSION_NUMBER)) {
            if (!byName.containsKey(required)) {
                throw new IllegalArgumentException("table " + metadata.logicalName() + " has no " + required
                        + " column; it cannot be read incrementally");
            }
        }
        Schema valueSchema = value.build();
        Map<String, Column> columns = new HashMap<>();
        for (String[] p : pending) {
            columns.put(p[0], new Column(p[0], valueSchema.field(p[0]), ColumnKind.valueOf(p[1]),
                    Integer.parseInt(p[2])));
        }
        Map<String, Field> labelFields = new HashMap<>();
        labelOf.forEach((annotation, field) -> labelFields.put(annotation, valueSchema.field(field)));

        SchemaBuilder key = SchemaBuilder.struct().name(base + ".Key").version(1);
        List<String> keyColumns = new ArrayList<>();
        for (String k : keyNames) {
            AttributeInfo a = byName.get(k);
            if (a == null) {
                throw new IllegalArgumentException("table " + metadata.logicalName() + " has no key column " + k);
            }
            String jsonName = jsonName(a);
            key.field(jsonName, Schema.STRING_SCHEMA);
            keyColumns.add(jsonName);
        }
        return new TableSchema(metadata.logicalName(), metadata.entitySetName(), metadata.primaryIdAttribute(),
                metadata.changeTrackingEnabled(), key.build(), List.copyOf(keyColumns), valueSchema,
                Map.copyOf(columns), Map.copyOf(labelFields), List.copyOf(select));
    }

    static String jsonName(AttributeInfo a) {
        return ColumnKind.isLookup(a.attributeType()) ? "_" + a.logicalName() + "_value" : a.logicalName();
    }

    private static int scaleOf(ColumnKind kind, Integer precision) {
        return kind == ColumnKind.DECIMAL ? (precision == null ? EntityMetadata.DEFAULT_DECIMAL_SCALE : precision) : 0;
    }

    private static Schema fieldSchema(ColumnKind kind, Integer precision) {
        return switch (kind) {
            case STRING -> Schema.OPTIONAL_STRING_SCHEMA;
            case TIMESTAMP -> Timestamp.builder().optional().build();
            case INT32 -> Schema.OPTIONAL_INT32_SCHEMA;
            case INT64 -> Schema.OPTIONAL_INT64_SCHEMA;
            case FLOAT64 -> Schema.OPTIONAL_FLOAT64_SCHEMA;
            case DECIMAL -> Decimal.builder(scaleOf(kind, precision)).optional().build();
            case BOOLEAN -> Schema.OPTIONAL_BOOLEAN_SCHEMA;
        };
    }
}
