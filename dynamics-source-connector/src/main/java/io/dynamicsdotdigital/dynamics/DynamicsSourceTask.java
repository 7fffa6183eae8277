package io.dynamicsdotdigital.dynamics;

import io.dynamicsdotdigital.common.auth.EntraIdClientCredentialsProvider;
import io.dynamicsdotdigital.common.http.ApiException;
import io.dynamicsdotdigital.common.http.ApiHttpClient;
import io.dynamicsdotdigital.common.http.HttpClientFactory;
import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;
import io.dynamicsdotdigital.dynamics.dataverse.DataverseClient;
import io.dynamicsdotdigital.dynamics.dataverse.DataverseRequests;
import io.dynamicsdotdigital.dynamics.dataverse.RequestGate;
import io.dynamicsdotdigital.dynamics.offsets.SourcePartitions;
import io.dynamicsdotdigital.dynamics.schema.SchemaMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the tables assigned to it, one API page per {@link #poll()}, taking the tables in turn so a slow or large
 * table never holds up the others. With exactly-once support on the worker, each poll (one page) is one
 * transaction.
 */
public class DynamicsSourceTask extends SourceTask {
    private static final Logger log = LoggerFactory.getLogger(DynamicsSourceTask.class);
    /** Longest a poll() waits when no table is due, so the worker can stop the task promptly. */
    static final Duration MAX_IDLE_WAIT = Duration.ofMillis(500);
    /** Back-off of a table whose read failed transiently (retries exhausted, connection lost). */
    static final Duration FAILED_TABLE_BACKOFF = Duration.ofSeconds(5);

    private final Clock clock = Clock.systemUTC();
    private final List<TableReader> readers = new ArrayList<>();
    private ConnectorMetrics metrics;
    private int next;
    private volatile boolean stopping;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        DynamicsSourceConfig config = new DynamicsSourceConfig(props);
        HttpClientFactory.requireAllowedScheme(config.orgUrl(), config.httpSettings(), DynamicsSourceConfig.URL);
        List<String> tables = DynamicsSourceConfig.splitList(props.get(DynamicsSourceConnector.TASK_TABLES));
        metrics = ConnectorMetrics.forTask(context, props);
        EntraIdClientCredentialsProvider auth = new EntraIdClientCredentialsProvider(config.entraId(),
                config.httpSettings());
        ApiHttpClient http = new ApiHttpClient("Dataverse", config.httpSettings(), config.resilienceSettings(), auth,
                config.accountKey(), metrics);
        RequestGate gate = RequestGate.shared(props.getOrDefault("name", "") + "|" + config.accountKey(),
                config.maxConcurrentRequests());
        DataverseClient client = new DataverseClient(http, new DataverseRequests(config.webApiRoot(),
                config.pageSize()), gate, config.httpSettings().requestTimeout().toMillis());
        SchemaMapper mapper = new SchemaMapper(config.getString(DynamicsSourceConfig.TOPIC_PREFIX));

        List<Map<String, Object>> partitions = tables.stream().map(SourcePartitions::of).toList();
        Map<Map<String, Object>, Map<String, Object>> stored = context.offsetStorageReader().offsets(partitions);
        for (String table : tables) {
            TableSettings settings = config.table(table).orElseThrow(() -> new ConnectException(
                    "Task was given table " + table + ", which the configuration does not list"));
            Map<String, Object> offset = stored == null ? null : stored.get(SourcePartitions.of(table));
            readers.add(new TableReader(settings, config, client, mapper, new TableMetrics(metrics, table), clock,
                    offset));
            log.info("Table {}: {}", table, offset == null ? "no stored offset, starting from "
                    + config.getString(DynamicsSourceConfig.START_FROM) : "resuming from a stored "
                    + offset.get("phase") + " position");
        }
    }


    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        TableReader reader = nextDue();
        if (reader == null) {
            Instant earliest = readers.stream().map(TableReader::dueAt).min(Instant::compareTo).orElse(Instant.MAX);
            long waitMillis = Math.min(MAX_IDLE_WAIT.toMillis(),
                    Math.max(1, Duration.between(clock.instant(), earliest).toMillis()));
            if (!stopping) {
                Thread.sleep(waitMillis);
            }
            return null;
        }
        List<SourceRecord> records;
        try {
            records = reader.readNextPage();
        } catch (RetriableException e) {
            reader.postpone(FAILED_TABLE_BACKOFF);
            log.warn("Table {}: read failed, trying again in {} s: {}", reader.table(),
                    FAILED_TABLE_BACKOFF.toSeconds(), e.getMessage());
            return null;
        } catch (ApiException e) {
            if (!isTransient(e)) {
                throw e;
            }
            reader.postpone(FAILED_TABLE_BACKOFF);
            log.warn("Table {}: read failed after retries, trying again in {} s: {}", reader.table(),
                    FAILED_TABLE_BACKOFF.toSeconds(), e.getMessage());
            return null;
        }
        // One page per poll: with exactly-once support the worker's poll boundaries make each page one transaction.
        return records.isEmpty() ? null : records;
    }

    private static boolean isTransient(ApiException e) {
        int s = e.statusCode();
        return s == 0 || s == 429 || s >= 500;
    }

    /** The next table whose turn it is and that is due, round-robin. */
    private TableReader nextDue() {
        Instant now = clock.instant();
        for (int i = 0; i < readers.size(); i++) {
            TableReader r = readers.get((next + i) % readers.size());
            if (!r.dueAt().isAfter(now)) {
                next = (next + i + 1) % readers.size();
                return r;
            }
        }
        return null;
    }

    @Override
    public void stop() {
        stopping = true;
        if (metrics != null) {
            metrics.close();
        }
    }

    /** This task's metrics (also registered with the worker), for tests and diagnostics. */
    ConnectorMetrics metrics() {
        return metrics;
    }

    /** Positions of this task's tables, for tests and diagnostics. */
    Collection<TableReader> readers() {
        return readers;
    }
}
