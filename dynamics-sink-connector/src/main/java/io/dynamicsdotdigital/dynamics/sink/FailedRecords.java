package io.dynamicsdotdigital.dynamics.sink;

import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records of one put() that could not be written: each goes to the dead-letter queue with its reason, and
 * {@link #awaitReported()} waits until they are there, so committed offsets never skip one. Without a dead-letter
 * queue a failed record fails the task.
 */
final class FailedRecords {
    private static final Logger log = LoggerFactory.getLogger(FailedRecords.class);

    private final Supplier<ErrantRecordReporter> reporter;
    private final ConnectorMetrics.Counter failed;
    private final List<Future<Void>> reported = new ArrayList<>();

    FailedRecords(Supplier<ErrantRecordReporter> reporter, ConnectorMetrics.Counter failed) {
        this.reporter = reporter;
        this.failed = failed;
    }

    /** "record topic-partition@offset", for messages. */
    static String where(SinkRecord record) {
        return "record " + record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset();
    }

    void fail(SinkRecord record, Exception reason) {
        failed.increment();
        ErrantRecordReporter dlq = reporter.get();
        if (dlq == null) {
            throw new ConnectException("No dead-letter queue is configured (errors.tolerance=all and"
                    + " errors.deadletterqueue.topic.name) and a record failed: " + reason.getMessage(), reason);
        }
        log.warn("{}", reason.getMessage());
        reported.add(dlq.report(record, reason));
    }

    /** Waits until every failed record of this put is in the dead-letter queue. */
    void awaitReported() {
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
        reported.clear();
    }
}
