package io.dynamicsdotdigital.common.schedule;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * The schedule settings both source connectors share: per-flow poll interval overrides and time windows. A flow
 * is a table (Dynamics) or a stream (Dotdigital); {@code flow} in the texts says which.
 */
public final class ScheduleConfigDefs {
    public static final String POLL_INTERVAL_OVERRIDES = "poll.interval.overrides";
    public static final String SYNC_WINDOWS = "sync.windows";
    public static final String SYNC_WINDOWS_TIMEZONE = "sync.windows.timezone";

    private ScheduleConfigDefs() {
    }

    /**
     * Adds the three keys to {@code def}.
     *
     * @param flow        what a flow is, e.g. "table"
     * @param example     example names for the docs, e.g. {@code contact} and {@code lead}
     * @param minMillis   the least interval allowed, as for poll.interval.ms
     * @param maxMillis   the most interval allowed
     */
    public static void add(ConfigDef def, String group, int order, String flow, String example, String example2,
                           long minMillis, long maxMillis) {
        def.define(POLL_INTERVAL_OVERRIDES, Type.LIST, "", overridesValidator(minMillis, maxMillis), Importance.LOW,
                        "Poll intervals of single " + flow + "s that differ from poll.interval.ms, as " + flow
                                + ":milliseconds pairs, for example " + example + ":3600000," + example2
                                + ":900000. Each " + flow + " must be one this connector reads; each interval from "
                                + minMillis + " to " + maxMillis + ".",
                        group, ++order, Width.LONG, "Poll interval overrides")
                .define(SYNC_WINDOWS, Type.STRING, "", windowsValidator(), Importance.LOW,
                        "Times at which single " + flow + "s may be read, as " + flow + "=windows entries separated"
                                + " by ;, the windows of one entry separated by ,. A window is * (always), days"
                                + " (Mon-Fri, Sat), hours (22:00-06:00) or both (Mon-Fri 22:00-06:00); hours whose"
                                + " end is before their start cross midnight and belong to the day they start on."
                                + " Example: " + example + "=Mon-Fri 22:00-06:00,Sat-Sun;" + example2 + "=*. Outside"
                                + " its windows a " + flow + " is not read and keeps its position; a " + flow
                                + " without an entry is always read. Times are in " + SYNC_WINDOWS_TIMEZONE + ".",
                        group, ++order, Width.LONG, "Sync windows")
                .define(SYNC_WINDOWS_TIMEZONE, Type.STRING, "UTC", zoneValidator(), Importance.LOW,
                        "Time zone of " + SYNC_WINDOWS + ": an IANA zone id such as Europe/London (daylight saving"
                                + " time followed) or UTC.",
                        group, ++order, Width.MEDIUM, "Sync windows time zone");
    }

    public static IntervalOverrides overrides(AbstractConfig config, long minMillis, long maxMillis) {
        return IntervalOverrides.parse(config.getList(POLL_INTERVAL_OVERRIDES), minMillis, maxMillis);
    }

    public static SyncWindows windows(AbstractConfig config) {
        return SyncWindows.parse(config.getString(SYNC_WINDOWS),
                SyncWindows.zone(config.getString(SYNC_WINDOWS_TIMEZONE)));
    }

    /**
     * Per setting, the error for the first flow it names that is not among {@code known} (a typo would otherwise
     * leave the intended flow unscheduled without a word).
     */
    public static Map<String, ConfigException> unknownNames(AbstractConfig config, Collection<String> known,
                                                            String flow, long minMillis, long maxMillis) {
        Map<String, ConfigException> errors = new LinkedHashMap<>();
        unknown(overrides(config, minMillis, maxMillis).names(), known).ifPresent(n -> errors.put(
                POLL_INTERVAL_OVERRIDES, new ConfigException(POLL_INTERVAL_OVERRIDES,
                        config.getList(POLL_INTERVAL_OVERRIDES), "names " + flow + " '" + n
                        + "', which this connector does not read (it reads " + known + ")")));
        unknown(windows(config).names(), known).ifPresent(n -> errors.put(SYNC_WINDOWS, new ConfigException(
                SYNC_WINDOWS, config.getString(SYNC_WINDOWS), "names " + flow + " '" + n
                + "', which this connector does not read (it reads " + known + ")")));
        return errors;
    }

    private static Optional<String> unknown(Collection<String> names, Collection<String> known) {
        return names.stream().filter(n -> !known.contains(n)).findFirst();
    }

    private static ConfigDef.Validator overridesValidator(long minMillis, long maxMillis) {
        return new ConfigDef.Validator() {
            @Override
            @SuppressWarnings("unchecked")
            public void ensureValid(String name, Object value) {
                try {
                    IntervalOverrides.parse(value == null ? List.of() : (List<String>) value, minMillis, maxMillis);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
            }

            @Override
            public String toString() {
                return "name:milliseconds pairs";
            }
        };
    }

    private static ConfigDef.Validator windowsValidator() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                try {
                    SyncWindows.parse(value == null ? "" : value.toString(), java.time.ZoneOffset.UTC);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
            }

            @Override
            public String toString() {
                return "name=window[,window...][;name=...]";
            }
        };
    }

    private static ConfigDef.Validator zoneValidator() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                try {
                    SyncWindows.zone(value == null ? "" : value.toString());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
            }

            @Override
            public String toString() {
                return "an IANA time zone id";
            }
        };
    }
}
