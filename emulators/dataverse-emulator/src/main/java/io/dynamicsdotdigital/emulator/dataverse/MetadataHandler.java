package io.dynamicsdotdigital.emulator.dataverse;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code EntityDefinitions} reads: one table (with {@code $select} and {@code $expand=Attributes($select=...)}),
 * its {@code /Attributes} (optionally cast to a derived metadata type), and the list of all tables. Never paged.
 * As on the real service, a {@code $select} on the base attribute type leaves out the derived types' properties
 * such as {@code Precision}: clients read those through the cast path.
 */
final class MetadataHandler {
    private static final Pattern ONE = Pattern.compile(
            "^EntityDefinitions\\(LogicalName='([^']*)'\\)(/Attributes(/Microsoft\\.Dynamics\\.CRM\\.([A-Za-z]+))?)?$");
    private static final Pattern EXPAND = Pattern.compile("^Attributes(\\((.*)\\))?$");
    private static final List<String> ENTITY_PROPERTIES = List.of("LogicalName", "SchemaName", "EntitySetName",
            "LogicalCollectionName", "PrimaryIdAttribute", "PrimaryNameAttribute", "ChangeTrackingEnabled",
            "IsCustomEntity");

    private final DataverseEmulator emulator;

    MetadataHandler(DataverseEmulator emulator) {
        this.emulator = emulator;
    }

    void handle(WebApiHandler.Request request) throws IOException {
        if (request.resource.equals("EntityDefinitions")) {
            list(request);
            return;
        }
        Matcher m = ONE.matcher(request.resource);
        if (!m.matches()) {
            throw new ODataException(400, ODataException.QUERY_ERROR, "Unsupported metadata request '"
                    + request.resource + "'. Address a table as EntityDefinitions(LogicalName='name').");
        }
        EmulatedTable table = emulator.tableOrNull(m.group(1));
        if (table == null) {
            throw new ODataException(404, "0x80040217", "Could not find entity with logical name '" + m.group(1) + "'.");
        }
        if (m.group(2) != null) {
            attributes(request, table, m.group(4));
        } else {
            one(request, table);
        }
    }

    private void one(WebApiHandler.Request request, EmulatedTable table) throws IOException {
        Set<String> select = selection(request.option("$select"), ENTITY_PROPERTIES);
        String expand = request.option("$expand");
        Set<String> attributeSelect = null;
        boolean withAttributes = false;
        if (expand != null) {
            Matcher m = EXPAND.matcher(expand.trim());
            if (!m.matches()) {
                throw ODataException.badRequest("Could not find a property named '" + expand
                        + "' on type 'Microsoft.Dynamics.CRM.EntityMetadata'.");
            }
            withAttributes = true;
            if (m.group(2) != null) {
                for (String option : m.group(2).split(";")) {
                    if (option.startsWith("$select=")) {
                        attributeSelect = selection(option.substring(8), null);
                    }
                }
            }
        }
        try (JsonGenerator gen = JsonOut.start(request.exchange, 200)) {
            gen.writeStartObject();
            gen.writeStringField("@odata.context", request.metadataBase() + "EntityDefinitions"
                    + (request.option("$select") != null || withAttributes ? "(" + contextList(request.option("$select"), withAttributes, attributeSelect) + ")" : "")
                    + "/$entity");
            writeEntityProperties(gen, table, select);
            if (withAttributes) {
                gen.writeArrayFieldStart("Attributes");
                for (AttributeDefinition a : table.definition().attributes()) {
                    writeAttribute(gen, table, a, attributeSelect);
                }
                gen.writeEndArray();
            }
            gen.writeEndObject();
        }
    }

    private static String contextList(String select, boolean withAttributes, Set<String> attributeSelect) {
        List<String> parts = new ArrayList<>();
        if (select != null) {
            parts.add(select.replace(" ", ""));
        }
        if (withAttributes) {
            parts.add("Attributes" + (attributeSelect != null ? "(" + String.join(",", attributeSelect) + ")" : "()"));
        }
        return String.join(",", parts);
    }

