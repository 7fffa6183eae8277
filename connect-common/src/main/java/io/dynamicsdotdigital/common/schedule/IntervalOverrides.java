package io.dynamicsdotdigital.common.schedule;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Poll intervals of named flows (tables, streams) that differ from the connector's {@code poll.interval.ms}, from
 * a list setting such as {@code contact:3600000,lead:600000} (name, colon, milliseconds).
 */
public final class IntervalOverrides {
    private static final Pattern ENTRY = Pattern.compile("([A-Za-z0-9_.-]+)\\s*:\\s*(\\d{1,18})");
    public static final IntervalOverrides NONE = new IntervalOverrides(Map.of());

    private final Map<String, Duration> intervals;

    private IntervalOverrides(Map<String, Duration> intervals) {
        this.intervals = intervals;
    }

    /** @throws IllegalArgumentException naming the entry at fault */
    public static IntervalOverrides parse(List<String> entries, long minMillis, long maxMillis) {
        Map<String, Duration> out = new LinkedHashMap<>();
        for (String raw : entries) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            Matcher m = ENTRY.matcher(entry);
            if (!m.matches()) {
                throw new IllegalArgumentException("entry '" + entry + "' is not name:milliseconds, for example"
                        + " contact:3600000");
            }
            long ms = Long.parseLong(m.group(2));
            if (ms < minMillis || ms > maxMillis) {
                throw new IllegalArgumentException("entry '" + entry + "': the interval must be from " + minMillis
                        + " to " + maxMillis + " ms");
            }
            if (out.put(m.group(1), Duration.ofMillis(ms)) != null) {
                throw new IllegalArgumentException("entry '" + entry + "': " + m.group(1) + " is listed twice");
            }
        }
        return new IntervalOverrides(Map.copyOf(out));
    }

    /** The flows with their own interval. */
    public Set<String> names() {
        return intervals.keySet();
    }

    /** The interval of {@code name}: its override, else {@code fallback}. */
    public Duration intervalOf(String name, Duration fallback) {
        return intervals.getOrDefault(name, fallback);
    }
}
