package io.dynamicsdotdigital.dataverse.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/** OData literals for $filter expressions and key addresses, and query values encoded the way OData reads them. */
public final class ODataLiterals {
    public static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private ODataLiterals() {
    }

    /** A quoted string literal; a quote inside is doubled, as OData requires. */
    public static String string(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** A DateTimeOffset literal at second precision (the precision of modifiedon), e.g. 2023-04-07T21:59:01Z. */
    public static String dateTime(Instant value) {
        return value.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** A $filter literal: numbers and booleans bare, everything else a quoted string. */
    public static String filterValue(Object value) {
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return string(value.toString());
    }

    /**
     * A key literal inside a row address {@code set(col=<literal>)} when the column's type is not known: numbers
     * (in plain notation, never 1.0E10), booleans and GUIDs bare, strings quoted with ' doubled and percent-encoded
     * (the address is part of the URL path).
     */
    public static String keyValue(Object value) {
        if (value instanceof Number n) {
            return plainNumber(n);
        }
        if (value instanceof Boolean) {
            return value.toString();
        }
        String s = value.toString();
        if (GUID.matcher(s).matches()) {
            return s;
        }
        return quoted(s);
    }

    /**
     * A key literal that follows the key column's metadata type ({@code AttributeType}): text columns always quoted
     * (a GUID- or number-shaped value too), whole numbers and option sets as integers, Decimal/Money/Double in plain
     * decimal notation, Uniqueidentifier and lookups as bare GUIDs, DateTime as an ISO-8601 literal, Boolean as
     * true/false. An unknown or null type falls back to {@link #keyValue(Object)}.
     *
     * @throws IllegalArgumentException naming the type when the value cannot be such a literal
     */
    public static String keyValue(Object value, String attributeType) {
        if (attributeType == null) {
            return keyValue(value);
        }
        String s = value instanceof java.util.Date d ? d.toInstant().toString() : value.toString().trim();
        try {
            switch (attributeType) {
                case "String", "Memo", "EntityName":
                    return quoted(value.toString());
                case "Integer", "BigInt", "Picklist", "State", "Status":
                    return new java.math.BigDecimal(s).toBigIntegerExact().toString();
                case "Decimal", "Money", "Double":
                    return new java.math.BigDecimal(s).toPlainString();
                case "Uniqueidentifier", "Lookup", "Customer", "Owner":
                    if (!GUID.matcher(s).matches()) {
                        throw new IllegalArgumentException("not a GUID");
                    }
                    return s.toLowerCase(java.util.Locale.ROOT);
                case "Boolean":
                    if (!s.equalsIgnoreCase("true") && !s.equalsIgnoreCase("false")) {
                        throw new IllegalArgumentException("not true or false");
                    }
                    return s.toLowerCase(java.util.Locale.ROOT);
                case "DateTime":
                    return value instanceof java.util.Date ? s : java.time.OffsetDateTime.parse(s).toInstant().toString();
                default:
                    return keyValue(value);
            }
        } catch (ArithmeticException | java.time.format.DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a " + attributeType + " value");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + value + "' is not a " + attributeType + " value ("
                    + e.getMessage() + ")");
        }
    }

    private static String plainNumber(Number n) {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException(n + " is not a number OData can address");
            }
            return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        if (n instanceof java.math.BigDecimal b) {
            return b.toPlainString();
        }
        return n.toString();
    }

    private static String quoted(String s) {
        return "'" + encode(s.replace("'", "''")).replace("%27", "'") + "'";
    }

    /** Percent-encodes a query value; spaces as %20 because OData servers do not all read '+'. */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
