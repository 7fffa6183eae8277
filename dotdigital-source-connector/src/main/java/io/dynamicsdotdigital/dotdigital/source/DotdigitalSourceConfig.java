package io.dynamicsdotdigital.dotdigital.source;

import io.dynamicsdotdigital.common.config.Validators;
import io.dynamicsdotdigital.common.http.HttpConfigDefs;
import io.dynamicsdotdigital.common.http.HttpSettings;
import io.dynamicsdotdigital.common.http.ResilienceSettings;
import io.dynamicsdotdigital.common.schedule.IntervalOverrides;
import io.dynamicsdotdigital.common.schedule.ScheduleConfigDefs;
import io.dynamicsdotdigital.common.schedule.SyncWindows;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClientSettings;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalConfigDefs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** The source connector's settings: one {@link ConfigDef} built from the shared fragments plus the stream keys. */
public final class DotdigitalSourceConfig extends AbstractConfig {
    public static final String STREAMS_GROUP = "Streams";
    public static final String TOPICS_GROUP = "Topics";
    public static final String POLLING_GROUP = "Polling and offsets";

    public static final String STREAMS = "streams";
    public static final String START_DATE = "start.date";
    public static final String ADDRESS_BOOK_IDS = "address.book.ids";
    public static final String TOPIC_PREFIX = "topic.prefix";
    public static final String TOPIC_OVERRIDES = "topic.overrides";
    public static final String POLL_INTERVAL_MS = "poll.interval.ms";
    public static final String POLL_INTERVAL_OVERRIDES = ScheduleConfigDefs.POLL_INTERVAL_OVERRIDES;
    public static final String SYNC_WINDOWS = ScheduleConfigDefs.SYNC_WINDOWS;
    public static final String SYNC_WINDOWS_TIMEZONE = ScheduleConfigDefs.SYNC_WINDOWS_TIMEZONE;
    static final long MIN_POLL_INTERVAL_MS = 100;
    static final long MAX_POLL_INTERVAL_MS = 86_400_000;
    public static final String OVERLAP_WINDOW_MS = "overlap.window.ms";
    public static final String OFFSET_KEYS_MAX = "offset.keys.max";
    public static final String PAGE_SIZE = "page.size";
    public static final String CATALOGUE_REFRESH_MS = "catalogue.refresh.ms";

    /** Dotdigital's v2 page maximum for select. */
    public static final int MAX_PAGE_SIZE = 1000;
    public static final Duration DEFAULT_LOOKBACK = Duration.ofDays(30);
    /** Dotdigital's published flat limit is 2000 calls an hour per account; leave some for other integrations. */
    public static final int DEFAULT_CALLS_PER_HOUR = 1800;

    private static final Pattern TOPIC_OVERRIDE = Pattern.compile("[a-z-]+:[A-Za-z0-9._-]+");

    private final List<StreamName> streams;
    private final Map<StreamName, String> topics;

    public DotdigitalSourceConfig(Map<String, String> props) {
        super(configDef(), props);
        this.streams = parseStreams(getList(STREAMS));
        this.topics = parseTopics(getString(TOPIC_PREFIX), getList(TOPIC_OVERRIDES));
        startDate(Clock.systemUTC());
        List<String> read = streams.stream().map(StreamName::configName).toList();
        ScheduleConfigDefs.unknownNames(this, read, "stream", MIN_POLL_INTERVAL_MS, MAX_POLL_INTERVAL_MS).values()
                .stream().findFirst().ifPresent(e -> {
                    throw e;
                });
    }

