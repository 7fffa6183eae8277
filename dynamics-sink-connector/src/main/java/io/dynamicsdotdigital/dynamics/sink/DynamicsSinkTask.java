package io.dynamicsdotdigital.dynamics.sink;

import io.dynamicsdotdigital.common.http.ApiCallListener;
import io.dynamicsdotdigital.common.http.ApiOutcomeUnknownException;
import io.dynamicsdotdigital.common.http.ApiThrottledException;
import io.dynamicsdotdigital.common.http.HttpClientFactory;
import io.dynamicsdotdigital.common.errors.FailedRecordHandler;
import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;
import io.dynamicsdotdigital.dataverse.client.DataverseClient;
import io.dynamicsdotdigital.dataverse.client.RequestGate;
import io.dynamicsdotdigital.dataverse.client.auth.TokenUnavailableException;
import io.dynamicsdotdigital.dataverse.client.webapi.WebApiDataverseClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each put() to Dataverse before returning, in $batch calls of up to {@code batch.size} rows, so the offsets
 * the worker commits afterwards only cover written rows. A row Dataverse refuses (4xx) and a record that cannot
 * become a row go to the dead-letter queue with the reason; throttled or failed rows are retried, and if they still
 * fail the put is retried by the worker (upserts make that harmless).
 */
public class DynamicsSinkTask extends SinkTask {
    private static final Logger log = LoggerFactory.getLogger(DynamicsSinkTask.class);
    /** How long the worker waits before delivering a put again that failed retriably. */
    static final long REDELIVERY_DELAY_MS = 10_000;
    /** The sink's own concurrency gate: only its metadata reads pass it; $batch calls do not. */
    private static final int MAX_CONCURRENT_READS = 4;
    /**
     * Longest single wait on the put() thread (a server's Retry-After, a backoff step): longer waits would keep the
     * consumer from polling past max.poll.interval.ms, so the put fails retriably and the worker redelivers later.
     */
    static final Duration MAX_PUT_WAIT = Duration.ofSeconds(5);
    /** Attempts per $batch call within one put(); the worker's redelivery is the retry beyond them. */
    static final int MAX_PUT_ATTEMPTS = 3;

    /** Makes the task's Dataverse client; tests give their own. */
    interface ClientFactory {
        DataverseClient create(DynamicsSinkConfig config, ApiCallListener listener);
    }

    private final ClientFactory clients;
    private final BatchRounds.Pause pause;
    private DynamicsSinkConfig config;
    private RowMapper mapper;
    private MatchedRows matches;
    /** Set when rows are linked to CRM records (link.entities). */
    private LinkedWrites linked;
    /** Set when a lookup is copied from another row (lookup.resolve.column). */
    private ResolvedLookups resolvedLookups;
    /** Set when upserts must be newer than their rows (newer.wins.field). */
    private NewerWins newerWins;
    private BatchRounds rounds;
    private DynamicsSinkMetrics metrics;
    private FailedRecordHandler failedRecords;

    public DynamicsSinkTask() {
        this(DynamicsSinkTask::webApiClient, BatchRounds.SLEEP);
    }

    DynamicsSinkTask(ClientFactory clients, BatchRounds.Pause pause) {
        this.clients = clients;
        this.pause = pause;
    }

    private static DataverseClient webApiClient(DynamicsSinkConfig config, ApiCallListener listener) {
        return WebApiDataverseClient.create(config,
                config.resilienceSettings().boundedForTaskThread(MAX_PUT_ATTEMPTS, MAX_PUT_WAIT), config.accountKey(),
                listener, new RequestGate(MAX_CONCURRENT_READS), 1);
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new DynamicsSinkConfig(props);
        HttpClientFactory.requireAllowedScheme(config.orgUrl(), config.httpSettings(), DynamicsSinkConfig.URL);
        metrics = new DynamicsSinkMetrics(ConnectorMetrics.forTask(context, props));
        failedRecords = new FailedRecordHandler(props, () -> context == null ? null : context.errantRecordReporter(),
                metrics.registry);
        DataverseClient client = clients.create(config, metrics.registry);
        rounds = new BatchRounds(client, config.batchSize(), config.entitySet(), metrics.batches,
                metrics.batchesResent, pause);
        mapper = new RowMapper(config, KeyTypes.read(client, config));
        matches = new MatchedRows(mapper, config, metrics.unmatched);
        linked = !config.linkSettings().enabled() ? null : new LinkedWrites(config, mapper, LinkedWrites.over(
                new BatchRounds(client, DynamicsSinkConfig.MAX_BATCH_SIZE, "the linked tables", metrics.batches,
                        metrics.batchesResent, pause)), metrics);
        resolvedLookups = config.resolvedLookup().enabled() ? new ResolvedLookups(config.resolvedLookup()) : null;
        newerWins = config.newerWins().enabled() ? new NewerWins(config.newerWins(), metrics) : null;
        log.info("Dynamics sink task started: {} into {} in batches of up to {}", config.writeMode(),
                config.entitySet(), config.batchSize());
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        try {
            write(records);
        } catch (RetriableException e) {
            metrics.putsRedelivered.increment();
            if (e instanceof TokenUnavailableException) {
                metrics.tokenFailures.increment();
            }
            // Without a timeout the worker would redeliver only at its next offset commit (up to a minute away).
            context.timeout(redeliveryDelayMs(e));
            throw e;
        }
    }

