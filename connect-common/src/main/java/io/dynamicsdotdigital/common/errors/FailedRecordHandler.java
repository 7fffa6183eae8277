package io.dynamicsdotdigital.common.errors;

import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every sink does with a record it cannot apply, so both sinks behave the same:
 * <ul>
 *   <li>{@code errors.tolerance=none} (Connect's default): a {@link ConnectException} naming the record (topic,
 *       partition, offset) and the reason; the task fails and the record is redelivered after a restart;</li>
 *   <li>{@code errors.tolerance=all} with a dead-letter queue: the record goes there through Connect's
 *       {@link ErrantRecordReporter} ({@value #DLQ_RECORDS});</li>
 *   <li>{@code errors.tolerance=all} without one: a WARN naming the record and the reason, and
 *       {@value #RECORDS_SKIPPED} counts it.</li>
 * </ul>
 */
public final class FailedRecordHandler {
    private static final Logger log = LoggerFactory.getLogger(FailedRecordHandler.class);
    public static final String DLQ_RECORDS = "dlq-records-total";
    public static final String RECORDS_SKIPPED = "records-skipped-total";

    /** What happened to a failed record that did not fail the task. */
    public enum Handled { DEAD_LETTERED, SKIPPED }

    private final boolean toleranceAll;
    private final Supplier<ErrantRecordReporter> reporter;
    private final ConnectorMetrics.Counter deadLettered;
    private final ConnectorMetrics.Counter skipped;
    /** Dead-letter writes not known to be done yet; a sink waits for them before its offsets may move. */
    private final List<Future<Void>> reports = new ArrayList<>();

    /**
     * @param taskConfig the task's properties, read for {@code errors.tolerance}
     * @param reporter   the context's reporter (may answer null, or throw on a worker older than Kafka 2.6)
     * @param metrics    where the DLQ and skip counters live
     */
    public FailedRecordHandler(Map<String, String> taskConfig, Supplier<ErrantRecordReporter> reporter,
                               ConnectorMetrics metrics) {
        this(toleratesAll(taskConfig), reporter, metrics);
    }

    public FailedRecordHandler(boolean toleranceAll, Supplier<ErrantRecordReporter> reporter,
                               ConnectorMetrics metrics) {
        this.toleranceAll = toleranceAll;
        this.reporter = reporter;
        this.deadLettered = metrics.counter(DLQ_RECORDS, "Records sent to the dead-letter queue");
        this.skipped = metrics.counter(RECORDS_SKIPPED,
                "Failed records skipped with a WARN (errors.tolerance=all and no dead-letter queue)");
    }

    /** Whether {@code errors.tolerance} is {@code all} in these task properties. */
    public static boolean toleratesAll(Map<String, String> taskConfig) {
        String t = taskConfig == null ? null : taskConfig.get("errors.tolerance");
        return t != null && "all".equals(t.trim().toLowerCase(Locale.ROOT));
    }

    public boolean toleranceAll() {
        return toleranceAll;
    }

    /**
     * Handles one failed record.
     *
     * @param record the record as it should reach the dead-letter queue (callers may add headers to a copy)
     * @param reason why it failed; named in the log or the task failure
     * @throws ConnectException with {@code errors.tolerance=none}, naming the record and the reason
     */
    public Handled handle(SinkRecord record, Throwable reason) {
        String where = describe(record);
        if (!toleranceAll) {
            throw new ConnectException("Cannot apply the record at " + where + ": " + reason.getMessage()
                    + " (errors.tolerance=none)", reason);
        }
        ErrantRecordReporter dlq = reporter();
        if (dlq != null) {
            reports.removeIf(Future::isDone);
            Future<Void> report = dlq.report(record, reason);
            if (report != null) {
                reports.add(report);
            }
            deadLettered.increment();
            return Handled.DEAD_LETTERED;
        }
        log.warn("Skipping the record at {} (errors.tolerance=all, no dead-letter queue): {}", where,
                reason.getMessage());
        skipped.increment();
        return Handled.SKIPPED;
    }

    /**
     * Waits until every record handed to the dead-letter queue so far is written there, so offsets committed after
     * it never pass a failed record that is not in the queue yet.
     *
     * @throws ConnectException when a dead-letter write failed or the wait was interrupted
     */
    public void awaitReported() {
        try {
            for (Future<Void> report : reports) {
                report.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while writing failed records to the dead-letter queue", e);
        } catch (ExecutionException e) {
            throw new ConnectException("Could not write a failed record to the dead-letter queue", e.getCause());
        } finally {
            reports.removeIf(Future::isDone);
        }
    }

    /** "topic T partition P offset O", the words every failure message uses for a record. */
    public static String describe(SinkRecord record) {
        return "topic " + record.topic() + " partition " + record.kafkaPartition() + " offset "
                + record.kafkaOffset();
    }

    private ErrantRecordReporter reporter() {
        try {
            return reporter.get();
        } catch (NoSuchMethodError | NoClassDefFoundError | UnsupportedOperationException e) {
            return null;
        }
    }
}
