package io.dynamicsdotdigital.dynamics.source.schema;

import com.fasterxml.jackson.core.JsonParser;
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
 * hands each finished row or delete to a {@link RowHandler}.
 */
public final class RowConverter implements RowReader {
    private final TableSchema schema;
    private final RowHandler handler;
    private Struct value;

    public RowConverter(TableSchema schema, RowHandler handler) {
        this.schema = schema;
        this.handler = handler;
    }

    @Override
    public void beginRow() {
        value = new Struct(schema.valueSchema());
    }

    @Override
    public boolean column(String name, JsonToken token, JsonParser parser) throws IOException {
        Column column = schema.column(name);
        if (column == null) {
            return false;
        }
        if (token != JsonToken.VALUE_NULL) {
            value.put(column.field(), convert(parser, token, column));
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
        handler.row(value);
    }

    @Override
    public void deleted(String id, String reason) {
        handler.deleted(id, reason);
    }

    private Object convert(JsonParser p, JsonToken t, Column c) throws IOException {
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