    /** The wait Dataverse asked for when it throttled the put (Retry-After), else {@link #REDELIVERY_DELAY_MS}. */
    static long redeliveryDelayMs(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ApiThrottledException throttled) {
                return Math.max(REDELIVERY_DELAY_MS, throttled.retryAfter().toMillis());
            }
        }
        return REDELIVERY_DELAY_MS;
    }

    /** Records to writes, update_matching lookups, the $batch rounds, then the failed records to the DLQ. */
    private void write(Collection<SinkRecord> records) {
        FailedRecords failures = new FailedRecords(failedRecords, metrics.failed);
        if (!config.splitField().isEmpty()) {
            records = new RecordSplitter(config.splitField()).split(records, failures);
        }
        List<WriteOperation> operations = linked != null ? linked.toOperations(records, failures)
                : toOperations(records, failures);
        if (config.writeMode().equals(DynamicsSinkConfig.MODE_UPDATE_MATCHING)) {
            operations = matches.resolve(operations, rounds, failures);
        }
        if (newerWins != null) {
            operations = newerWins.filter(operations, rounds, failures);
        }
        rounds.send(operations, "rows", (op, result) -> applyAnswer(op, result, failures),
                (op, e) -> createOutcomeUnknown(op, e, failures));
        // The dead-letter records are written before put() returns, so committed offsets never skip one.
        failures.awaitReported();
    }

    private List<WriteOperation> toOperations(Collection<SinkRecord> records, FailedRecords failures) {
        List<WriteOperation> operations = new ArrayList<>(records.size());
        Map<SinkRecord, Map<String, String>> lookups = resolvedLookups == null ? null
                : resolvedLookups.resolve(List.copyOf(records), rounds, failures);
        for (SinkRecord record : records) {
            if (lookups != null && !lookups.containsKey(record)) {
                continue; // failed while its lookup was resolved
            }
            try {
                WriteOperation op = lookups == null ? mapper.map(record) : mapper.map(record, lookups.get(record));
                if (op != null) {
                    operations.add(op);
                }
            } catch (UnwritableRecordException e) {
                failures.fail(record, new UnwritableRecordException(FailedRecords.where(record) + ": "
                        + e.getMessage()));
            }
        }
        return operations;
    }

    private void applyAnswer(WriteOperation op, io.dynamicsdotdigital.dataverse.client.WriteResult result,
                             FailedRecords failures) {
        if (result.ok()) {
            (op.method().equals("DELETE") ? metrics.deleted : metrics.written).increment();
        } else if (op.method().equals("DELETE") && result.status() == 404) {
            metrics.deleted.increment(); // already gone: the tombstone's intent holds
        } else if (op.updateOnly() && (result.status() == 404 || result.status() == 412)) {
            metrics.unmatched.increment(); // the matched row was deleted since the lookup: nothing to update
        } else {
            failures.fail(op.record(), MatchedRows.refusal(op, op.method() + " " + op.path(), result));
        }
    }

    /**
     * A creation whose $batch may have been applied: there is no key to look the row up by, so it goes the failed
     * record's way (dead-letter queue by errors.tolerance) rather than risk a duplicate row.
     */
    private void createOutcomeUnknown(WriteOperation op, ApiOutcomeUnknownException e, FailedRecords failures) {
        metrics.createsOutcomeUnknown.increment();
        failures.fail(op.record(), new ConnectException(FailedRecords.where(op.record()) + ": CreateOutcomeUnknown:"
                + " the $batch creating its row of " + config.entitySet() + " may have been applied; not resent to"
                + " avoid a duplicate row (" + e.getMessage() + ")", e));
    }

    @Override
    public void stop() {
        if (metrics != null) {
            metrics.close();
        }
    }

    /** This task's metrics, for tests. */
    ConnectorMetrics metrics() {
        return metrics.registry;
    }
}
