package io.dynamicsdotdigital.dynamics.source;

import io.dynamicsdotdigital.common.config.Validators;
import io.dynamicsdotdigital.dataverse.client.DataverseConnectionConfig;
import io.dynamicsdotdigital.dataverse.client.DataverseConnectionConfigDefs;
import io.dynamicsdotdigital.common.http.HttpConfigDefs;
import io.dynamicsdotdigital.common.schedule.ScheduleConfigDefs;
import io.dynamicsdotdigital.common.schedule.SyncWindows;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * The source connector's settings. Per-table keys ({@code table.<name>.columns|filter|mode|topic}) are defined on the
 * fly for the tables listed in {@code tables}, so they are typed and validated like the fixed keys.
 */
public final class DynamicsSourceConfig extends DataverseConnectionConfig {
    public static final String CONNECTION_GROUP = "Dynamics connection";
    public static final String TABLES_GROUP = "Tables";
    public static final String TOPICS_GROUP = "Topics";
    public static final String READING_GROUP = "Reading";
    public static final String PER_TABLE_GROUP = "Per-table settings";
    public static final String KEY_STATE_GROUP = "Key state (deletes while no task runs)";
    public static final String SCHEDULES_GROUP = "Schedules per table";

    public static final String AUTH_PREFIX = DataverseConnectionConfigDefs.AUTH_PREFIX;
    public static final String URL = DataverseConnectionConfigDefs.URL;
    public static final String API_VERSION = DataverseConnectionConfigDefs.API_VERSION;
    public static final String MAX_CONCURRENT_REQUESTS = "dynamics.max.concurrent.requests";
    public static final String CLIENT_SECRET = DataverseConnectionConfigDefs.CLIENT_SECRET;

    public static final String TABLES = "tables";
    public static final String TOPIC_PREFIX = "topic.prefix";
    public static final String TOPIC_PATTERN = "topic.pattern";
    public static final String START_FROM = "start.from";
    public static final String START_TIMESTAMP = "start.timestamp";
    public static final String POLL_INTERVAL_MS = "poll.interval.ms";
    public static final String POLL_INTERVAL_OVERRIDES = ScheduleConfigDefs.POLL_INTERVAL_OVERRIDES;
    public static final String SYNC_WINDOWS = ScheduleConfigDefs.SYNC_WINDOWS;
    public static final String SYNC_WINDOWS_TIMEZONE = ScheduleConfigDefs.SYNC_WINDOWS_TIMEZONE;
    static final long MIN_POLL_INTERVAL_MS = 100;
    static final long MAX_POLL_INTERVAL_MS = 86_400_000;
    public static final String WATERMARK_SAFETY_DELAY_MS = "watermark.safety.delay.ms";
    public static final String WATERMARK_DELETE_SCAN_INTERVAL_MS = "watermark.delete.scan.interval.ms";
    public static final String PAGE_SIZE = "page.size";
    public static final String DELETE_EVENTS_ENABLED = "delete.events.enabled";
    public static final String OPTION_LABELS_ENABLED = "option.labels.enabled";
    public static final String SCHEMA_REFRESH_INTERVAL_MS = "schema.refresh.interval.ms";
    public static final String UNREADABLE_ROW_ACTION = "unreadable.row.action";
    public static final String KEY_STATE_BOOTSTRAP_SERVERS = "key.state.bootstrap.servers";
    public static final String KEY_STATE_TOPIC = "key.state.topic";
    /** Prefix of Kafka client settings (security, timeouts) for the key-state topic's clients. */
    public static final String KEY_STATE_CLIENT_PREFIX = "key.state.kafka.";
    public static final String DYNAMIC_LISTS_INTERVAL_MS = "dynamic.lists.interval.ms";
    /** The dynamic-list evaluation's name in poll.interval.overrides (no table's logical name has a dash). */
    public static final String DYNAMIC_LISTS_SCHEDULE = "dynamic-lists";
    public static final String UNREADABLE_FAIL = "fail";
    public static final String UNREADABLE_SKIP = "skip";

    public static final String TABLE_PREFIX = "table.";
    public static final String COLUMNS_SUFFIX = ".columns";
    public static final String FILTER_SUFFIX = ".filter";
    public static final String MODE_SUFFIX = ".mode";
    public static final String TOPIC_SUFFIX = ".topic";

