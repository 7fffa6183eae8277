package io.dynamicsdotdigital.dotdigital.sink;

import io.dynamicsdotdigital.dotdigital.client.DotdigitalApiException;
import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import io.dynamicsdotdigital.dotdigital.sink.bulk.ImportBuffers;
import io.dynamicsdotdigital.dotdigital.sink.bulk.ImportRunner;
import io.dynamicsdotdigital.dotdigital.sink.bulk.OffsetTracker;
import io.dynamicsdotdigital.dotdigital.sink.bulk.RecordRef;
import io.dynamicsdotdigital.dotdigital.sink.record.RejectedRecordException;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The records the task accepted and what they wait for: batch entries (buffered, then imported by the
 * {@link ImportRunner}) and single calls ordered behind them by {@link PerEmailOrder}. A record is finished when its
 * import or call is done or it was reported as failed; {@link OffsetTracker} turns that into committable offsets.
 */
final class PendingWork {
    private final ImportBuffers buffers;
    private final ImportRunner runner;
    private final PerEmailOrder order;
    private final OffsetTracker offsets;
    private final RecordFailures failures;

    PendingWork(ImportBuffers buffers, ImportRunner runner, PerEmailOrder order, OffsetTracker offsets,
                RecordFailures failures) {
        this.buffers = buffers;
        this.runner = runner;
        this.order = order;
        this.offsets = offsets;
        this.failures = failures;
    }

    RecordRef accept(SinkRecord record) {
        RecordRef ref = RecordRef.of(record);
        offsets.track(ref.partition(), ref.offset());
        return ref;
    }

    /** @param ref the record the import finishes, or null when a call parked behind it finishes the record */
    void enqueue(Long addressBookId, Contact contact, RecordRef ref) {
        ImportBuffers.Added added = buffers.add(addressBookId, contact, ref);
        if (added.newEntry()) {
            order.holding(contact.email());
        }
        added.sealed().forEach(runner::submit);
    }

    /** Runs the call once no import holds the email any more, then finishes the record (or reports it failed). */
    void whenIdle(String email, RecordRef ref, Runnable call) {
        order.whenIdle(email, () -> {
            try {
                call.run();
                finish(ref);
            } catch (RejectedRecordException e) {
                fail(ref, e);
            } catch (DotdigitalApiException e) {
                apiFailure(ref, e);
            }
        });
    }

    void released(String email) {
        order.released(email);
    }

    void finish(RecordRef ref) {
        offsets.finished(ref.partition(), ref.offset());
    }

    void fail(RecordRef ref, String code, String message, Throwable cause) {
        if (failures.fail(ref, code, message, cause)) {
            finish(ref);
        }
    }

    void fail(RecordRef ref, RejectedRecordException e) {
        fail(ref, e.code(), e.getMessage(), e);
    }

    void apiFailure(RecordRef ref, DotdigitalApiException e) {
        if (failures.apiFailure(ref, e)) {
            finish(ref);
        }
    }

    void sealExpired(long flushIntervalMs) {
        buffers.sealExpired(flushIntervalMs).forEach(runner::submit);
    }

    int openRecords() {
        return offsets.openRecords();
    }

    Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> assigned) {
        return offsets.committable(assigned);
    }

    void forget(Collection<TopicPartition> partitions) {
        offsets.forget(partitions);
    }
}