    public static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        DotdigitalConfigDefs.add(def);
        addStreams(def);
        addTopics(def);
        addPolling(def);
        HttpConfigDefs.addHttp(def);
        HttpConfigDefs.addResilience(def, 0, DEFAULT_CALLS_PER_HOUR);
        return def;
    }

    private static void addStreams(ConfigDef def) {
        int order = 0;
        Validators.EnumValidator streamNames = Validators.oneOf(StreamName.allConfigNames().toArray(String[]::new));
        def.define(STREAMS, Type.LIST, String.join(",", StreamName.defaultConfigNames()),
                        Validators.listOf(Pattern.compile(String.join("|", StreamName.allConfigNames())),
                                "stream names (" + String.join(", ", StreamName.allConfigNames()) + ")"),
                        Importance.HIGH,
                        "The streams to read, each into its own topic. campaigns: the campaign catalogue with each"
                                + " campaign's summary statistics; campaign-activities: one cumulative send summary per"
                                + " contact and campaign; campaign-clicks, campaign-opens, campaign-page-views,"
                                + " campaign-roi: individual tracking events; campaign-hard-bounces: hard-bouncing"
                                + " contacts per campaign; unsubscribes and suppressions: account-wide since a date;"
                                + " address-book-unsubscribes: per address book; contacts-modified: contacts changed"
                                + " since a date; survey-responses: form responses with their answers;"
                                + " preference-opt-ins: marketing preference opt-in changes, each with its modified"
                                + " time; preferences: the preference tree (preferences and their categories), each"
                                + " node emitted when first seen and again when it changed.",
                        STREAMS_GROUP, ++order, Width.LONG, "Streams", streamNames)
                .define(START_DATE, Type.STRING, "", startDateValidator(), Importance.MEDIUM,
                        "Where a stream starts when it has no stored offset: an ISO-8601 date (2026-01-31) or UTC"
                                + " date-time (2026-01-31T08:00:00Z). Empty for 30 days before the connector starts.",
                        STREAMS_GROUP, ++order, Width.MEDIUM, "Start date")
                .define(ADDRESS_BOOK_IDS, Type.LIST, "",
                        Validators.listOf(Pattern.compile("[0-9]+"), "address book ids (numbers)"), Importance.LOW,
                        "The address books whose unsubscribers the address-book-unsubscribes stream reads. Empty for"
                                + " every address book of the account (listed again every catalogue.refresh.ms).",
                        STREAMS_GROUP, ++order, Width.LONG, "Address book ids");
    }

    private static void addTopics(ConfigDef def) {
        int order = 0;
        def.define(TOPIC_PREFIX, Type.STRING, "dotdigital", new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "Topic name prefix: each stream writes to <prefix>.<stream>, for example"
                                + " dotdigital.campaign-clicks, unless topic.overrides names another topic.",
                        TOPICS_GROUP, ++order, Width.MEDIUM, "Topic prefix")
                .define(TOPIC_OVERRIDES, Type.LIST, "",
                        Validators.listOf(TOPIC_OVERRIDE, "stream:topic pairs"), Importance.LOW,
                        "Topics for individual streams as stream:topic pairs, for example"
                                + " unsubscribes:crm.unsubscribes,suppressions:crm.suppressions.",
                        TOPICS_GROUP, ++order, Width.LONG, "Topic overrides");
    }

    private static void addPolling(ConfigDef def) {
        int order = 0;
        def.define(POLL_INTERVAL_MS, Type.LONG, 60_000L, Range.between(MIN_POLL_INTERVAL_MS, MAX_POLL_INTERVAL_MS),
                        Importance.MEDIUM,
                        "Pause between the end of one sync cycle (every assigned stream read to exhaustion) and the"
                                + " start of the next, in milliseconds. With " + POLL_INTERVAL_OVERRIDES + " a"
                                + " stream waits its own interval after the cycle that read it.",
                        POLLING_GROUP, ++order, Width.SHORT, "Poll interval (ms)")
                .define(OVERLAP_WINDOW_MS, Type.LONG, 600_000L, Range.between(0, 7 * 86_400_000L), Importance.MEDIUM,
                        "How far before the stored watermark each read starts again, in milliseconds. Dotdigital"
                                + " does not guarantee the order of since-date results and rows may become visible"
                                + " late; rows re-read inside this window are recognised by their keys (kept in the"
                                + " offset) and not emitted twice. Also covers clock differences between the worker"
                                + " and Dotdigital.",
                        POLLING_GROUP, ++order, Width.SHORT, "Overlap window (ms)")
                .define(OFFSET_KEYS_MAX, Type.INT, 15_000, Range.between(100, 1_000_000), Importance.LOW,
                        "Most row keys one stream's offset keeps to recognise re-read rows (about 22 bytes each;"
                                + " an offset holds up to two such sets while a read is in progress, and must fit the"
                                + " offsets topic's message size, 1 MB by default). A read returning more rows that a"
                                + " later read can return again (large campaigns' send summaries) keeps the keys of"
                                + " the rows seen last: the others may be emitted again (duplicates, never losses).",
                        POLLING_GROUP, ++order, Width.SHORT, "Offset keys max")
                .define(PAGE_SIZE, Type.INT, MAX_PAGE_SIZE, Range.between(1, MAX_PAGE_SIZE), Importance.LOW,
                        "Rows per API call (select). 1000 is Dotdigital's maximum and costs the fewest calls.",
                        POLLING_GROUP, ++order, Width.SHORT, "Page size")
                .define(CATALOGUE_REFRESH_MS, Type.LONG, 3_600_000L, Range.between(0, 7 * 86_400_000L),
                        Importance.LOW,
                        "How often the lists that carry no change dates are read in full, in milliseconds: the"
                                + " campaign catalogue (GET /v2/campaigns) of the campaigns stream, and the account's"
                                + " address books when address.book.ids is empty. Between full reads the campaigns"
                                + " stream emits the campaigns that campaigns/with-activity-since returns (with their"
                                + " summaries), so a sent campaign with new activity still appears within one cycle;"
                                + " only catalogue changes without activity (a new draft, a renamed unsent campaign)"
                                + " wait for the next full read, and a new address book is read from start.date once"
                                + " listed. 0 reads both every cycle.",
                        POLLING_GROUP, ++order, Width.SHORT, "Catalogue refresh (ms)");
        ScheduleConfigDefs.add(def, POLLING_GROUP, order, "stream", "contacts-modified", "campaign-clicks",
                MIN_POLL_INTERVAL_MS, MAX_POLL_INTERVAL_MS);
    }

    private static ConfigDef.Validator startDateValidator() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                String v = value == null ? "" : value.toString().trim();
                if (!v.isEmpty() && parseInstant(v) == null) {
                    throw new ConfigException(name, value,
                            "must be an ISO-8601 date (2026-01-31) or UTC date-time (2026-01-31T08:00:00Z)");
                }
            }

            @Override
            public String toString() {
                return "empty, yyyy-MM-dd or an ISO-8601 date-time";
            }
        };
    }

    /** Parses yyyy-MM-dd (midnight UTC), an instant or an offset date-time; null when it is none of them. */
    static Instant parseInstant(String v) {
        try {
            return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notDate) {
            try {
                return OffsetDateTime.parse(v).toInstant();
            } catch (DateTimeParseException notOffset) {
                try {
                    return Instant.parse(v);
                } catch (DateTimeParseException notInstant) {
                    return null;
                }
            }
        }
    }

    private static List<StreamName> parseStreams(List<String> names) {
        Set<StreamName> out = new LinkedHashSet<>();
        for (String n : names) {
            if (n.isBlank()) {
                continue;
            }
            out.add(StreamName.fromConfigName(n).orElseThrow(() -> new ConfigException(STREAMS, names,
                    "unknown stream '" + n + "'; known: " + StreamName.allConfigNames())));
        }
        if (out.isEmpty()) {
            throw new ConfigException(STREAMS, names, "name at least one stream");
        }
        return List.copyOf(out);
    }

    private static Map<StreamName, String> parseTopics(String prefix, List<String> overrides) {
        Map<StreamName, String> out = new EnumMap<>(StreamName.class);
        for (StreamName s : StreamName.values()) {
            out.put(s, prefix + "." + s.configName());
        }
        for (String pair : overrides) {
            if (pair.isBlank()) {
                continue;
            }
            int colon = pair.indexOf(':');
            String stream = pair.substring(0, colon);
            StreamName s = StreamName.fromConfigName(stream).orElseThrow(() -> new ConfigException(TOPIC_OVERRIDES,
                    overrides, "unknown stream '" + stream + "' in '" + pair + "'"));
            out.put(s, pair.substring(colon + 1).trim());
        }
        return out;
    }

    public List<StreamName> streams() {
        return streams;
    }

    public String topic(StreamName stream) {
        return topics.get(stream);
    }

    /** The configured start date, or 30 days before {@code clock}'s now. */
    public Instant startDate(Clock clock) {
        String v = getString(START_DATE).trim();
        if (v.isEmpty()) {
            return clock.instant().minus(DEFAULT_LOOKBACK);
        }
        Instant parsed = parseInstant(v);
        if (parsed == null) {
            throw new ConfigException(START_DATE, v, "must be an ISO-8601 date or date-time");
        }
        return parsed;
    }

    public List<Long> addressBookIds() {
        List<Long> ids = new ArrayList<>();
        for (String s : getList(ADDRESS_BOOK_IDS)) {
            if (!s.isBlank()) {
                ids.add(Long.parseLong(s.trim()));
            }
        }
        return ids;
    }

    public Duration pollInterval() {
        return Duration.ofMillis(getLong(POLL_INTERVAL_MS));
    }

    /** Streams' own poll intervals ({@value #POLL_INTERVAL_OVERRIDES}). */
    public IntervalOverrides intervalOverrides() {
        return ScheduleConfigDefs.overrides(this, MIN_POLL_INTERVAL_MS, MAX_POLL_INTERVAL_MS);
    }

    /** When each stream may be read ({@value #SYNC_WINDOWS} in {@value #SYNC_WINDOWS_TIMEZONE}). */
    public SyncWindows syncWindows() {
        return ScheduleConfigDefs.windows(this);
    }

    public Duration catalogueRefresh() {
        return Duration.ofMillis(getLong(CATALOGUE_REFRESH_MS));
    }

    public Duration overlapWindow() {
        return Duration.ofMillis(getLong(OVERLAP_WINDOW_MS));
    }

    public int offsetKeysMax() {
        return getInt(OFFSET_KEYS_MAX);
    }

    public int pageSize() {
        return getInt(PAGE_SIZE);
    }

    public DotdigitalClientSettings clientSettings() {
        return DotdigitalConfigDefs.settings(this);
    }

    public HttpSettings httpSettings() {
        return HttpConfigDefs.httpSettings(this);
    }

    public ResilienceSettings resilienceSettings() {
        return HttpConfigDefs.resilienceSettings(this);
    }
}
