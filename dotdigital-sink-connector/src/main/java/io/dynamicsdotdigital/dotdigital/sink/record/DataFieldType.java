package io.dynamicsdotdigital.dotdigital.sink.record;

import java.util.Locale;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Timestamp;

/** Dotdigital's data-field types. */
public enum DataFieldType {
    STRING("String"), NUMERIC("Numeric"), DATE("Date"), BOOLEAN("Boolean");

    private final String apiName;

    DataFieldType(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    /** Parses Dotdigital's type name; unknown names read as String (the API's most permissive type). */
    public static DataFieldType fromApi(String name) {
        if (name == null) {
            return STRING;
        }
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "numeric", "number" -> NUMERIC;
            case "date", "datetime" -> DATE;
            case "boolean", "bool" -> BOOLEAN;
            default -> STRING;
        };
    }

    /** The type to create for a value when the mapping does not name one. */
    public static DataFieldType infer(FieldValue v) {
        Schema s = v.schema();
        if (s != null) {
            String logical = s.name();
            if (Decimal.LOGICAL_NAME.equals(logical)) {
                return NUMERIC;
            }
            if (Timestamp.LOGICAL_NAME.equals(logical) || Date.LOGICAL_NAME.equals(logical)) {
                return DATE;
            }
            return switch (s.type()) {
                case INT8, INT16, INT32, INT64, FLOAT32, FLOAT64 -> NUMERIC;
                case BOOLEAN -> BOOLEAN;
                default -> STRING;
            };
        }
        Object value = v.value();
        if (value instanceof Number) {
            return NUMERIC;
        }
        if (value instanceof Boolean) {
            return BOOLEAN;
        }
        if (value instanceof java.util.Date) {
            return DATE;
        }
        return STRING;
    }
}
