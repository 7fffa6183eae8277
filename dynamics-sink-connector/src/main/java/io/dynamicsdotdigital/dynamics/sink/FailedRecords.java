package io.dynamicsdotdigital.dynamics.sink;

import io.dynamicsdotdigital.common.errors.FailedRecordHandler;
import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The records of one put() that could not be written. Each goes where the shared {@link FailedRecordHandler} sends
 * it (the dead-letter queue, a WARN, or a task failure naming it, by {@code errors.tolerance}), and
 * {@link #awaitReported()} waits until the dead-letter writes are done, so committed offsets never skip one.
 */
final class FailedRecords {
    private final FailedRecordHandler handler;
    private final ConnectorMetrics.Counter failed;

    FailedRecords(FailedRecordHandler handler, ConnectorMetrics.Counter failed) {
        this.handler = handler;
        this.failed = failed;
    }

    /** "record topic-partition@offset", for messages. */
    static String where(SinkRecord record) {
        return "record " + record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset();
    }

    void fail(SinkRecord record, Exception reason) {
        failed.increment();
        handler.handle(record, reason);
    }

    /** Waits until every failed record of this put is in the dead-letter queue. */
    void awaitReported() {
        handler.awaitReported();
    }
}
