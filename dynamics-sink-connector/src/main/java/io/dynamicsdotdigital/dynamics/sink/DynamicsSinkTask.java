package io.dynamicsdotdigital.dynamics.sink;

import io.dynamicsdotdigital.common.auth.EntraIdClientCredentialsProvider;
import io.dynamicsdotdigital.common.http.ApiHttpClient;
import io.dynamicsdotdigital.common.http.HttpClientFactory;
import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
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
    /** Rounds per batch for rows answered 429/5xx inside a $batch (the whole call has its own retries). */
    static final int ROW_ATTEMPTS = 3;
    /** How long the worker waits before delivering a put again that failed retriably. */
    static final long REDELIVERY_DELAY_MS = 10_000;

    private DynamicsSinkConfig config;
    private RowMapper mapper;
    private BatchWriter writer;
    private ConnectorMetrics metrics;
    private ConnectorMetrics.Counter written;
    private ConnectorMetrics.Counter deleted;
    private ConnectorMetrics.Counter failed;
    private ConnectorMetrics.Counter batches;
    private ConnectorMetrics.Counter unmatched;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new DynamicsSinkConfig(props);
        HttpClientFactory.requireAllowedScheme(config.orgUrl(), config.httpSettings(), DynamicsSinkConfig.URL);
        metrics = ConnectorMetrics.forTask(context, props);
        EntraIdClientCredentialsProvider auth = new EntraIdClientCredentialsProvider(config.entraId(),
                config.httpSettings());
        ApiHttpClient http = new ApiHttpClient("Dataverse", config.httpSettings(), config.resilienceSettings(), auth,
                config.accountKey(), metrics);
        writer = new BatchWriter(http, config.webApiRoot());
        mapper = new RowMapper(config);
        written = metrics.counter("rows-written-total", "Rows created or updated in Dataverse");
        deleted = metrics.counter("rows-deleted-total", "Rows deleted in Dataverse for tombstones");
        failed = metrics.counter("records-failed-total",
                "Records that could not be written (sent to the dead-letter queue with the reason)");
        batches = metrics.counter("batches-total", "$batch calls made");
        unmatched = metrics.counter("records-unmatched-total",
                "Records of write.mode=update_matching whose match value no row has (skipped)");
        log.info("Dynamics sink task started: {} into {} in batches of up to {}", config.writeMode(),
                config.entitySet(), config.batchSize());
    }


    @Override
    public void put(Collection<SinkRecord> records) {
        try {
            write(records);
        } catch (RetriableException e) {
            // Without a timeout the worker would redeliver only at its next offset commit (up to a minute away).
            context.timeout(REDELIVERY_DELAY_MS);
            throw e;
        }
    }

    private void write(Collection<SinkRecord> records) {
        List<Future<Void>> reported = new ArrayList<>();
        List<WriteOperation> operations = new ArrayList<>(records.size());
        for (SinkRecord record : records) {
            try {
                WriteOperation op = mapper.map(record);
                if (op != null) {
                    operations.add(op);
                }
            } catch (InvalidRecordException e) {
                reported.add(fail(record, new InvalidRecordException(where(record) + ": " + e.getMessage())));
            }
        }
        if (config.writeMode().equals(DynamicsSinkConfig.MODE_UPDATE_MATCHING)) {
            operations = matchedRows(operations, reported);
        }
        writeRows(operations, reported);
        // The dead-letter records are written before put() returns, so committed offsets never skip one.
        for (Future<Void> f : reported) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectException("Interrupted while writing records to the dead-letter queue", e);
            } catch (ExecutionException e) {
                throw new ConnectException("Could not write a failed record to the dead-letter queue", e.getCause());
            }
        }
    }

    /**
     * update_matching: $batch reads find the rows with each record's match value; the result is one update per
     * matched row, carrying the record's columns. A record matching nothing is counted and skipped.
     */
    private List<WriteOperation> matchedRows(List<WriteOperation> operations, List<Future<Void>> reported) {
        List<WriteOperation> lookups = operations.stream().map(op -> new WriteOperation(op.record(), "GET",
                mapper.matchQuery(op.match()), op.body(), op.match())).toList();
        List<WriteOperation> updates = new ArrayList<>();
        inBatches(lookups, "row lookups", (lookup, result) -> {
            if (!result.ok()) {
                reported.add(refused(lookup, "the lookup " + lookup.path(), result));
                return;
            }
            List<String> ids;
            try {
                ids = MatchedIds.read(result.body(), config.matchIdColumn());
            } catch (IllegalArgumentException e) {
                reported.add(fail(lookup.record(), new ConnectException(where(lookup.record()) + ": "
                        + e.getMessage())));
                return;
            }
            if (ids.isEmpty()) {
                unmatched.increment();
                log.debug("{}: no row of {} has {} = {}", where(lookup.record()), config.entitySet(),
                        config.matchColumn(), lookup.match());
            }
            for (String id : ids) {
                try {
                    updates.add(new WriteOperation(lookup.record(), "PATCH", mapper.rowById(id), lookup.body(),
                            lookup.match()));
                } catch (InvalidRecordException e) {
                    reported.add(fail(lookup.record(), e));
                }
            }
        });
        return updates;
    }

    private void writeRows(List<WriteOperation> operations, List<Future<Void>> reported) {
        inBatches(operations, "rows", (op, result) -> {
            if (result.ok()) {
                (op.method().equals("DELETE") ? deleted : written).increment();
            } else if (op.method().equals("DELETE") && result.status() == 404) {
                deleted.increment(); // already gone: the tombstone's intent holds
            } else if (op.updateOnly() && (result.status() == 404 || result.status() == 412)) {
                unmatched.increment(); // the matched row was deleted since the lookup: nothing to update
            } else {
                reported.add(refused(op, op.method() + " " + op.path(), result));
            }
        });
    }

    /**
     * Sends operations in $batch calls of up to {@code batch.size}. Requests answered 429 or 5xx, or not answered
     * because the service stopped the batch, are sent again, up to {@link #ROW_ATTEMPTS} rounds; every other answer
     * goes to {@code handler}. Requests still failing make the put fail retriably.
     */
    private void inBatches(List<WriteOperation> operations, String what,
                           BiConsumer<WriteOperation, BatchCodec.Result> handler) {
        for (int from = 0; from < operations.size(); from += config.batchSize()) {
            List<WriteOperation> pending = operations.subList(from, Math.min(operations.size(),
                    from + config.batchSize()));
            String lastProblem = null;
            for (int attempt = 1; attempt <= ROW_ATTEMPTS && !pending.isEmpty(); attempt++) {
                List<BatchCodec.Result> results = writer.write(pending);
                batches.increment();
                List<WriteOperation> retry = new ArrayList<>();
                for (int i = 0; i < pending.size(); i++) {
                    BatchCodec.Result result = i < results.size() ? results.get(i) : null;
                    if (result == null || result.status() == 429 || result.status() >= 500) {
                        retry.add(pending.get(i));
                        lastProblem = result == null ? "Dataverse stopped the batch before this request"
                                : "HTTP " + result.status() + ": " + BatchWriter.abbreviate(result.body());
                    } else {
                        handler.accept(pending.get(i), result);
                    }
                }
                pending = retry;
                if (!pending.isEmpty() && attempt < ROW_ATTEMPTS) {
                    sleepBeforeRetry(attempt);
                }
            }
            if (!pending.isEmpty()) {
                throw new RetriableException(pending.size() + " " + what + " of a Dataverse $batch on "
                        + config.entitySet() + " still failed after " + ROW_ATTEMPTS + " rounds (last: " + lastProblem
                        + "); the worker delivers the records again");
            }
        }
    }

    private Future<Void> refused(WriteOperation op, String request, BatchCodec.Result result) {
        return fail(op.record(), new ConnectException(where(op.record()) + ": Dataverse refused " + request
                + " with HTTP " + result.status() + ": " + BatchWriter.abbreviate(result.body())));
    }

    private static void sleepBeforeRetry(int attempt) {
        try {
            Thread.sleep(500L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("Interrupted while waiting to retry throttled rows", e);
        }
    }

    private Future<Void> fail(SinkRecord record, Exception reason) {
        failed.increment();
        ErrantRecordReporter reporter = context.errantRecordReporter();
        if (reporter == null) {
            throw new ConnectException("No dead-letter queue is configured (errors.tolerance=all and"
                    + " errors.deadletterqueue.topic.name) and a record failed: " + reason.getMessage(), reason);
        }
        log.warn("{}", reason.getMessage());
        return reporter.report(record, reason);
    }

    private static String where(SinkRecord record) {
        return "record " + record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset();
    }

    @Override
    public void stop() {
        if (metrics != null) {
            metrics.close();
        }
    }

    /** This task's metrics, for tests. */
    ConnectorMetrics metrics() {
        return metrics;
    }
}
