package io.dynamicsdotdigital.dotdigital.sink;

import io.dynamicsdotdigital.dotdigital.client.DotdigitalApiException;
import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import io.dynamicsdotdigital.dotdigital.sink.bulk.ImportBuffers;
import io.dynamicsdotdigital.dotdigital.sink.bulk.ImportRunner;
import io.dynamicsdotdigital.dotdigital.sink.bulk.OffsetTracker;
import io.dynamicsdotdigital.dotdigital.sink.bulk.RecordHeapEstimate;
import io.dynamicsdotdigital.dotdigital.sink.bulk.RecordRef;
import io.dynamicsdotdigital.dotdigital.sink.record.RejectedRecordException;
import io.dynamicsdotdigital.dotdigital.sink.outage.Outage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
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
    private final Outage singleCallOutage;
    private final Clock clock;
    /** Single calls that failed for a reason to wait out, by when they are due again (earliest first). */
    private final List<SingleCall> retries = new ArrayList<>();

    /** A call run for one record after the imports of its email; it holds the email while it waits for a retry. */
    private static final class SingleCall {
        final String email;
        final RecordRef ref;
        final Runnable call;
        boolean holdsEmail;
        long dueMillis;

        SingleCall(String email, RecordRef ref, Runnable call) {
            this.email = email;
            this.ref = ref;
            this.call = call;
        }
    }

    PendingWork(ImportBuffers buffers, ImportRunner runner, PerEmailOrder order, OffsetTracker offsets,
                RecordFailures failures, Outage singleCallOutage, Clock clock) {
        this.buffers = buffers;
        this.runner = runner;
        this.order = order;
        this.offsets = offsets;
        this.failures = failures;
        this.singleCallOutage = singleCallOutage;
        this.clock = clock;
    }

    /** @return the record to handle, or null when it was taken before (a redelivery after a pause) */
    RecordRef accept(SinkRecord record) {
        RecordRef ref = RecordRef.of(record);
        return offsets.track(ref.partition(), ref.offset(), RecordHeapEstimate.of(record)) ? ref : null;
    }

    /** The record is given back: it is handled again when the worker redelivers it. */
    void giveBack(RecordRef ref) {
        offsets.untrack(ref.partition(), ref.offset());
    }

    /** @param ref the record the import finishes, or null when a call parked behind it finishes the record */
    void enqueue(Long addressBookId, Contact contact, RecordRef ref) {
        ImportBuffers.Added added = buffers.add(addressBookId, contact, ref);
        if (added.newEntry()) {
            order.holding(contact.email());
        }
        added.sealed().forEach(runner::submit);
    }

    /**
     * Runs the call once no import holds the email any more, then finishes the record (or reports it failed). A
     * call that fails for a reason to wait out (Dotdigital unreachable, throttling, account-wide errors) keeps its
     * email and is tried again after a backoff by {@link #retryDueCalls()}; later calls for the email wait for it.
     */
    void whenIdle(String email, RecordRef ref, Runnable call) {
        SingleCall single = new SingleCall(email, ref, call);
        order.whenIdle(email, () -> attempt(single));
    }

    private void attempt(SingleCall c) {
        try {
            c.call.run();
            singleCallOutage.recovered();
            finish(c.ref);
        } catch (RejectedRecordException e) {
            fail(c.ref, e);
        } catch (DotdigitalApiException e) {
            if (Outage.waitsOut(e)) {
                c.dueMillis = clock.millis() + singleCallOutage.failed(e);
                if (!c.holdsEmail) {
                    c.holdsEmail = true;
                    order.holding(c.email);
                }
                retries.add(c);
                return;
            }
            apiFailure(c.ref, e);
        }
        if (c.holdsEmail) {
            c.holdsEmail = false;
            order.released(c.email);
        }
    }

    /** Tries again the single calls whose backoff ended; fails the task once they failed for too long. */
    void retryDueCalls() {
        if (retries.isEmpty()) {
            return;
        }
        if (singleCallOutage.exceeded()) {
            failures.failTask(singleCallOutage.failure());
            return;
        }
        long now = clock.millis();
        List<SingleCall> due = new ArrayList<>();
        for (Iterator<SingleCall> it = retries.iterator(); it.hasNext(); ) {
            SingleCall c = it.next();
            if (c.dueMillis <= now) {
                due.add(c);
                it.remove();
            }
        }
        due.forEach(this::attempt);
    }

    int retryingCalls() {
        return retries.size();
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

    /** A call for one record failed for a reason of the record's own (not one to wait out). */
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

    long openBytes() {
        return offsets.openBytes();
    }

    Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> assigned) {
        return offsets.committable(assigned);
    }

    void forget(Collection<TopicPartition> partitions) {
        offsets.forget(partitions);
    }
}
