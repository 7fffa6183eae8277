package io.dynamicsdotdigital.dynamics.source;

import io.dynamicsdotdigital.common.http.ApiCallListener;
import io.dynamicsdotdigital.common.http.ApiException;
import io.dynamicsdotdigital.common.http.HttpClientFactory;
import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;
import io.dynamicsdotdigital.dataverse.client.DataverseClient;
import io.dynamicsdotdigital.dataverse.client.RequestGate;
import io.dynamicsdotdigital.dataverse.client.auth.TokenUnavailableException;
import io.dynamicsdotdigital.dataverse.client.webapi.WebApiDataverseClient;
import io.dynamicsdotdigital.dynamics.source.offsets.Offsets;
import io.dynamicsdotdigital.dynamics.source.lists.DynamicListMembers;
import io.dynamicsdotdigital.dynamics.source.lists.KafkaMembershipLog;
import io.dynamicsdotdigital.dynamics.source.lists.KeyStateListMembershipStore;
import io.dynamicsdotdigital.dynamics.source.lists.ListMembershipStore;
import io.dynamicsdotdigital.dynamics.source.lists.OffsetListMembershipStore;
import io.dynamicsdotdigital.dynamics.source.offsets.TablePartitions;
import io.dynamicsdotdigital.dynamics.source.schema.SchemaMapper;
import java.time.Clock;
import java.time.Duration;
import io.dynamicsdotdigital.dynamics.source.offsets.TableOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the tables assigned to it, one API page per {@link #poll()}, taking the tables in turn. With exactly-once
 * support on the worker, each poll (one page) is one transaction.
 */
public class DynamicsSourceTask extends SourceTask {
    private static final Logger log = LoggerFactory.getLogger(DynamicsSourceTask.class);
    /** Back-off of a table whose read failed transiently (retries exhausted, connection lost). */
    static final Duration FAILED_TABLE_BACKOFF = Duration.ofSeconds(5);
    static final String LIST_TABLE = "list";
    static final String LIST_MEMBER_TABLE = "listmember";

    /** Makes the task's Dataverse client; tests give their own. */
    interface ClientFactory {
        DataverseClient create(DynamicsSourceConfig config, ApiCallListener listener, String connectorName);
    }

    /** Opens a task's key-state store; null when none is configured. */
    interface KeyStateStores {
        KeyStateStore open(DynamicsSourceConfig config, String connectorName, String clientId);
    }

    private final ClientFactory clients;
    private final KeyStateStores keyStateStores = (config, connectorName, clientId) -> config.keyStateEnabled()
            ? new KafkaKeyStateStore(config.keyStateTopic(connectorName), config.keyStateClientProps(), clientId)
            : null;
    private final Clock clock;
    private TableSchedule schedule;
    /** The ranges of parallel snapshots this task reads (other than range 0, which the table's reader holds). */
    private SnapshotRangeTasks rangeTasks;
    /** Null unless this task reads listmember and dynamic lists are on. */
    private DynamicListMembers dynamicLists;
    /** The sync window the evaluation keeps to: its own dynamic-lists entry, else the listmember table's. */
    private String dynamicListsWindow = LIST_MEMBER_TABLE;
    private DynamicsSourceMetrics metrics;
    private KeyStateLog keyState = KeyStateLog.DISABLED;
    /** The dynamic-list members read from the key-state topic with the tables' entries; null when not needed. */
    private KafkaMembershipLog.Entries listMembersRead;
    private volatile boolean stopping;

    public DynamicsSourceTask() {
        this(DynamicsSourceTask::webApiClient, Clock.systemUTC());
    }

    DynamicsSourceTask(ClientFactory clients, Clock clock) {
        this.clients = clients;
        this.clock = clock;
    }

    private static DataverseClient webApiClient(DynamicsSourceConfig config, ApiCallListener listener,
                                                String connectorName) {
        // Each task has its share of the budget (taskConfigs divides it), so the budget holds across workers.
        String share = config.originalsStrings().get(DynamicsSourceConnector.TASK_MAX_CONCURRENT_REQUESTS);
        String taskId = config.originalsStrings().getOrDefault(ConnectorMetrics.TASK_ID_CONFIG, "");
        RequestGate gate = share == null
                ? RequestGate.shared(connectorName + "|" + config.accountKey(), config.maxConcurrentRequests())
                : RequestGate.shared(connectorName + "|" + config.accountKey() + "|task-" + taskId,
                        Integer.parseInt(share));
        return WebApiDataverseClient.create(config, config.resilienceSettings(), config.accountKey(), listener, gate,
                config.pageSize());
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        DynamicsSourceConfig config = new DynamicsSourceConfig(props);
        HttpClientFactory.requireAllowedScheme(config.orgUrl(), config.httpSettings(), DynamicsSourceConfig.URL);
        List<String> tables = DynamicsSourceConfig.splitList(props.get(DynamicsSourceConnector.TASK_TABLES));
        metrics = new DynamicsSourceMetrics(ConnectorMetrics.forTask(context, props));
        DataverseClient client = clients.create(config, metrics.connector(), props.getOrDefault("name", ""));
        SchemaMapper mapper = new SchemaMapper(config.getString(DynamicsSourceConfig.TOPIC_PREFIX));

        List<String> rangeUnits = DynamicsSourceConfig.splitList(props.get(DynamicsSourceConnector.TASK_RANGES));
        List<Map<String, Object>> partitions = new ArrayList<>(tables.stream().map(TablePartitions::of).toList());
        partitions.addAll(SnapshotRangeTasks.partitions(rangeUnits));
        Map<Map<String, Object>, Map<String, Object>> stored = context.offsetStorageReader().offsets(partitions);
        schedule = new TableSchedule(clock, config.syncWindows());
        Map<String, TableOffset> offsets = new HashMap<>();
        for (String table : tables) {
            Map<String, Object> offset = stored == null ? null : stored.get(TablePartitions.of(table));
            offsets.put(table, Offsets.parse(offset, config.httpSettings().allowPlainHttp(), config.webApiRoot()));
        }
        rangeTasks = new SnapshotRangeTasks(config, client, mapper, metrics, clock, context.offsetStorageReader());
        rangeTasks.start(rangeUnits, stored);
        Map<String, KeyStateStore.StoredKeys> storedKeys = openKeyState(config, props.getOrDefault("name", "dynamics"),
                tables, offsets);
        for (String table : tables) {
            TableSettings settings = config.table(table).orElseThrow(() -> new ConnectException(
                    "Task was given table " + table + ", which the configuration does not list"));
            Map<String, Object> offset = stored == null ? null : stored.get(TablePartitions.of(table));
            DynamicsSourceMetrics.Table tableMetrics = metrics.table(table);
            SchemaTracker schemas = new SchemaTracker(settings, client, mapper, config.optionLabelsEnabled(),
                    config.schemaRefreshInterval(), tableMetrics, clock);
            schedule.add(new TableReader(settings, config, client, schemas, tableMetrics, clock, offsets.get(table),
                    keyState, storedKeys.get(table), rangeTasks.progress()));
            log.info("Table {}: {}; polled every {} s{}", table, offset == null ? "no stored offset, starting from "
                    + config.getString(DynamicsSourceConfig.START_FROM) : "resuming from a stored "
                    + offset.get("phase") + " position", config.pollInterval(table).toSeconds(),
                    config.syncWindows().names().contains(table) ? ", inside its sync windows" : "");
        }
        dynamicLists = startDynamicLists(config, props, tables, client, mapper);
        if (config.syncWindows().names().contains(DynamicsSourceConfig.DYNAMIC_LISTS_SCHEDULE)) {
            dynamicListsWindow = DynamicsSourceConfig.DYNAMIC_LISTS_SCHEDULE;
        }
    }

    /**
     * Dynamic lists are evaluated by the task that reads listmember, so their records share its topic and schema.
     * Their membership is kept in the key-state topic when one is configured, else in the source offsets (bounded).
     */
    private DynamicListMembers startDynamicLists(DynamicsSourceConfig config, Map<String, String> props,
                                                 List<String> tables, DataverseClient client, SchemaMapper mapper) {
        if (!evaluatesDynamicLists(config, tables)) {
            return null;
        }
        TableSettings settings = config.table(LIST_MEMBER_TABLE).orElseThrow();
        SchemaTracker schemas = new SchemaTracker(settings, client, mapper, config.optionLabelsEnabled(),
                config.schemaRefreshInterval(), metrics.table(LIST_MEMBER_TABLE), clock);
        ListMembershipStore store;
        int maxMembers;
        if (config.keyStateEnabled()) {
            String connectorName = props.getOrDefault("name", "dynamics");
            store = new KeyStateListMembershipStore(new KafkaMembershipLog(config.keyStateTopic(connectorName),
                    DynamicsSourceConfig.KEY_STATE_TOPIC + ", " + DynamicsSourceConfig.KEY_STATE_BOOTSTRAP_SERVERS,
                    config.keyStateClientProps(), taskId(connectorName) + "-lists",
                    listMembersRead.members(config.keyStateTopic(connectorName))), context.offsetStorageReader());
            maxMembers = Integer.MAX_VALUE;
        } else {
            OffsetListMembershipStore offsets = new OffsetListMembershipStore(context.offsetStorageReader(),
                    Integer.parseInt(props.getOrDefault(OffsetListMembershipStore.MAX_MEMBERS_INTERNAL,
                            String.valueOf(OffsetListMembershipStore.MAX_MEMBERS))));
            store = offsets;
            maxMembers = offsets.maxMembers();
        }
        log.info("Dynamic marketing lists: evaluated every {} s into topic {}, membership kept in {}",
                config.dynamicListsInterval().toSeconds(), settings.topic(), config.keyStateEnabled()
                        ? "the key-state topic" : "the source offsets (at most " + maxMembers + " members a list)");
        return DynamicListMembers.create(client, store, maxMembers, () -> {
                    schemas.ensureFresh();
                    return schemas.schema();
                }, settings.topic(), config.dynamicListsInterval(), clock);
    }

    /**
     * Opens the key-state topic and reads the entries of this task's tables, or (not configured) warns that deletes
     * made while no task runs are not found.
     */
    private Map<String, KeyStateStore.StoredKeys> openKeyState(DynamicsSourceConfig config, String connectorName,
                                                               List<String> tables, Map<String, TableOffset> offsets) {
        KeyStateStore store = keyStateStores.open(config, connectorName, taskId(connectorName));
        if (store == null) {
            log.warn("No {} set: rows deleted in Dynamics while no task of {} runs (stopped connector, rebalance,"
                    + " expired delta token) may never become tombstones", DynamicsSourceConfig.KEY_STATE_BOOTSTRAP_SERVERS,
                    connectorName);
            return Map.of();
        }
        keyState = new KeyStateLog(store);
        // The dynamic-list members share the topic: read in the same pass as the tables' entries.
        listMembersRead = evaluatesDynamicLists(config, tables) ? new KafkaMembershipLog.Entries() : null;
        Map<String, Long> epochs = new HashMap<>();
        offsets.forEach((table, offset) -> {
            if (offset instanceof TableOffset.Snapshot s && s.nextLink() != null) {
                epochs.put(table, s.epoch());
            }
        });
        try {
            return store.load(tables, epochs, listMembersRead == null ? entry -> { } : listMembersRead);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private static boolean evaluatesDynamicLists(DynamicsSourceConfig config, List<String> tables) {
        return tables.contains(LIST_MEMBER_TABLE) && !config.dynamicListsInterval().isZero();
    }

    private String taskId(String connectorName) {
        return connectorName + "-key-state-" + System.identityHashCode(this);
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        // Dynamic lists come out as listmember records, so they keep to that table's window unless given their own.
        boolean listsReadable = dynamicLists != null && schedule.inWindow(dynamicListsWindow);
        if (listsReadable && dynamicLists.due()) {
            List<SourceRecord> members = dynamicLists.poll();
            if (!members.isEmpty()) {
                return members;
            }
        }
        RangeReader range = rangeTasks.nextDue();
        if (range != null) {
            List<SourceRecord> records = readOrPostpone(range.table(), range::readNextPage, range::postpone);
            return records.isEmpty() ? null : records;
        }
        TableReader reader = schedule.nextDue();
        if (reader == null) {
            if (!stopping) {
                long wait = schedule.idleWaitMillis();
                Thread.sleep(listsReadable ? Math.min(wait, dynamicLists.millisUntilDue()) : wait);
            }
            return null;
        }
        List<SourceRecord> records = readOrPostpone(reader);
        // Rows in these records must be in the key state before the worker can commit them.
        keyState.flush();
        if (dynamicLists != null && reader.table().equals(LIST_TABLE)) {
            noticeListChanges(records);
        }
        // One page per poll: with exactly-once support the worker's poll boundaries make each page one transaction.
        return records.isEmpty() ? null : records;
    }

    /** A dynamic list row that changed (its query may have been edited) is evaluated again soon. */
    private void noticeListChanges(List<SourceRecord> records) {
        for (SourceRecord r : records) {
            if (r.value() instanceof Struct value && value.schema().field("listid") != null
                    && value.schema().field("type") != null) {
                Object id = value.get("listid");
                if (id != null) {
                    Object query = value.schema().field("query") == null ? null : value.get("query");
                    dynamicLists.listChanged(id.toString(), Boolean.TRUE.equals(value.get("type")),
                            query == null ? null : query.toString());
                }
            } else if (r.value() == null && r.key() instanceof Struct key && key.schema().field("listid") != null) {
                dynamicLists.listChanged(String.valueOf(key.get("listid")), false, null);
            }
        }
    }

    /** One page of the table; a transient failure postpones the table and yields nothing. */
    private List<SourceRecord> readOrPostpone(TableReader reader) {
        return readOrPostpone(reader.table(), reader::readNextPage, reader::postpone);
    }

    private List<SourceRecord> readOrPostpone(String table, Supplier<List<SourceRecord>> read,
                                              Consumer<Duration> postpone) {
        try {
            return read.get();
        } catch (TokenUnavailableException e) {
            metrics.tokenFailures.increment();
            postpone(table, postpone, "no token", e);
        } catch (RetriableException e) {
            postpone(table, postpone, "read failed", e);
        } catch (ApiException e) {
            if (!isTransient(e)) {
                throw e;
            }
            postpone(table, postpone, "read failed after retries", e);
        }
        return List.of();
    }

    private void postpone(String table, Consumer<Duration> postpone, String what, RuntimeException e) {
        postpone.accept(FAILED_TABLE_BACKOFF);
        metrics.readPostponed(table);
        log.warn("Table {}: {}, trying again in {} s: {}", table, what, FAILED_TABLE_BACKOFF.toSeconds(),
                e.getMessage());
    }

    private static boolean isTransient(ApiException e) {
        int s = e.statusCode();
        return s == 0 || s == 429 || s >= 500;
    }

    /** With exactly-once support the worker calls this only after the record's transaction committed. */
    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        keyState.committed(record);
        if (dynamicLists != null) {
            dynamicLists.committed(record);
        }
    }

    @Override
    public void stop() {
        stopping = true;
        keyState.close();
        if (dynamicLists != null) {
            dynamicLists.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    /** This task's metrics (also registered with the worker), for tests and diagnostics. */
    ConnectorMetrics metrics() {
        return metrics.connector();
    }

    /** Positions of this task's tables, for tests and diagnostics. */
    Collection<TableReader> readers() {
        return schedule.readers();
    }
}
