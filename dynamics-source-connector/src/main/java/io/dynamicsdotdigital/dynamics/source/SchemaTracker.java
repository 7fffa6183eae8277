package io.dynamicsdotdigital.dynamics.source;

import io.dynamicsdotdigital.dataverse.client.DataverseClient;
import io.dynamicsdotdigital.dataverse.client.EntityMetadata;
import io.dynamicsdotdigital.dynamics.source.schema.SchemaMapper;
import io.dynamicsdotdigital.dynamics.source.schema.TableSchema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one table's schema current: read from metadata at start, again every schema refresh interval, and at once
 * (at most once a minute) when rows carry a column the schema lacks. Also decides, from the metadata and the
 * configured mode, whether the table is read with change tracking.
 */
final class SchemaTracker {
    private static final Logger log = LoggerFactory.getLogger(SchemaTracker.class);
    static final Duration UNKNOWN_COLUMN_REFRESH_MIN_INTERVAL = Duration.ofMinutes(1);

    private final TableSettings settings;
    private final DataverseClient client;
    private final SchemaMapper mapper;
    private final boolean optionLabels;
    private final Duration refreshInterval;
    private final DynamicsSourceMetrics.Table metrics;
    private final Clock clock;
    private final Set<String> ignoredProperties = new HashSet<>();

    private EntityMetadata metadata;
    private TableSchema schema;
    private int version;
    private Instant readAt = Instant.EPOCH;
    private Instant unknownRefreshAt = Instant.EPOCH;
    private boolean changeTracking;
    /** Null until asked: whether the server tracks changes through its Web API (not on Dynamics 8.x). */
    private Boolean webApiTracking;

    SchemaTracker(TableSettings settings, DataverseClient client, SchemaMapper mapper, boolean optionLabels,
                  Duration refreshInterval, DynamicsSourceMetrics.Table metrics, Clock clock) {
        this.settings = settings;
        this.client = client;
        this.mapper = mapper;
        this.optionLabels = optionLabels;
        this.refreshInterval = refreshInterval;
        this.metrics = metrics;
        this.clock = clock;
    }

    TableSchema schema() {
        return schema;
    }

    int version() {
        return version;
    }

    boolean changeTracking() {
        return changeTracking;
    }

    /** The last snapshot page carried no deltaLink: the table is read by watermark from now on. */
    void stopChangeTracking() {
        changeTracking = false;
    }

    /** Reads the metadata again when there is no schema yet or the refresh interval has passed. */
    void ensureFresh() {
        if (schema == null || clock.instant().isAfter(readAt.plus(refreshInterval))) {
            refresh();
        }
    }

    /**
     * Rows of a page carried properties the schema lacks: reads the metadata again, unless these properties were
     * seen before or a refresh for that reason happened less than a minute ago.
     *
     * @return true when the schema was read again (the page is then worth reading again)
     */
    boolean refreshForUnknown(Set<String> unknownColumns, boolean alreadyRetried) {
        Set<String> unknown = new HashSet<>(unknownColumns);
        unknown.removeAll(ignoredProperties);
        if (unknown.isEmpty() || alreadyRetried
                || clock.instant().isBefore(unknownRefreshAt.plus(UNKNOWN_COLUMN_REFRESH_MIN_INTERVAL))) {
            ignoredProperties.addAll(unknown);
            return false;
        }
        unknownRefreshAt = clock.instant();
        log.info("Table {}: rows carry new columns {}; reading the table's metadata again", settings.logicalName(),
                unknown);
        refresh();
        return true;
    }

    /** Asked once per table: Dynamics 2016 / 8.x has change tracking in metadata but not in its Web API. */
    private boolean webApiTracks(EntityMetadata m) {
        if (webApiTracking == null) {
            webApiTracking = client.changeTrackingThroughWebApi(m.entitySetName());
            if (!webApiTracking && m.changeTrackingEnabled()) {
                log.info("Table {}: this Dynamics version's Web API does not track changes (documented from 9.0);"
                        + " reading the table by watermark, with key scans for deletes", settings.logicalName());
            }
        }
        return webApiTracking;
    }

    void refresh() {
        String table = settings.logicalName();
        EntityMetadata m = client.metadata(table);
        boolean tracking = switch (settings.mode()) {
            case CHANGE_TRACKING -> true;
            case WATERMARK -> false;
            case AUTO -> m.changeTrackingEnabled() && settings.filter().isEmpty() && webApiTracks(m);
        };
        if (settings.mode() == TableMode.CHANGE_TRACKING && !m.changeTrackingEnabled()) {
            throw new ConnectException("Table " + table + " is configured with " + DynamicsSourceConfig.TABLE_PREFIX
                    + table + DynamicsSourceConfig.MODE_SUFFIX + "=change_tracking but its metadata has"
                    + " ChangeTrackingEnabled=false");
        }
        if (settings.mode() == TableMode.CHANGE_TRACKING && !webApiTracks(m)) {
            throw new ConnectException("Table " + table + " is configured with " + DynamicsSourceConfig.TABLE_PREFIX
                    + table + DynamicsSourceConfig.MODE_SUFFIX + "=change_tracking but this Dynamics version's Web"
                    + " API does not track changes (8.x); use auto or watermark");
        }
        boolean labels = optionLabels && !tracking;
        TableSchema rebuilt = mapper.build(m, settings.columns(), labels, version + 1);
        if (schema == null || !rebuilt.valueSchema().fields().equals(schema.valueSchema().fields())) {
            version++;
            if (schema != null) {
                metrics.schemaRefreshes.increment();
                log.info("Table {}: schema changed, now version {} with {} columns", table, version,
                        rebuilt.valueSchema().fields().size());
            }
            schema = rebuilt;
            ignoredProperties.clear();
        }
        if (metadata != null && tracking != changeTracking) {
            log.info("Table {}: change tracking is now {}", table, tracking ? "on" : "off");
        }
        metadata = m;
        changeTracking = tracking;
        readAt = clock.instant();
    }
}