    public static final List<String> DEFAULT_TABLES = List.of("contact", "lead", "account", "campaign", "list",
            "listmember");
    public static final int MAX_PAGE_SIZE = 5000;

    static final Pattern LOGICAL_NAME = Pattern.compile("[a-z][a-z0-9_]{0,127}");

    /** @throws ConfigException naming the first setting at fault, a cross-field rule included */
    public DynamicsSourceConfig(Map<String, String> props) {
        this(props, true);
    }

    private DynamicsSourceConfig(Map<String, String> props, boolean enforceCrossFieldRules) {
        super(configDef(props), props);
        if (enforceCrossFieldRules) {
            DynamicsSourceConfigValidator.checkCrossField(this, (key, error) -> {
                throw error;
            });
        }
    }

    /** The settings with only their own field checks, so validate() can report every cross-field error. */
    static DynamicsSourceConfig withoutCrossFieldRules(Map<String, String> props) {
        return new DynamicsSourceConfig(props, false);
    }

    /** The fixed keys (what {@code Connector.config()} returns and the docs describe). */
    public static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        int order = 0;
        order = DataverseConnectionConfigDefs.addUrlAndVersion(def, CONNECTION_GROUP, order);
        def.define(MAX_CONCURRENT_REQUESTS, Type.INT, 4, Range.between(1, 52), Importance.MEDIUM,
                        "Most Web API requests in flight at once for this connector, divided among its tasks"
                                + " (each at least 1). Dataverse allows 52 concurrent requests per user; the"
                                + " x-ms-dop-hint from the server lowers this, and raises it again up to this value.",
                        CONNECTION_GROUP, ++order, Width.SHORT, "Max concurrent requests");
        DataverseConnectionConfigDefs.addCredentials(def);
        order = 0;
        def.define(TABLES, Type.LIST, String.join(",", DEFAULT_TABLES),
                        Validators.listOf(LOGICAL_NAME, "a table logical name (lower case letters, digits, _)"),
                        Importance.HIGH,
                        "Logical names of the tables to stream. Any table with a primary id, modifiedon and"
                                + " versionnumber works, custom ones (esc_*) included. Per table, optional keys"
                                + " table.<name>.columns (list of columns, default every readable column),"
                                + " table.<name>.filter (OData filter for watermark mode; only letters, digits,"
                                + " spaces, quotes ', parentheses and . , : / - _ are allowed),"
                                + " table.<name>.mode (auto, change_tracking or watermark; default auto) and"
                                + " table.<name>.topic (overrides " + TOPIC_PATTERN + ").",
                        TABLES_GROUP, ++order, Width.LONG, "Tables");
        order = 0;
        def.define(TOPIC_PREFIX, Type.STRING, "dynamics", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        "Prefix of the topic names, used as ${prefix} in " + TOPIC_PATTERN + ".",
                        TOPICS_GROUP, ++order, Width.MEDIUM, "Topic prefix")
                .define(TOPIC_PATTERN, Type.STRING, "${prefix}.${table}", new ConfigDef.NonEmptyString(),
                        Importance.MEDIUM,
                        "Topic name per table; ${prefix} is replaced by " + TOPIC_PREFIX + " and ${table} by the"
                                + " table's logical name.",
                        TOPICS_GROUP, ++order, Width.MEDIUM, "Topic pattern");
        order = 0;
        def.define(START_FROM, Type.STRING, "earliest", Validators.oneOf("earliest", "timestamp"), Importance.MEDIUM,
                        "Where a table without a stored offset starts: earliest reads every row; timestamp reads"
                                + " rows modified at or after " + START_TIMESTAMP + " (change-tracking tables still"
                                + " page through every row once to obtain a delta token, but emit only those rows).",
                        READING_GROUP, ++order, Width.SHORT, "Start from", Validators.oneOf("earliest", "timestamp"))
                .define(START_TIMESTAMP, Type.STRING, "", Importance.MEDIUM,
                        "ISO-8601 instant such as 2024-01-31T00:00:00Z, used when " + START_FROM + "=timestamp.",
                        READING_GROUP, ++order, Width.MEDIUM, "Start timestamp")
                .define(POLL_INTERVAL_MS, Type.LONG, 10_000L, Range.between(MIN_POLL_INTERVAL_MS, MAX_POLL_INTERVAL_MS),
                        Importance.MEDIUM,
                        "How often a caught-up table asks for changes. A table with more to read is read at once.",
                        READING_GROUP, ++order, Width.SHORT, "Poll interval (ms)")
                .define(WATERMARK_SAFETY_DELAY_MS, Type.LONG, 30_000L, Range.between(0, 86_400_000),
                        Importance.LOW,
                        "Watermark mode reads only rows with modifiedon older than now minus this delay, so rows"
                                + " still being written in the current second are not skipped.",
                        READING_GROUP, ++order, Width.SHORT, "Watermark safety delay (ms)")
                .define(WATERMARK_DELETE_SCAN_INTERVAL_MS, Type.LONG, 3_600_000L, Range.between(0, 604_800_000),
                        Importance.MEDIUM,
                        "Watermark mode cannot see deletes, so a caught-up table in that mode reads all its ids this"
                                + " often (only the id column, 5000 per call) and emits a tombstone for each row it"
                                + " knew that is gone. With " + KEY_STATE_BOOTSTRAP_SERVERS + " set, the first scan"
                                + " after a task start compares with the rows Kafka holds, so rows deleted while no"
                                + " task ran are found too; without it that scan only sets the baseline."
                                + " Costs about 40 bytes of heap per row of such tables (ids kept as 128-bit GUIDs; up to twice that"
                                + " while a scan runs). 0 turns scans off.",
                        READING_GROUP, ++order, Width.SHORT, "Watermark delete scan interval (ms)")
                .define(PAGE_SIZE, Type.INT, MAX_PAGE_SIZE, Range.between(1, MAX_PAGE_SIZE), Importance.LOW,
                        "Rows per Web API page (Prefer: odata.maxpagesize). 5000 is the most Dataverse returns.",
                        READING_GROUP, ++order, Width.SHORT, "Page size")
                .define(DELETE_EVENTS_ENABLED, Type.BOOLEAN, false, Importance.MEDIUM,
                        "Emit a delete event record (value with the id, the reason and when it was seen) before"
                                + " each tombstone. Tombstones (null values) are always emitted for deletes.",
                        READING_GROUP, ++order, Width.SHORT, "Delete events")
                .define(OPTION_LABELS_ENABLED, Type.BOOLEAN, false, Importance.LOW,
                        "Add a <column>_label string with the display label of each option-set column in watermark"
                                + " mode (labels are never requested together with change tracking).",
                        READING_GROUP, ++order, Width.SHORT, "Option set labels")
                .define(SCHEMA_REFRESH_INTERVAL_MS, Type.LONG, 3_600_000L, Range.between(60_000, 604_800_000),
                        Importance.LOW,
                        "How often table metadata is read again so new columns appear without a restart. A row with"
                                + " a column the schema lacks triggers a refresh at once.",
                        READING_GROUP, ++order, Width.SHORT, "Schema refresh interval (ms)")
                .define(UNREADABLE_ROW_ACTION, Type.STRING, UNREADABLE_FAIL,
                        Validators.oneOf(UNREADABLE_FAIL, UNREADABLE_SKIP), Importance.MEDIUM,
                        "What a row with a value that cannot be read (an unparseable timestamp or number) does: fail"
                                + " stops the task with an error naming the table, the page, the row id and the"
                                + " column; skip leaves the row out, logs a WARN with the row id, the column and the"
                                + " raw value, and counts it in rows-skipped-total.",
                        READING_GROUP, ++order, Width.SHORT, "Unreadable row action",
                        Validators.oneOf(UNREADABLE_FAIL, UNREADABLE_SKIP))
                .define(DYNAMIC_LISTS_INTERVAL_MS, Type.LONG, 900_000L, Range.between(0, 604_800_000),
                        Importance.MEDIUM,
                        "How often the members of dynamic marketing lists (type true, members are whoever the"
                                + " list's FetchXML query matches) are evaluated, and a list again soon after its row"
                                + " changes. The task reading listmember emits their members as list-member records"
                                + " like static members, and tombstones for rows that stopped matching. Each"
                                + " evaluation costs one call for the list of dynamic lists plus ceil(members / 5000)"
                                + " calls per list. A failed evaluation is tried again after 30 s, doubling, at most"
                                + " this interval. Membership is kept in the key-state topic (one entry per member, no"
                                + " limit) when " + KEY_STATE_BOOTSTRAP_SERVERS + " is set; without it, in the source"
                                + " offsets, at most 30000 members per list: a larger list is logged and not mirrored."
                                + " 0 turns dynamic lists off. A '" + DYNAMIC_LISTS_SCHEDULE + "' entry of "
                                + POLL_INTERVAL_OVERRIDES + " replaces this interval (for example"
                                + " dynamic-lists:3600000). Evaluations run only inside the listmember table's "
                                + SYNC_WINDOWS + ", or the '" + DYNAMIC_LISTS_SCHEDULE + "' entry's when it has one.",
                        READING_GROUP, ++order, Width.SHORT, "Dynamic lists interval (ms)");
        ScheduleConfigDefs.add(def, SCHEDULES_GROUP, 0, "table", "contact", "lead", MIN_POLL_INTERVAL_MS,
                MAX_POLL_INTERVAL_MS);
        KeyStateConfigDefs.add(def);
        ParallelSnapshotConfigDefs.add(def);
        HttpConfigDefs.addHttp(def);
        HttpConfigDefs.addResilience(def, 0, 0);
        return def;
    }

    /** Whether a key-state topic is configured. */
    public boolean keyStateEnabled() {
        return !getString(KEY_STATE_BOOTSTRAP_SERVERS).isBlank();
    }

    /** The key-state topic: the configured one, else derived from the connector name. */
    public String keyStateTopic(String connectorName) {
        String topic = getString(KEY_STATE_TOPIC).trim();
        return topic.isEmpty() ? connectorName + "-key-state" : topic;
    }

    /** Settings of the key-state topic's Kafka clients: the bootstrap servers and the prefixed overrides. */
    public Map<String, Object> keyStateClientProps() {
        return KeyStateConfigDefs.clientProps(this);
    }

    /** The fixed keys plus the per-table keys of the tables named in {@code props}. */
    public static ConfigDef configDef(Map<String, String> props) {
        ConfigDef def = configDef();
        int order = 0;
        for (String table : tableNames(props)) {
            String prefix = TABLE_PREFIX + table;
            def.define(prefix + COLUMNS_SUFFIX, Type.LIST, "",
                            Validators.listOf(LOGICAL_NAME, "a column logical name"), Importance.LOW,
                            "Columns of " + table + " to read; empty for every readable column.",
                            PER_TABLE_GROUP, ++order, Width.LONG, table + " columns")
                    .define(prefix + FILTER_SUFFIX, Type.STRING, "", new ODataFilterValidator(), Importance.LOW,
                            "OData filter for " + table + " (watermark mode only).",
                            PER_TABLE_GROUP, ++order, Width.LONG, table + " filter")
                    .define(prefix + MODE_SUFFIX, Type.STRING, "auto",
                            Validators.oneOf("auto", "change_tracking", "watermark"), Importance.LOW,
                            "How " + table + " is read incrementally.", PER_TABLE_GROUP, ++order, Width.SHORT,
                            table + " mode", Validators.oneOf("auto", "change_tracking", "watermark"))
                    .define(prefix + TOPIC_SUFFIX, Type.STRING, "", Importance.LOW,
                            "Topic of " + table + "; empty for " + TOPIC_PATTERN + ".", PER_TABLE_GROUP, ++order,
                            Width.MEDIUM, table + " topic");
        }
        return def;
    }

    static List<String> tableNames(Map<String, String> props) {
        String raw = props.get(TABLES);
        if (raw == null) {
            return DEFAULT_TABLES;
        }
        List<String> names = new ArrayList<>();
        for (String name : raw.split(",")) {
            String t = name.trim();
            if (LOGICAL_NAME.matcher(t).matches() && !names.contains(t)) {
                names.add(t);
            }
        }
        return names;
    }

    public int maxConcurrentRequests() {
        return getInt(MAX_CONCURRENT_REQUESTS);
    }

    public List<TableSettings> tables() {
        List<TableSettings> out = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String name : getList(TABLES)) {
            String table = name.trim();
            if (seen.contains(table)) {
                continue;
            }
            seen.add(table);
            String prefix = TABLE_PREFIX + table;
            String topic = getString(prefix + TOPIC_SUFFIX).trim();
            if (topic.isEmpty()) {
                topic = getString(TOPIC_PATTERN).replace("${prefix}", getString(TOPIC_PREFIX))
                        .replace("${table}", table);
            }
            List<String> columns = getList(prefix + COLUMNS_SUFFIX).stream().map(String::trim)
                    .filter(c -> !c.isEmpty()).toList();
            out.add(new TableSettings(table, columns, getString(prefix + FILTER_SUFFIX).trim(),
                    TableMode.parse(getString(prefix + MODE_SUFFIX)), topic));
        }
        return out;
    }

    public Optional<TableSettings> table(String logicalName) {
        return tables().stream().filter(t -> t.logicalName().equals(logicalName)).findFirst();
    }

    /** Set when {@code start.from=timestamp}. */
    public Optional<Instant> startTimestamp() {
        if (!getString(START_FROM).equalsIgnoreCase("timestamp")) {
            return Optional.empty();
        }
        String raw = getString(START_TIMESTAMP).trim();
        try {
            return raw.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(raw));
        } catch (DateTimeParseException e) {
            throw new ConfigException(START_TIMESTAMP, raw, "is not an ISO-8601 instant such as 2024-01-31T00:00:00Z");
        }
    }

    public Duration pollInterval() {
        return Duration.ofMillis(getLong(POLL_INTERVAL_MS));
    }

    /** The poll interval of {@code table}: its {@value #POLL_INTERVAL_OVERRIDES} entry, else poll.interval.ms. */
    public Duration pollInterval(String table) {
        return ScheduleConfigDefs.overrides(this, MIN_POLL_INTERVAL_MS, MAX_POLL_INTERVAL_MS)
                .intervalOf(table, pollInterval());
    }

    /** When each table may be read ({@value #SYNC_WINDOWS} in {@value #SYNC_WINDOWS_TIMEZONE}). */
    public SyncWindows syncWindows() {
        return ScheduleConfigDefs.windows(this);
    }

    public Duration watermarkDeleteScanInterval() {
        return Duration.ofMillis(getLong(WATERMARK_DELETE_SCAN_INTERVAL_MS));
    }

    public Duration watermarkSafetyDelay() {
        return Duration.ofMillis(getLong(WATERMARK_SAFETY_DELAY_MS));
    }

    /**
     * The dynamic list evaluation interval: the {@value #DYNAMIC_LISTS_SCHEDULE} entry of
     * {@value #POLL_INTERVAL_OVERRIDES}, else {@value #DYNAMIC_LISTS_INTERVAL_MS}; zero when dynamic lists are off.
     */
    public Duration dynamicListsInterval() {
        Duration interval = Duration.ofMillis(getLong(DYNAMIC_LISTS_INTERVAL_MS));
        return interval.isZero() ? interval : ScheduleConfigDefs.overrides(this, MIN_POLL_INTERVAL_MS,
                MAX_POLL_INTERVAL_MS).intervalOf(DYNAMIC_LISTS_SCHEDULE, interval);
    }

    public int pageSize() {
        return getInt(PAGE_SIZE);
    }

    public boolean deleteEventsEnabled() {
        return getBoolean(DELETE_EVENTS_ENABLED);
    }

    public boolean optionLabelsEnabled() {
        return getBoolean(OPTION_LABELS_ENABLED);
    }

    /** Whether rows with an unreadable value are left out (logged and counted) instead of failing the task. */
    public boolean skipUnreadableRows() {
        return getString(UNREADABLE_ROW_ACTION).equalsIgnoreCase(UNREADABLE_SKIP);
    }

    public Duration schemaRefreshInterval() {
        return Duration.ofMillis(getLong(SCHEMA_REFRESH_INTERVAL_MS));
    }

    static List<String> splitList(String raw) {
        return raw == null || raw.isBlank() ? List.of() : Arrays.stream(raw.split(",")).map(String::trim).toList();
    }

    /** How many primary-key ranges {@code table}'s first snapshot is split into; 1 when it is not split. */
    public int snapshotParallelism(String table) {
        return ParallelSnapshotConfigDefs.parallelism(this, table);
    }
}
