package io.dynamicsdotdigital.common.schedule;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One window of local time in which a flow may be read: {@code *} (always), days ({@code Mon-Fri}, {@code Sat}),
 * hours ({@code 22:00-06:00}) or both ({@code Mon-Fri 22:00-06:00}). Hours whose end is before their start cross
 * midnight; the days name the day such a window starts on, so {@code Fri 22:00-06:00} ends on Saturday morning.
 *
 * @param days  the days the window starts on
 * @param start the local time it opens; null for whole days
 * @param end   the local time it closes (exclusive); null for whole days
 */
public record SyncWindow(Set<DayOfWeek> days, LocalTime start, LocalTime end) {
    private static final Pattern SPEC = Pattern.compile(
            "(?:([A-Za-z]{3})(?:-([A-Za-z]{3}))?)?\\s*(?:(\\d{2}:\\d{2})-(\\d{2}:\\d{2}))?");
    public static final SyncWindow ALWAYS = new SyncWindow(EnumSet.allOf(DayOfWeek.class), null, null);

    public SyncWindow {
        days = Set.copyOf(days);
    }

    /** @throws IllegalArgumentException saying what is wrong with {@code spec} */
    public static SyncWindow parse(String spec) {
        String s = spec.trim();
        if (s.equals("*")) {
            return ALWAYS;
        }
        Matcher m = SPEC.matcher(s);
        if (s.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("'" + spec + "' is not a window such as *, Mon-Fri, 22:00-06:00 or"
                    + " Mon-Fri 22:00-06:00");
        }
        Set<DayOfWeek> days = m.group(1) == null ? EnumSet.allOf(DayOfWeek.class)
                : dayRange(day(m.group(1), spec), m.group(2) == null ? day(m.group(1), spec) : day(m.group(2), spec));
        if (m.group(3) == null) {
            return new SyncWindow(days, null, null);
        }
        LocalTime start = time(m.group(3), spec);
        LocalTime end = time(m.group(4), spec);
        if (start.equals(end)) {
            throw new IllegalArgumentException("'" + spec + "' opens and closes at the same time; leave the hours out"
                    + " for whole days");
        }
        return new SyncWindow(days, start, end);
    }

    private static DayOfWeek day(String name, String spec) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().substring(0, 3).equalsIgnoreCase(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException("'" + name + "' in '" + spec + "' is not a day (Mon, Tue, Wed, Thu, Fri,"
                + " Sat, Sun)");
    }

    /** The days from {@code first} to {@code last}, wrapping past Sunday (Fri-Mon is Fri, Sat, Sun, Mon). */
    private static Set<DayOfWeek> dayRange(DayOfWeek first, DayOfWeek last) {
        Set<DayOfWeek> days = EnumSet.of(first);
        for (DayOfWeek d = first; d != last; d = d.plus(1)) {
            days.add(d.plus(1));
        }
        return days;
    }

    private static LocalTime time(String hhmm, String spec) {
        try {
            return LocalTime.parse(hhmm);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + hhmm + "' in '" + spec + "' is not a time from 00:00 to 23:59");
        }
    }

    /** Whether local time {@code t} (in the windows' zone) lies inside this window. */
    public boolean contains(LocalDateTime t) {
        DayOfWeek day = t.getDayOfWeek();
        if (start == null) {
            return days.contains(day);
        }
        LocalTime time = t.toLocalTime();
        if (start.isBefore(end)) {
            return days.contains(day) && !time.isBefore(start) && time.isBefore(end);
        }
        return days.contains(day) && !time.isBefore(start) || days.contains(day.minus(1)) && time.isBefore(end);
    }

    /** The local time the window opens on a day it starts on. */
    LocalTime opensAt() {
        return start == null ? LocalTime.MIDNIGHT : start;
    }

    @Override
    public String toString() {
        String d = days.size() == 7 ? "" : days.toString();
        return start == null ? (d.isEmpty() ? "*" : d) : (d + " " + start + "-" + end).trim();
    }
}
