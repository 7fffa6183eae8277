package io.dynamicsdotdigital.dotdigital.sink.record;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;

/**
 * Converts record values to Dotdigital data-field values: String (bounded length), Numeric (BigDecimal, never a
 * double), Date (Instant, UTC) and Boolean. A value that does not fit is a per-record error naming both fields.
 */
public final class DataFieldConverter {
    private final int stringMaxLength;

    public DataFieldConverter(int stringMaxLength) {
        this.stringMaxLength = stringMaxLength;
    }

    /** @return String, BigDecimal, Instant or Boolean; null when the value is null */
    public Object convert(FieldValue v, DataFieldType type, FieldMapping mapping) {
        Object value = v.value();
        if (value == null) {
            return null;
        }
        if (value instanceof Struct || value instanceof Map || value instanceof List || value instanceof byte[]) {
            throw wrongType(mapping, type, value, "a structured value cannot go into a data field");
        }
        return switch (type) {
            case STRING -> toText(value, mapping);
            case NUMERIC -> toNumber(value, type, mapping);
            case DATE -> toInstant(value, type, mapping);
            case BOOLEAN -> toBoolean(value, type, mapping);
        };
    }

    private String toText(Object value, FieldMapping mapping) {
        String text;
        if (value instanceof BigDecimal d) {
            text = d.toPlainString();
        } else if (value instanceof java.util.Date d) {
            text = d.toInstant().toString();
        } else {
            text = value.toString();
        }
        if (text.length() > stringMaxLength) {
            throw new RejectedRecordException(RecordErrorKind.OVERSIZE_VALUE, "field '" + mapping.recordField()
                    + "' has " + text.length() + " characters; data field " + mapping.dataField()
                    + " (String) takes at most " + stringMaxLength + " (datafield.string.max.length)");
        }
        return text;
    }

    private static BigDecimal toNumber(Object value, DataFieldType type, FieldMapping mapping) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw wrongType(mapping, type, value, "not a finite number");
            }
            return new BigDecimal(value.toString());
        }
        if (value instanceof String s) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                throw wrongType(mapping, type, value, "not a number");
            }
        }
        throw wrongType(mapping, type, value, "not a number");
    }

    private static Instant toInstant(Object value, DataFieldType type, FieldMapping mapping) {
        if (value instanceof java.util.Date d) {
            return d.toInstant();
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof Long || value instanceof Integer) {
            // Schemaless numbers are read as epoch milliseconds, like Connect's Timestamp.
            return Instant.ofEpochMilli(((Number) value).longValue());
        }
        if (value instanceof String s) {
            Instant parsed = parseDate(s.trim());
            if (parsed != null) {
                return parsed;
            }
            throw wrongType(mapping, type, value, "not an ISO-8601 date or date-time");
        }
        throw wrongType(mapping, type, value, "not a date");
    }

    static Instant parseDate(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            return null;
        }
    }

    private static Boolean toBoolean(Object value, DataFieldType type, FieldMapping mapping) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n && (n.intValue() == 0 || n.intValue() == 1)
                && n.doubleValue() == n.intValue()) {
            return n.intValue() == 1;
        }
        if (value instanceof String s) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes" -> {
                    return Boolean.TRUE;
                }
                case "false", "0", "no" -> {
                    return Boolean.FALSE;
                }
                default -> {
                    // falls through to the error
                }
            }
        }
        throw wrongType(mapping, type, value, "not a boolean");
    }

    private static RejectedRecordException wrongType(FieldMapping mapping, DataFieldType type, Object value,
                                                    String why) {
        String shown = String.valueOf(value);
        if (shown.length() > 40) {
            shown = shown.substring(0, 40) + "...";
        }
        return new RejectedRecordException(RecordErrorKind.WRONG_FIELD_TYPE, "field '" + mapping.recordField()
                + "' value '" + shown + "' (" + value.getClass().getSimpleName() + ") cannot go into data field "
                + mapping.dataField() + " of type " + type.apiName() + ": " + why);
    }
}
