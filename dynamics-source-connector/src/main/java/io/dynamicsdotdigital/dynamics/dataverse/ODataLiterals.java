package io.dynamicsdotdigital.dynamics.dataverse;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** OData literals for $filter expressions. */
public final class ODataLiterals {
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
}
