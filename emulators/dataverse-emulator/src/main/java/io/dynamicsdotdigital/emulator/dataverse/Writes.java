package io.dynamicsdotdigital.emulator.dataverse;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Create (POST), upsert (PATCH by id or alternate key) and delete over the Web API, with ETag preconditions. */
final class Writes {
    private static final Pattern BIND = Pattern.compile("^(?:.*/)?[A-Za-z0-9_]+\\(([0-9a-fA-F-]{36})\\)$");
    /** A bind by the target's alternate key: {@code /set(col='text',col2=5)}. */
    private static final Pattern KEY_BIND = Pattern.compile("^(?:.*/)?([A-Za-z0-9_]+)\\((.+)\\)$");
    private static final Pattern KEY_PART = Pattern.compile("\\s*([A-Za-z0-9_]+)\\s*=\\s*('((?:[^']|'')*)'|[^,]+)\\s*");

    private Writes() {
    }

    /** The id a key segment addresses ({@code guid} or {@code col='value',...}); null when no row matches. */
    static String resolveKey(EmulatedTable table, String key) {
        String k = key.trim();
        if (Values.isGuid(k)) {
            return k.toLowerCase(java.util.Locale.ROOT);
        }
        Map<String, String> parts = new LinkedHashMap<>();
        Matcher m = KEY_PART.matcher(k);
        int at = 0;
        while (at < k.length() && m.find(at) && m.start() == at) {
            parts.put(m.group(1), m.group(3) != null ? m.group(3).replace("''", "'") : m.group(2).trim());
            at = m.end();
            if (at < k.length() && k.charAt(at) == ',') {
                at++;
            }
        }
        if (parts.isEmpty() || at < k.length()) {
            throw ODataException.badRequest("Bad key '" + key + "' for " + table.logicalName() + ".");
        }
        if (!table.definition().alternateKey().isEmpty()
                && !parts.keySet().equals(new java.util.HashSet<>(table.definition().alternateKey()))) {
            throw ODataException.badRequest("The key '" + key + "' does not match the alternate key "
                    + table.definition().alternateKey() + " of " + table.logicalName() + ".");
        }
        if (table.definition().alternateKey().isEmpty()) {
            throw ODataException.badRequest("Table " + table.logicalName() + " has no alternate key; address rows by id.");
        }
        Filter.Columns columns = WebApiHandler.columnsOf(table);
        for (String name : parts.keySet()) {
            if (columns.index(name) == null) {
                throw ODataException.badRequest("Could not find a property named '" + name + "' on type '"
                        + columns.typeName() + "'.");
            }
        }
        List<String> keyOrder = table.definition().alternateKey();
        String[] values = new String[keyOrder.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = keyLiteral(table, keyOrder.get(i), parts.get(keyOrder.get(i)));
        }
        return table.idByAlternateKey(values);
    }

    /**
     * A key literal as the column stores it, so {@code 2024-01-02T03:04:05.000Z} addresses the row whose DateTime is
     * {@code 2024-01-02T03:04:05Z} and {@code 007} the row whose number is 7, as the service compares typed values.
     */
    private static String keyLiteral(EmulatedTable table, String column, String literal) {
        AttributeDefinition attribute = table.columns().get(table.columnByAnyName(column));
        if (attribute.type() == AttributeType.String || attribute.type() == AttributeType.Memo) {
            return literal;
        }
        Object typed = Values.coerce(table.definition(), attribute, literal);
        return typed == null ? literal : typed.toString();
    }

