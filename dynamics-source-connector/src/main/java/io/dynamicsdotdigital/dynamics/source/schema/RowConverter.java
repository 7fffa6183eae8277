package io.dynamicsdotdigital.dynamics.source.schema;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.dynamicsdotdigital.dataverse.client.IsoTimestamps;
import io.dynamicsdotdigital.dataverse.client.RowReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Date;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Converts the properties of streamed rows straight into a Struct of the table's value schema (no JSON tree), and
 * hands each finished row or delete to a {@link RowHandler}. A value that cannot be converted fails the page with
 * an error naming the page, the row's id and the column, or, when asked, leaves the row out and tells the handler.
 */
public final class RowConverter implements RowReader {
    private final TableSchema schema;
    private final RowHandler handler;
    private final String page;
    private final boolean skipUnreadable;
    private Struct value;
    private String unreadable;

    /** A converter that fails on an unreadable value. */
    public RowConverter(TableSchema schema, RowHandler handler) {
        this(schema, handler, "page of " + schema.entitySetName(), false);
    }

    /**
     * @param page           names the page in errors, e.g. "snapshot page of contacts"
     * @param skipUnreadable leave rows with an unreadable value out (the handler hears of each) instead of failing
     */
    public RowConverter(TableSchema schema, RowHandler handler, String page, boolean skipUnreadable) {
        this.schema = schema;
        this.handler = handler;
        this.page = page;
        this.skipUnreadable = skipUnreadable;
    }

    @Override
    public void beginRow() {
        value = new Struct(schema.valueSchema());
        unreadable = null;
    }

    @Override
    public boolean column(String name, JsonToken token, JsonParser parser) throws IOException {
        Column column = schema.column(name);
        if (column == null) {
            return false;
        }
        if (token != JsonToken.VALUE_NULL) {
            try {
                value.put(column.field(), convert(parser, token, column));
            } catch (RuntimeException | JsonProcessingException e) {
                if (unreadable == null) {
                    unreadable = "column " + column.jsonName() + " holds a value that is not a "
                            + column.kind().name().toLowerCase() + ": " + excerpt(parser, token);
                }
                parser.skipChildren();
            }
        }
        return true;
    }

    @Override
    public boolean annotation(String name, JsonParser parser) throws IOException {
        Field label = schema.labelFields().get(name);
        if (label == null) {
            return false;
        }
        value.put(label, parser.getValueAsString());
        return true;
    }

    @Override
    public void endRow() {
        if (unreadable == null) {
            handler.row(value);
            return;
        }
        Object id = value.get(schema.primaryId());
        if (skipUnreadable) {
            handler.skipped(id == null ? null : id.toString(), unreadable);
            return;
        }
        throw new ConnectException("Dataverse " + page + ": row " + (id == null ? "(no id)" : id) + " of table "
                + schema.logicalName() + " cannot be read: " + unreadable + ". Set unreadable.row.action=skip to"
                + " leave such rows out (each is logged and counted)");
    }

    @Override
    public void deleted(String id, String reason) {
        handler.deleted(id, reason);
    }

    private static String excerpt(JsonParser p, JsonToken t) {
        try {
            String text = t.isScalarValue() ? p.getText() : t.asString();
            return text == null ? "?" : text.length() > 200 ? text.substring(0, 200) + "..." : text;
        } catch (IOException e) {
            return "?";
        }
    }

    private static Object convert(JsonParser p, JsonToken t, Column c) throws IOException {
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
    }
}
