package io.dynamicsdotdigital.emulator.dataverse;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** Converts values given from Java or JSON to the canonical stored type of an attribute. */
final class Values {
    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Values() {
    }

    static Object coerce(TableDefinition table, AttributeDefinition attribute, Object value) {
        if (value == null) {
            return null;
        }
        try {
            switch (attribute.type()) {
                case String:
                case Memo:
                case EntityName:
                    return value.toString();
                case Uniqueidentifier:
                case Lookup:
                case Customer:
                case Owner:
                    return guid(value.toString());
                case Integer:
                case Picklist:
                case State:
                case Status:
                    if (value instanceof Number) {
                        return Math.toIntExact(((Number) value).longValue());
                    }
                    return java.lang.Integer.valueOf(value.toString().trim());
                case BigInt:
                    return value instanceof Number ? ((Number) value).longValue() : Long.valueOf(value.toString().trim());
                case Boolean:
                    if (value instanceof java.lang.Boolean) {
                        return value;
                    }
                    String b = value.toString().trim().toLowerCase(Locale.ROOT);
                    if (b.equals("true") || b.equals("false")) {
                        return java.lang.Boolean.valueOf(b);
                    }
                    throw new IllegalArgumentException("not a boolean");
                case Double:
                    return value instanceof Number ? ((Number) value).doubleValue() : java.lang.Double.valueOf(value.toString());
                case Decimal:
                case Money:
                    BigDecimal d = value instanceof BigDecimal ? (BigDecimal) value : new BigDecimal(value.toString().trim());
                    return d.setScale(attribute.precision() == null ? 2 : attribute.precision(), RoundingMode.HALF_EVEN);
                case DateTime:
                    return instant(value);
                default:
                    throw new IllegalArgumentException(attribute.type() + " attributes hold no value");
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Value '" + value + "' does not fit column " + attribute.columnName()
                    + " (" + attribute.type() + ") of table " + table.logicalName() + ": " + e.getMessage(), e);
        }
    }

    static String guid(String text) {
        String t = text.trim();
        if (!GUID.matcher(t).matches()) {
            throw new IllegalArgumentException("not a GUID: " + text);
        }
        return t.toLowerCase(Locale.ROOT);
    }

    static boolean isGuid(String text) {
        return GUID.matcher(text).matches();
    }

    static Instant instant(Object value) {
        if (value instanceof Instant) {
            return ((Instant) value).truncatedTo(ChronoUnit.SECONDS);
        }
        if (value instanceof OffsetDateTime) {
            return ((OffsetDateTime) value).toInstant().truncatedTo(ChronoUnit.SECONDS);
        }
        if (value instanceof Date) {
            return ((Date) value).toInstant().truncatedTo(ChronoUnit.SECONDS);
        }
        String s = value.toString().trim();
        try {
            return OffsetDateTime.parse(s).toInstant().truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
        }
    }

    static String randomGuid(java.util.Random random) {
        long msb = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
