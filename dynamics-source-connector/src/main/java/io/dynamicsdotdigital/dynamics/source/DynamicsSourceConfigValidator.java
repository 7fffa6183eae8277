package io.dynamicsdotdigital.dynamics.source;

import io.dynamicsdotdigital.common.config.ConfigValidation;
import io.dynamicsdotdigital.common.http.ApiException;
import io.dynamicsdotdigital.common.http.HttpClientFactory;
import io.dynamicsdotdigital.common.schedule.ScheduleConfigDefs;
import io.dynamicsdotdigital.dataverse.client.DataverseApiException;
import io.dynamicsdotdigital.dataverse.client.EntityMetadata;
import io.dynamicsdotdigital.dataverse.client.RequestGate;
import io.dynamicsdotdigital.dataverse.client.webapi.WebApiDataverseClient;
import io.dynamicsdotdigital.dynamics.source.schema.SchemaMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;

/**
 * validate(): field checks, the cross-field rules (each error on its own key; the config's constructor enforces
 * them too, so a bad config also fails at start), the URL scheme, then (with a time
 * limit) a token fetch whose failure lands on the client secret, and a metadata read per table whose failures land
 * on {@code tables} or the table's own keys.
 */
final class DynamicsSourceConfigValidator {
    static final Duration CONNECTIVITY_TIMEOUT = Duration.ofSeconds(30);
    /** Kept free at the end of the time limit, so a throttled probe reports before the limit cuts it off. */
    static final Duration REPORT_MARGIN = Duration.ofSeconds(3);
    private static final Duration FIRST_THROTTLE_WAIT = Duration.ofMillis(500);
    private static final Duration MAX_THROTTLE_WAIT = Duration.ofSeconds(4);

    private final Duration timeout;

    DynamicsSourceConfigValidator() {
        this(CONNECTIVITY_TIMEOUT);
    }

    /** @param timeout the time limit of the connectivity probe */
    DynamicsSourceConfigValidator(Duration timeout) {
        this.timeout = timeout;
    }

    Config validate(Map<String, String> props) {
        return ConfigValidation.of(DynamicsSourceConfig.configDef(props),
                        DynamicsSourceConfig::withoutCrossFieldRules)
                .<DynamicsSourceConfig>crossField((cfg, errors) ->
                        checkCrossField(cfg, (key, error) -> errors.add(key, error.getMessage())))
                .<DynamicsSourceConfig>crossField((cfg, errors) -> warnOfDynamicListLimit(cfg))
                .<DynamicsSourceConfig>crossField((cfg, errors) ->
                        HttpClientFactory.requireAllowedScheme(cfg.orgUrl(), cfg.httpSettings(), DynamicsSourceConfig.URL))
                .<DynamicsSourceConfig>connectivity(DynamicsSourceConfig.CLIENT_SECRET, timeout,
                        this::checkConnectivity)
                .validate(props);
    }

    /** Not an error (the connector works), but a limit the user should know of before starting it. */
    private static void warnOfDynamicListLimit(DynamicsSourceConfig cfg) {
        if (!cfg.keyStateEnabled() && !cfg.dynamicListsInterval().isZero()
                && cfg.getList(DynamicsSourceConfig.TABLES).contains("listmember")) {
            org.slf4j.LoggerFactory.getLogger(DynamicsSourceConfigValidator.class).warn("No {} set: dynamic"
                    + " marketing lists keep their membership in the source offsets, at most {} members per list; a"
                    + " larger list is logged and not mirrored. Set {} to keep it in the key-state topic, with no such"
                    + " limit.", DynamicsSourceConfig.KEY_STATE_BOOTSTRAP_SERVERS,
                    io.dynamicsdotdigital.dynamics.source.lists.OffsetListMembershipStore.MAX_MEMBERS,
                    DynamicsSourceConfig.KEY_STATE_BOOTSTRAP_SERVERS);
        }
    }

