package io.dynamicsdotdigital.dotdigital.sink;

import io.dynamicsdotdigital.common.errors.FailedRecordHandler;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalApiException;
import io.dynamicsdotdigital.dotdigital.sink.bulk.RecordRef;
import io.dynamicsdotdigital.dotdigital.sink.record.RecordErrorKind;
import io.dynamicsdotdigital.dotdigital.sink.record.RejectedRecordException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The sink's failed records: the failure code and description go on the record as headers, then the shared
 * {@link FailedRecordHandler} dead-letters, skips or fails the task. A task failure is kept and thrown by
 * {@link #throwIfFatal()} at the end of put(), so the records already taken are accounted for first.
 */
final class RecordFailures {
    static final String HEADER_FAILURE_CODE = "dotdigital.failure.code";
    static final String HEADER_FAILURE_DESCRIPTION = "dotdigital.failure.description";

    private final FailedRecordHandler handler;
    private final DotdigitalSinkMetrics metrics;
    private ConnectException fatal;

    RecordFailures(FailedRecordHandler handler, DotdigitalSinkMetrics metrics) {
        this.handler = handler;
        this.metrics = metrics;
    }

    /** @return whether the record is done with (dead-lettered or skipped); false when the task is to fail */
    boolean fail(RecordRef ref, String code, String message, Throwable cause) {
        metrics.recordsFailed.increment();
        if (fatal != null) {
            return false;
        }
        try {
            handler.handle(withFailureHeaders(ref.record(), code, message),
                    new RejectedRecordException(code, "Dotdigital sink: " + code + ": " + message, cause));
            return true;
        } catch (ConnectException e) {
            fatal = e;
            return false;
        }
    }

    boolean fail(RecordRef ref, RejectedRecordException e) {
        return fail(ref, e.code(), e.getMessage(), e);
    }

    /**
     * A Dotdigital call for one record failed for a reason of its own (a 4xx other than 408/429 and not
     * account-wide). Callers wait out the other errors (see Outage); one that still arrives here fails the task
     * (uncommitted records are redelivered after the restart).
     */
    boolean apiFailure(RecordRef ref, DotdigitalApiException e) {
        int status = e.statusCode();
        if (status >= 400 && status < 500 && status != 408 && status != 429 && !e.isAccountWide()) {
            return fail(ref, e.errorCode().isEmpty() ? RecordErrorKind.API_ERROR.code() : e.errorCode(),
                    e.getMessage(), e);
        }
        throw new ConnectException("Dotdigital call for the record at " + ref.describe() + " failed: "
                + e.getMessage(), e);
    }

    /** The task is to fail with this (kept until put() can throw it); the first reason wins. */
    /** Waits until the dead-letter writes so far are done: offsets committed after this never pass one. */
    void awaitReported() {
        handler.awaitReported();
    }

    void failTask(ConnectException e) {
        if (fatal == null) {
            fatal = e;
        }
    }

    boolean hasFatal() {
        return fatal != null;
    }

    void throwIfFatal() {
        if (fatal != null) {
            throw fatal;
        }
    }

    /**
     * A copy of the record with the failure code and description as headers. A plain SinkRecord (not the worker's
     * internal one) so the dead-letter queue writes these headers.
     */
    static SinkRecord withFailureHeaders(SinkRecord r, String code, String message) {
        Headers headers = new ConnectHeaders();
        r.headers().forEach(headers::add);
        headers.addString(HEADER_FAILURE_CODE, code);
        headers.addString(HEADER_FAILURE_DESCRIPTION, message);
        return new SinkRecord(r.topic(), r.kafkaPartition(), r.keySchema(), r.key(), r.valueSchema(), r.value(),
                r.kafkaOffset(), r.timestamp() == null ? Long.valueOf(0L) : r.timestamp(), r.timestampType(), headers);
    }
}
