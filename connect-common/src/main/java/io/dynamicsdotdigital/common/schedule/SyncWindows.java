package io.dynamicsdotdigital.common.schedule;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The time windows of named flows (tables, streams), from a setting such as
 * {@code contact=Mon-Fri 22:00-06:00;campaign-activities=*}: entries separated by {@code ;}, each a name, {@code =}
 * and one or more {@link SyncWindow}s separated by {@code ,}. A flow with no entry is always open.
 */
public final class SyncWindows {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    /** How far ahead an opening is looked for: every window opens at least once a week. */
    private static final int SEARCH_DAYS = 8;
    public static final SyncWindows NONE = new SyncWindows(Map.of(), ZoneOffset.UTC);

    private final Map<String, List<SyncWindow>> windows;
    private final ZoneId zone;

    private SyncWindows(Map<String, List<SyncWindow>> windows, ZoneId zone) {
        this.windows = windows;
        this.zone = zone;
    }

    /** @throws IllegalArgumentException naming the entry at fault */
    public static SyncWindows parse(String setting, ZoneId zone) {
        Map<String, List<SyncWindow>> out = new LinkedHashMap<>();
        for (String entry : setting == null ? new String[0] : setting.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String name = eq < 0 ? "" : entry.substring(0, eq).trim();
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("entry '" + entry.trim() + "' is not name=window[,window...],"
                        + " for example contact=Mon-Fri 22:00-06:00");
            }
            if (out.containsKey(name)) {
                throw new IllegalArgumentException("entry '" + entry.trim() + "': " + name + " has windows already;"
                        + " list all its windows in one entry separated by ,");
            }
            List<SyncWindow> list = new ArrayList<>();
            for (String spec : entry.substring(eq + 1).split(",")) {
                try {
                    list.add(SyncWindow.parse(spec));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("entry '" + entry.trim() + "': " + e.getMessage(), e);
                }
            }
            out.put(name, List.copyOf(list));
        }
        return new SyncWindows(out, zone);
    }

    /** @throws IllegalArgumentException when {@code id} is no IANA zone id or offset */
    public static ZoneId zone(String id) {
        try {
            return ZoneId.of(id.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + id + "' is not a time zone id such as UTC or Europe/London");
        }
    }

    /** The flows that have windows. */
    public Set<String> names() {
        return windows.keySet();
    }

    public ZoneId zone() {
        return zone;
    }

    /** Whether {@code name} may be read at {@code now}. */
    public boolean isOpen(String name, Instant now) {
        List<SyncWindow> list = windows.get(name);
        if (list == null) {
            return true;
        }
        LocalDateTime local = LocalDateTime.ofInstant(now, zone);
        return list.stream().anyMatch(w -> w.contains(local));
    }

    /** {@code now} when {@code name} is open, else the next time one of its windows opens. */
    public Instant nextOpening(String name, Instant now) {
        if (isOpen(name, now)) {
            return now;
        }
        Instant next = Instant.MAX;
        LocalDate today = LocalDate.ofInstant(now, zone);
        for (int d = 0; d <= SEARCH_DAYS; d++) {
            LocalDate date = today.plusDays(d);
            for (SyncWindow w : windows.get(name)) {
                if (w.days().contains(date.getDayOfWeek())) {
                    // A start inside a DST gap moves forward to the first valid local time, as ZonedDateTime does.
                    Instant opens = ZonedDateTime.of(date, w.opensAt(), zone).toInstant();
                    if (opens.isAfter(now) && opens.isBefore(next)) {
                        next = opens;
                    }
                }
            }
        }
        return next;
    }

    @Override
    public String toString() {
        return windows + " in " + zone;
    }
}
