package io.dynamicsdotdigital.dotdigital.client.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/** Null-tolerant reads of JSON values and Dotdigital's date and money text. */
final class Json {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Json.class);
    /** Offsets written as +0000 by some endpoints, +00:00 or Z by others. */
    private static final DateTimeFormatter FLEXIBLE_OFFSET = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .parseDefaulting(ChronoField.OFFSET_SECONDS, 0)
            .toFormatter();

    private Json() {
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
    }

    static long longValue(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? 0L : v.asLong();
    }

    static Long optionalLong(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asLong();
    }

    static int intValue(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? 0 : v.asInt();
    }

    static boolean bool(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && !v.isNull() && v.asBoolean();
    }

    static BigDecimal decimal(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isNumber() ? v.decimalValue() : money(v.asText());
    }

    /**
     * The date in {@code field}; a value that is not a date is logged and read as absent, so one malformed date
     * (the published examples contain {@code 2020-01-021T...}) does not block a whole page of rows.
     */
    static Instant instant(JsonNode node, String field) {
        String value = text(node, field);
        try {
            return parseInstant(value);
        } catch (IllegalArgumentException e) {
            log.warn("Dotdigital returned {}='{}', which is not an ISO 8601 date; it is read as absent", field, value);
            return null;
        }
    }

    /** ISO 8601 with Z, +00:00, +0000 or no offset (read as UTC), or a plain date. */
    static Instant parseInstant(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            return OffsetDateTime.parse(v, FLEXIBLE_OFFSET).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(v);
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e3) {
                    try {
                        return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
                    } catch (DateTimeParseException e4) {
                        throw new IllegalArgumentException("not an ISO 8601 date: '" + v + "'", e4);
                    }
                }
            }
        }
    }

    /**
     * Money as the API writes it ("$1,234.50", "£0.00", "12.5"): currency symbols and group separators dropped.
     * Assumes '.' is the decimal separator, as in every example Dotdigital publishes.
     */
    static BigDecimal money(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder digits = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (Character.isDigit(c) || c == '.' || c == '-') {
                digits.append(c);
            }
        }
        if (digits.isEmpty() || digits.toString().equals("-") || digits.toString().equals(".")) {
            return null;
        }
        try {
            return new BigDecimal(digits.toString());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an amount of money: '" + text + "'", e);
        }
    }
}