    static void create(WebApiHandler.Request request, EmulatedTable table, DataverseEmulator emulator) throws IOException {
        Map<String, Object> values = columns(table, request.body(), emulator);
        String id;
        try {
            id = table.create(values);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().contains("already exists")) {
                throw new ODataException(412, "0x80040237", "A record with matching key values already exists.");
            }
            throw e;
        }
        respond(request, table, id, 201);
    }

    static void upsert(WebApiHandler.Request request, EmulatedTable table, String key, DataverseEmulator emulator)
            throws IOException {
        Map<String, Object> values = columns(table, request.body(), emulator);
        String id;
        synchronized (table) {
            id = resolveKey(table, key);
            Row existing = id == null ? null : table.row(id);
            String ifMatch = request.exchange.getRequestHeaders().getFirst("If-Match");
            String ifNoneMatch = request.exchange.getRequestHeaders().getFirst("If-None-Match");
            if (existing == null && ifMatch != null) {
                throw WebApiHandler.notFound(table, key);
            }
            if (existing != null && "*".equals(ifNoneMatch)) {
                throw new ODataException(412, "0x80040237", "A record with matching key values already exists.");
            }
            if (existing != null && ifMatch != null && !ifMatch.equals("*")
                    && !ifMatch.equals("W/\"" + existing.version + "\"")) {
                throw new ODataException(412, "0x80060882",
                        "The version of the existing record doesn't match the RowVersion property provided.");
            }
            if (existing != null) {
                table.update(id, values);
            } else {
                if (Values.isGuid(key.trim())) {
                    values.put(table.definition().primaryIdAttribute(), key.trim());
                } else {
                    alternateKeyValues(table, key, values);
                }
                id = table.create(values);
            }
        }
        respond(request, table, id, 200);
    }

    private static void alternateKeyValues(EmulatedTable table, String key, Map<String, Object> values) {
        Matcher m = KEY_PART.matcher(key.trim());
        while (m.find()) {
            values.putIfAbsent(m.group(1), m.group(3) != null ? m.group(3).replace("''", "'") : m.group(2).trim());
        }
    }

    static void delete(WebApiHandler.Request request, EmulatedTable table, String key) throws IOException {
        synchronized (table) {
            String id = resolveKey(table, key);
            Row existing = id == null ? null : table.row(id);
            if (existing == null) {
                throw WebApiHandler.notFound(table, key);
            }
            String ifMatch = request.exchange.getRequestHeaders().getFirst("If-Match");
            if (ifMatch != null && !ifMatch.equals("*") && !ifMatch.equals("W/\"" + existing.version + "\"")) {
                throw new ODataException(412, "0x80060882",
                        "The version of the existing record doesn't match the RowVersion property provided.");
            }
            table.delete(id);
        }
        request.exchange.getResponseHeaders().set("OData-Version", "4.0");
        request.exchange.sendResponseHeaders(204, -1);
    }

    private static void respond(WebApiHandler.Request request, EmulatedTable table, String id, int representationStatus)
            throws IOException {
        String entityId = request.metadataBase().replace("$metadata#", "") + table.definition().entitySetName()
                + "(" + id + ")";
        request.exchange.getResponseHeaders().set("OData-EntityId", entityId);
        Row row = table.row(id);
        if (request.prefer.returnRepresentation && row != null) {
            request.exchange.getResponseHeaders().set("Preference-Applied", "return=representation");
            request.exchange.getResponseHeaders().set("ETag", "W/\"" + row.version + "\"");
            WebApiHandler.Selection selection = WebApiHandler.Selection.of(table, request.option("$select"));
            try (JsonGenerator gen = JsonOut.start(request.exchange, representationStatus == 200 ? 200 : 201)) {
                gen.writeStartObject();
                gen.writeStringField("@odata.context", request.metadataBase() + table.definition().entitySetName()
                        + selection.contextSuffix() + "/$entity");
                gen.writeStringField("@odata.etag", "W/\"" + row.version + "\"");
                for (int i = 0; i < selection.columns.length; i++) {
                    gen.writeFieldName(JsonOut.name(selection.names[i]));
                    JsonOut.writeValue(gen, row.get(selection.columns[i]));
                }
                gen.writeEndObject();
            }
            return;
        }
        request.exchange.getResponseHeaders().set("OData-Version", "4.0");
        request.exchange.sendResponseHeaders(204, -1);
    }

    /**
     * The id of the row an {@code @odata.bind} names by alternate key ({@code /set(col='text',col2=5)}); a key naming
     * no row answers what the service answers for a missing record (404, 0x80040217, "... Does Not Exist").
     */
    private static String boundByKey(DataverseEmulator emulator, String entitySet, String key) {
        EmulatedTable target = emulator.tableBySetName(entitySet);
        if (target == null) {
            throw new ODataException(404, ODataException.QUERY_ERROR, "Resource not found for the segment '" + entitySet + "'.");
        }
        String id = resolveKey(target, key);
        if (id == null || target.row(id) == null) {
            throw WebApiHandler.notFound(target, key);
        }
        return id;
    }

    /**
     * JSON body to column values; {@code name@odata.bind: "/set(guid)"} sets the lookup column {@code _name_value},
     * as does {@code "/set(col='text',col2=5)"} (the target row by its alternate key) when {@code emulator} is given.
     */
    static Map<String, Object> columns(EmulatedTable table, JsonNode body, DataverseEmulator emulator) {
        if (!body.isObject()) {
            throw ODataException.badRequest("The request body must be a JSON object.");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        if (emulator != null && table.columnByAnyName("modifiedby") != null) {
            values.put("modifiedby", emulator.userId()); // a Web API write is modified by its caller (WhoAmI)
        }
        for (Map.Entry<String, JsonNode> f : body.properties()) {
            String name = f.getKey();
            if (name.endsWith("@odata.bind")) {
                String attribute = name.substring(0, name.length() - "@odata.bind".length());
                Integer column = table.columnByAnyName(attribute);
                if (column == null && attribute.contains("_")) {
                    // Polymorphic lookups name the target: parentcustomerid_account.
                    attribute = attribute.substring(0, attribute.lastIndexOf('_'));
                    column = table.columnByAnyName(attribute);
                }
                if (column == null || !table.columns().get(column).type().isLookup()) {
                    throw ODataException.badRequest("An undeclared property '" + name
                            + "' which only has property annotations in the payload but no property value was found in the payload.");
                }
                Matcher m = BIND.matcher(f.getValue().asText());
                Matcher byKey = KEY_BIND.matcher(f.getValue().asText());
                if (m.matches()) {
                    values.put(table.columns().get(column).columnName(), m.group(1));
                } else if (byKey.matches() && emulator != null) {
                    values.put(table.columns().get(column).columnName(), boundByKey(emulator, byKey.group(1),
                            URLDecoder.decode(byKey.group(2), StandardCharsets.UTF_8)));
                } else {
                    throw ODataException.badRequest("The @odata.bind value '" + f.getValue().asText()
                            + "' is not an entity reference like /contacts(00000000-0000-0000-0000-000000000000).");
                }
                continue;
            }
            if (name.contains("@")) {
                continue;
            }
            Integer column = table.columnByAnyName(name);
            if (column == null) {
                throw ODataException.badRequest("The property '" + name + "' does not exist on type 'Microsoft.Dynamics.CRM."
                        + table.logicalName() + "'. Make sure to only use property names that are defined by the type.");
            }
            JsonNode v = f.getValue();
            Object value = v.isNull() ? null : v.isBoolean() ? v.booleanValue() : v.isNumber() ? v.decimalValue() : v.asText();
            values.put(table.columns().get(column).columnName(), value);
        }
        return values;
    }

}
