package io.dynamicsdotdigital.dotdigital.sink.preference;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The preference writes this sink made to one contact, kept in a Dotdigital data field of the contact
 * (preferences.written.datafield) so they outlive the task: per preference, the value written, the Dynamics time of
 * the change written and Dotdigital's stamp of the write. While Dotdigital still holds that value with that stamp,
 * the value is there only because the sink wrote it, and a Dynamics change is compared with the Dynamics time written,
 * not with the stamp (which is later than it). Text form: {@code id=1@crmEpochSecond@dotdigitalEpochSecond;...}.
 */
final class OwnWrites {
    /** One write: the value, the Dynamics time of the change it carried, and Dotdigital's stamp of it. */
    record Write(long preferenceId, boolean optedIn, Instant crmModified, Instant dotdigitalStamp) {
        /** True when Dotdigital holds exactly what this write left: same value, same stamp (whole seconds). */
        boolean stillHeld(boolean heldOptedIn, Instant heldStamp) {
            return heldStamp != null && heldOptedIn == optedIn && heldStamp.truncatedTo(ChronoUnit.SECONDS)
                    .equals(dotdigitalStamp.truncatedTo(ChronoUnit.SECONDS));
        }
    }

    private OwnWrites() {
    }

    /** Unreadable entries are left out: they can only make a write look like Dotdigital's, as without the field. */
    static Map<Long, Write> parse(String text) {
        Map<Long, Write> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String entry : text.split(";")) {
            try {
                int eq = entry.indexOf('=');
                String[] parts = entry.substring(eq + 1).split("@");
                long id = Long.parseLong(entry.substring(0, eq).trim());
                out.put(id, new Write(id, parts[0].trim().equals("1"), Instant.ofEpochSecond(Long.parseLong(
                        parts[1].trim())), Instant.ofEpochSecond(Long.parseLong(parts[2].trim()))));
            } catch (RuntimeException e) {
                // skipped, see above
            }
        }
        return out;
    }

    /**
     * The text form, the most recent writes first, as many as fit in {@code maxLength} characters: the oldest writes
     * are dropped first (for them a restart falls back to comparing with Dotdigital's stamp).
     */
    static String format(Map<Long, Write> writes, int maxLength) {
        List<Write> newestFirst = new ArrayList<>(writes.values());
        newestFirst.sort(Comparator.comparing(Write::dotdigitalStamp).reversed());
        StringBuilder sb = new StringBuilder();
        for (Write w : newestFirst) {
            String entry = w.preferenceId() + "=" + (w.optedIn() ? "1" : "0") + "@" + w.crmModified().getEpochSecond()
                    + "@" + w.dotdigitalStamp().getEpochSecond();
            int length = sb.length() + (sb.length() > 0 ? 1 : 0) + entry.length();
            if (length > maxLength) {
                break;
            }
            sb.append(sb.length() > 0 ? ";" : "").append(entry);
        }
        return sb.toString();
    }
}
