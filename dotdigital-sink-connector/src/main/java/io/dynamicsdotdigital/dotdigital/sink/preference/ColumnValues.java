package io.dynamicsdotdigital.dotdigital.sink.preference;

import io.dynamicsdotdigital.dotdigital.sink.record.RecordErrorKind;
import io.dynamicsdotdigital.dotdigital.sink.record.RejectedRecordException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Locale;

/** Reads booleans and times from record columns, rejecting values that are neither with the column named. */
final class ColumnValues {
    private ColumnValues() {
    }

    /** true/false, "true"/"false", 1/0 (Dataverse two-option values); null stays null. */
    static Boolean bool(Object v, String column, String where) {
        if (v == null) {
            return null;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "true", "1" -> {
                return true;
            }
            case "false", "0" -> {
                return false;
            }
            default -> throw new RejectedRecordException(RecordErrorKind.WRONG_FIELD_TYPE, "column '" + column
                    + "' of " + where + " holds '" + v + "', which is not a boolean (true/false or 1/0)");
        }
    }

    /**
     * An ISO 8601 date-time (with offset, or UTC when it has none), a java.util.Date (Connect Timestamp) or epoch
     * milliseconds.
     */
    static Instant time(Object v, String column, String where) {
        if (v instanceof Date d) {
            return d.toInstant();
        }
        if (v instanceof Instant i) {
            return i;
        }
        if (v instanceof Long || v instanceof Integer) {
            return Instant.ofEpochMilli(((Number) v).longValue());
        }
        if (v == null || v.toString().isBlank()) {
            throw new RejectedRecordException(RecordErrorKind.UNPARSABLE_TIME, "column '" + column + "' of " + where
                    + " is missing or empty; the time Dynamics modified the record is needed to decide whether its"
                    + " preference change is newer than Dotdigital's");
        }
        String s = v.toString().trim();
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new RejectedRecordException(RecordErrorKind.UNPARSABLE_TIME, "column '" + column + "' of "
                        + where + " holds '" + s + "', which is not an ISO 8601 date-time");
            }
        }
    }

    static String text(Object v) {
        return v == null || v.toString().isBlank() ? null : v.toString().trim();
    }
}