    private void attributes(WebApiHandler.Request request, EmulatedTable table, String cast) throws IOException {
        Set<String> select = selection(request.option("$select"), null);
        Predicate<AttributeDefinition> ofCast = a -> true;
        if (cast != null) {
            ofCast = a -> a.type().metadataType().equals("Microsoft.Dynamics.CRM." + cast);
            if (Arrays.stream(AttributeType.values()).noneMatch(t -> t.metadataType().endsWith("." + cast))) {
                throw ODataException.badRequest("The type 'Microsoft.Dynamics.CRM." + cast + "' is not an attribute metadata type.");
            }
        }
        try (JsonGenerator gen = JsonOut.start(request.exchange, 200)) {
            gen.writeStartObject();
            gen.writeStringField("@odata.context", request.metadataBase() + "EntityDefinitions('"
                    + metadataId(table.logicalName()) + "')/Attributes" + (cast != null ? "/Microsoft.Dynamics.CRM." + cast : "")
                    + (select != null ? "(" + String.join(",", select) + ")" : ""));
            gen.writeArrayFieldStart("value");
            for (AttributeDefinition a : table.definition().attributes()) {
                if (ofCast.test(a)) {
                    writeAttribute(gen, table, a, select);
                }
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }
    }

    private void list(WebApiHandler.Request request) throws IOException {
        Set<String> select = selection(request.option("$select"), ENTITY_PROPERTIES);
        Predicate<Row> filter = null;
        String filterText = request.option("$filter");
        if (filterText != null) {
            filter = Filter.compile(filterText, new Filter.Columns() {
                @Override
                public Integer index(String name) {
                    int i = ENTITY_PROPERTIES.indexOf(name);
                    return i < 0 ? null : i;
                }

                @Override
                public AttributeType type(int index) {
                    String p = ENTITY_PROPERTIES.get(index);
                    return p.equals("ChangeTrackingEnabled") || p.equals("IsCustomEntity")
                            ? AttributeType.Boolean : AttributeType.String;
                }

                @Override
                public String typeName() {
                    return "Microsoft.Dynamics.CRM.EntityMetadata";
                }
            });
        }
        try (JsonGenerator gen = JsonOut.start(request.exchange, 200)) {
            gen.writeStartObject();
            gen.writeStringField("@odata.context", request.metadataBase() + "EntityDefinitions"
                    + (request.option("$select") != null ? "(" + request.option("$select").replace(" ", "") + ")" : ""));
            gen.writeArrayFieldStart("value");
            for (EmulatedTable table : emulator.tables()) {
                TableDefinition d = table.definition();
                Row asRow = new Row(d.logicalName(), new Object[] {d.logicalName(), schemaName(d.logicalName()),
                        d.entitySetName(), d.entitySetName(), d.primaryIdAttribute(), d.primaryNameAttribute(),
                        d.changeTracking(), isCustom(d)}, 0);
                if (filter == null || filter.test(asRow)) {
                    gen.writeStartObject();
                    writeEntityProperties(gen, table, select);
                    if (expandsKeys(request.option("$expand"))) {
                        writeKeys(gen, d);
                    }
                    gen.writeEndObject();
                }
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }
    }

    private static boolean expandsKeys(String expand) {
        return expand != null && expand.replace(" ", "").matches("(.*,)?Keys(\\(.*\\))?(,.*)?");
    }

    /** {@code Keys}: the table's alternate key as EntityKeyMetadata (none when it has no alternate key). */
    private static void writeKeys(JsonGenerator gen, TableDefinition d) throws IOException {
        gen.writeArrayFieldStart("Keys");
        if (!d.alternateKey().isEmpty()) {
            gen.writeStartObject();
            gen.writeStringField("LogicalName", d.logicalName() + "_alternatekey");
            gen.writeArrayFieldStart("KeyAttributes");
            for (String column : d.alternateKey()) {
                gen.writeString(column);
            }
            gen.writeEndArray();
            gen.writeStringField("EntityKeyIndexStatus", "Active");
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    private static boolean isCustom(TableDefinition d) {
        return d.logicalName().contains("_");
    }

    private static void writeEntityProperties(JsonGenerator gen, EmulatedTable table, Set<String> select) throws IOException {
        TableDefinition d = table.definition();
        for (String p : select) {
            switch (p) {
                case "LogicalName":
                    gen.writeStringField(p, d.logicalName());
                    break;
                case "SchemaName":
                    gen.writeStringField(p, schemaName(d.logicalName()));
                    break;
                case "EntitySetName":
                case "LogicalCollectionName":
                    gen.writeStringField(p, d.entitySetName());
                    break;
                case "PrimaryIdAttribute":
                    gen.writeStringField(p, d.primaryIdAttribute());
                    break;
                case "PrimaryNameAttribute":
                    gen.writeStringField(p, d.primaryNameAttribute());
                    break;
                case "ChangeTrackingEnabled":
                    gen.writeBooleanField(p, d.changeTracking());
                    break;
                case "IsCustomEntity":
                    gen.writeBooleanField(p, isCustom(d));
                    break;
                default:
                    break;
            }
        }
        gen.writeStringField("MetadataId", metadataId(d.logicalName()));
    }

    private static void writeAttribute(JsonGenerator gen, EmulatedTable table, AttributeDefinition a, Set<String> select)
            throws IOException {
        TableDefinition d = table.definition();
        gen.writeStartObject();
        gen.writeStringField("@odata.type", "#" + a.type().metadataType());
        if (wants(select, "LogicalName")) {
            gen.writeStringField("LogicalName", a.logicalName());
        }
        if (wants(select, "SchemaName")) {
            gen.writeStringField("SchemaName", schemaName(a.logicalName()));
        }
        if (wants(select, "EntityLogicalName")) {
            gen.writeStringField("EntityLogicalName", d.logicalName());
        }
        if (wants(select, "AttributeType")) {
            gen.writeStringField("AttributeType", a.type().name());
        }
        if (wants(select, "AttributeTypeName")) {
            gen.writeObjectFieldStart("AttributeTypeName");
            gen.writeStringField("Value", a.type().typeName());
            gen.writeEndObject();
        }
        if (wants(select, "IsPrimaryId")) {
            gen.writeBooleanField("IsPrimaryId", a.logicalName().equals(d.primaryIdAttribute()));
        }
        if (wants(select, "IsPrimaryName")) {
            gen.writeBooleanField("IsPrimaryName", a.logicalName().equals(d.primaryNameAttribute()));
        }
        if (wants(select, "AttributeOf")) {
            gen.writeNullField("AttributeOf");
        }
        if (wants(select, "IsValidForRead")) {
            gen.writeBooleanField("IsValidForRead", a.type().hasColumn());
        }
        // Precision belongs to the derived Decimal/Money metadata types: like the real service, only written when
        // selected (no $select, or a $select on the cast path).
        if (a.type().hasPrecision() && wants(select, "Precision")) {
            gen.writeNumberField("Precision", a.precision());
        }
        gen.writeStringField("MetadataId", metadataId(d.logicalName() + "." + a.logicalName()));
        gen.writeEndObject();
    }

    private static boolean wants(Set<String> select, String property) {
        return select == null || select.contains(property);
    }

    private static Set<String> selection(String select, List<String> all) {
        if (select == null || select.isBlank()) {
            return all == null ? null : new LinkedHashSet<>(all);
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String s : select.split(",")) {
            chosen.add(s.trim());
        }
        return chosen;
    }

    static String schemaName(String logicalName) {
        StringBuilder sb = new StringBuilder();
        boolean upper = true;
        for (char c : logicalName.toCharArray()) {
            sb.append(upper ? Character.toUpperCase(c) : c);
            upper = c == '_';
        }
        return sb.toString();
    }

    static String metadataId(String name) {
        return UUID.nameUUIDFromBytes(("dataverse-emulator:" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
