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
     * A key literal inside a row address {@code set(col=<literal>)}: numbers, booleans and GUIDs bare, strings
     * quoted with ' doubled and percent-encoded (the address is part of the URL path).
     */
    public static String keyValue(Object value) {
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        String s = value.toString();
        if (GUID.matcher(s).matches()) {
            return s;
        }
        String escaped = s.replace("'", "''");
        return "'" + encode(escaped).replace("%27", "'") + "'";
    }

    /** Percent-encodes a query value; spaces as %20 because OData servers do not all read '+'. */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
