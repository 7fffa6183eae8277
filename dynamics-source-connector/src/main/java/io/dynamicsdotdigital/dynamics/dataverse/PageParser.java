package io.dynamicsdotdigital.dynamics.dataverse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.dynamicsdotdigital.dynamics.schema.Column;
import io.dynamicsdotdigital.dynamics.schema.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Streams a Web API page ({@code {"value":[...],"@odata.nextLink":...,"@odata.deltaLink":...}}) from the response
 * body straight into Connect Structs: no JSON tree and no copy of the page in memory, so heap use stays at one
 * page of records.
 */
public final class PageParser {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final String DELETED_ENTITY = "$deletedEntity";

    private PageParser() {
    }

    public static PageResult parse(InputStream body, TableSchema schema, PageHandler handler) throws IOException {
        String nextLink = null;
        String deltaLink = null;
        int items = 0;
        Set<String> unknown = null;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ConnectException("Dataverse answered " + schema.entitySetName()
                        + " with something other than a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "@odata.nextLink" -> nextLink = p.getValueAsString();
                    case "@odata.deltaLink" -> deltaLink = p.getValueAsString();
                    case "value" -> {
                        if (t != JsonToken.START_ARRAY) {
                            throw new ConnectException("Dataverse page of " + schema.entitySetName()
                                    + " has a \"value\" that is not an array");
                        }
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            unknown = readItem(p, schema, handler, unknown);
                            items++;
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        }
        return new PageResult(items, nextLink, deltaLink, unknown == null ? Set.of() : unknown);
    }

    private static Set<String> readItem(JsonParser p, TableSchema schema, PageHandler handler, Set<String> unknown)
            throws IOException {
        Struct value = new Struct(schema.valueSchema());
        boolean deleted = false;
        String id = null;
        String reason = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            Column column = schema.column(name);
            if (column != null) {
                if (t != JsonToken.VALUE_NULL) {
                    value.put(column.field(), convert(p, t, column, schema));
                }
                continue;
            }
            if (name.indexOf('@') >= 0) {
                Field label = schema.labelFields().get(name);
                if (label != null) {
                    value.put(label, p.getValueAsString());
                } else if (name.equals("@odata.context")) {
                    deleted = p.getValueAsString("").endsWith(DELETED_ENTITY);
                } else {
                    p.skipChildren();
                }
                continue;
            }
            if (name.equals("id") && t == JsonToken.VALUE_STRING) {
                id = p.getText();
            } else if (name.equals("reason") && t == JsonToken.VALUE_STRING) {
                reason = p.getText();
            } else {
                if (unknown == null) {
                    unknown = new HashSet<>();
                }
                unknown.add(name);
                p.skipChildren();
            }
        }
        if (deleted) {
            if (id == null) {
                throw new ConnectException("Dataverse reported a deleted " + schema.logicalName()
                        + " without an id");
            }
            handler.deleted(id, reason == null ? "deleted" : reason);
        } else {
            handler.row(value);
        }
        return unknown;
    }

    private static Object convert(JsonParser p, JsonToken t, Column c, TableSchema schema) throws IOException {
        try {
            return switch (c.kind()) {
                case STRING -> t == JsonToken.VALUE_STRING ? p.getText() : p.getValueAsString();
                case TIMESTAMP -> new Date(IsoTimestamps.parseMillis(p.getText()));
                case INT32 -> t == JsonToken.VALUE_STRING ? Integer.parseInt(p.getText()) : p.getIntValue();
                case INT64 -> t == JsonToken.VALUE_STRING ? Long.parseLong(p.getText()) : p.getLongValue();
                case FLOAT64 -> t == JsonToken.VALUE_STRING ? Double.parseDouble(p.getText()) : p.getDoubleValue();
                case DECIMAL -> (t == JsonToken.VALUE_STRING ? new BigDecimal(p.getText()) : p.getDecimalValue())
                        .setScale(c.scale(), RoundingMode.HALF_EVEN);
                case BOOLEAN -> t == JsonToken.VALUE_STRING ? Boolean.parseBoolean(p.getText()) : p.getBooleanValue();
            };
        } catch (RuntimeException | IOException e) {
            throw new ConnectException("Dataverse row of " + schema.logicalName() + " has a value for column "
                    + c.jsonName() + " that is not a " + c.kind().name().toLowerCase() + ": " + p.getText(), e);
        }
    }
}
