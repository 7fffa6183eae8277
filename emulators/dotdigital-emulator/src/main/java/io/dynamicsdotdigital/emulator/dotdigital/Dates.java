package io.dynamicsdotdigital.emulator.dotdigital;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Dates as Dotdigital clients send them in paths and as the emulator writes them (UTC, ISO 8601). */
public final class Dates {
    private static final DateTimeFormatter OFFSET_WITHOUT_COLON = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME).appendPattern("[XX][XXX][X]").toFormatter();

    private Dates() {
    }

    /**
     * Accepts {@code 2024-05-01T10:00:00+00:00}, {@code 2015-11-18T19:43:01+0000}, {@code ...Z}, a date-time without
     * zone (taken as UTC) and {@code yyyy-MM-dd} (midnight UTC).
     */
    public static Optional<Instant> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String t = text.trim().replace(' ', '+');
        try {
            if (t.length() == 10) {
                return Optional.of(LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            return Optional.of(OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            try {
                var parsed = OFFSET_WITHOUT_COLON.parseBest(t, OffsetDateTime::from,
                        java.time.LocalDateTime::from);
                if (parsed instanceof OffsetDateTime odt) {
                    return Optional.of(odt.toInstant());
                }
                return Optional.of(((java.time.LocalDateTime) parsed).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }

    /** ISO 8601 UTC with a {@code Z}, fractional seconds only when present. */
    public static String format(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
