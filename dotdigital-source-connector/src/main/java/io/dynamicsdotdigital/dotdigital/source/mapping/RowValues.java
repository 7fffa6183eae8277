package io.dynamicsdotdigital.dotdigital.source.mapping;

import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Value conversions the row mappers share: dates, the newest of several times, emails, identity strings. */
final class RowValues {
    private static final char SEP = '\u001f';

    private RowValues() {
    }

    static Date date(Instant i) {
        return i == null ? null : Date.from(i);
    }

    static Instant latest(Instant... times) {
        Instant out = null;
        for (Instant t : times) {
            if (t != null && (out == null || t.isAfter(out))) {
                out = t;
            }
        }
        return out;
    }

    /** Emails are case-insensitive in Dotdigital; keys use lower case so re-reads match. */
    static String normalisedEmail(String email) {
        return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    }

    static String join(Object... parts) {
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            if (!sb.isEmpty()) {
                sb.append(SEP);
            }
            sb.append(p instanceof Map<?, ?> m ? new TreeMap<>(m).toString() : String.valueOf(p));
        }
        return sb.toString();
    }
}