    /**
     * The rules between settings, each failure handed to {@code onError} with the key it belongs to: a start
     * timestamp when starting from one, no filter on a change-tracking table, bootstrap servers for a named
     * key-state topic, schedules naming only listed tables, at least one table.
     */
    static void checkCrossField(DynamicsSourceConfig cfg, BiConsumer<String, ConfigException> onError) {
        if (cfg.getString(DynamicsSourceConfig.START_FROM).equalsIgnoreCase("timestamp")) {
            try {
                if (cfg.startTimestamp().isEmpty()) {
                    onError.accept(DynamicsSourceConfig.START_TIMESTAMP, new ConfigException(
                            DynamicsSourceConfig.START_TIMESTAMP, cfg.getString(DynamicsSourceConfig.START_TIMESTAMP),
                            "is required when " + DynamicsSourceConfig.START_FROM + "=timestamp"));
                }
            } catch (ConfigException unparseable) {
                onError.accept(DynamicsSourceConfig.START_TIMESTAMP, unparseable);
            }
        }
        List<TableSettings> tables = cfg.tables();
        for (TableSettings t : tables) {
            if (t.mode() == TableMode.CHANGE_TRACKING && !t.filter().isEmpty()) {
                String key = DynamicsSourceConfig.TABLE_PREFIX + t.logicalName() + DynamicsSourceConfig.FILTER_SUFFIX;
                onError.accept(key, new ConfigException(key, t.filter(),
                        "cannot be used with mode change_tracking (Dataverse rejects $filter with track-changes);"
                                + " use mode watermark or auto"));
            }
        }
        if (!cfg.getString(DynamicsSourceConfig.KEY_STATE_TOPIC).isBlank() && !cfg.keyStateEnabled()) {
            onError.accept(DynamicsSourceConfig.KEY_STATE_BOOTSTRAP_SERVERS, new ConfigException(
                    DynamicsSourceConfig.KEY_STATE_BOOTSTRAP_SERVERS, "",
                    "is required when " + DynamicsSourceConfig.KEY_STATE_TOPIC + " is set (usually the worker's"
                            + " bootstrap.servers)"));
        }
        List<String> names = new java.util.ArrayList<>(tables.stream().map(TableSettings::logicalName).toList());
        if (names.contains("listmember")) {
            names.add(DynamicsSourceConfig.DYNAMIC_LISTS_SCHEDULE);
        }
        ScheduleConfigDefs.unknownNames(cfg, names, "table", DynamicsSourceConfig.MIN_POLL_INTERVAL_MS,
                DynamicsSourceConfig.MAX_POLL_INTERVAL_MS).forEach(onError);
        ParallelSnapshotConfigDefs.checkCrossField(cfg, onError);
        if (tables.isEmpty()) {
            onError.accept(DynamicsSourceConfig.TABLES, new ConfigException(DynamicsSourceConfig.TABLES,
                    cfg.getList(DynamicsSourceConfig.TABLES), "names no table"));
        }
    }

    private void checkConnectivity(DynamicsSourceConfig cfg, ConfigValidation.Errors errors)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.minus(REPORT_MARGIN).toNanos();
        // One attempt per call: throttling is waited out here, within the validation time limit, not by the
        // transport (whose Retry-After waits can be longer than the limit).
        WebApiDataverseClient client = WebApiDataverseClient.create(cfg, cfg.resilienceSettings().withMaxAttempts(1),
                cfg.accountKey() + "|validate", null, new RequestGate(cfg.maxConcurrentRequests()), cfg.pageSize());
        client.verifyCredentials();
        SchemaMapper mapper = new SchemaMapper(cfg.getString(DynamicsSourceConfig.TOPIC_PREFIX));
        for (TableSettings table : cfg.tables()) {
            String prefix = DynamicsSourceConfig.TABLE_PREFIX + table.logicalName();
            EntityMetadata metadata;
            try {
                metadata = patiently(() -> client.metadata(table.logicalName()), deadline);
            } catch (ThrottledException e) {
                errors.add(DynamicsSourceConfig.URL, "Dataverse at " + cfg.orgUrl() + " kept throttling or was"
                        + " unavailable while the metadata of table " + table.logicalName() + " was read (last: "
                        + e.getCause().getMessage() + "); the settings may be fine: validate again later");
                return;
            } catch (DataverseApiException e) {
                errors.add(DynamicsSourceConfig.TABLES, e.status() == 404
                        ? "Dataverse has no table with logical name '" + table.logicalName() + "'"
                        : "could not read the metadata of table " + table.logicalName() + ": " + e.getMessage());
                continue;
            }
            try {
                mapper.build(metadata, table.columns(), false, 1);
            } catch (IllegalArgumentException e) {
                errors.add(table.columns().isEmpty() ? DynamicsSourceConfig.TABLES
                        : prefix + DynamicsSourceConfig.COLUMNS_SUFFIX, e.getMessage());
            }
            if (table.mode() == TableMode.CHANGE_TRACKING && !metadata.changeTrackingEnabled()) {
                errors.add(prefix + DynamicsSourceConfig.MODE_SUFFIX, "table " + table.logicalName()
                        + " does not have change tracking enabled in Dataverse; use auto or watermark");
            }
        }
    }

    /** Calls until an answer that is not throttling (429, 5xx, no answer), waiting longer each time, until deadline. */
    private static <T> T patiently(Supplier<T> call, long deadlineNanos) throws InterruptedException {
        Duration wait = FIRST_THROTTLE_WAIT;
        while (true) {
            try {
                return call.get();
            } catch (ApiException e) {
                int s = e.statusCode();
                boolean transientFailure = s == 0 || s == 429 || s >= 500;
                if (!transientFailure) {
                    throw e;
                }
                long left = deadlineNanos - System.nanoTime();
                if (left <= wait.toNanos()) {
                    throw new ThrottledException(e);
                }
                Thread.sleep(wait.toMillis());
                wait = wait.multipliedBy(2).compareTo(MAX_THROTTLE_WAIT) > 0 ? MAX_THROTTLE_WAIT : wait.multipliedBy(2);
            }
        }
    }

    /** The service kept throttling until the validation time limit. */
    private static final class ThrottledException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ThrottledException(ApiException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }
}
