package io.dynamicsdotdigital.dynamics.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.common.errors.FailedRecordHandler;
import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class FailedRecordsTest {
    final ConnectorMetrics metrics = new ConnectorMetrics(null, Map.of());
    final SinkRecord record = new SinkRecord("t", 3, null, null, null, "v", 42);

    @Test
    void failedRecordsGoToTheDeadLetterQueueWithTheirReasonAndAreAwaited() throws InterruptedException {
        List<Throwable> reasons = new ArrayList<>();
        CompletableFuture<Void> written = new CompletableFuture<>();
        ErrantRecordReporter dlq = (r, e) -> {
            reasons.add(e);
            return written;
        };
        FailedRecords failures = new FailedRecords(new FailedRecordHandler(true, () -> dlq, metrics),
                metrics.counter("failed", "f"));
        failures.fail(record, new ConnectException(FailedRecords.where(record) + ": bad"));
        assertEquals("record t-3@42: bad", reasons.get(0).getMessage());
        CompletableFuture<Void> waited = CompletableFuture.runAsync(failures::awaitReported);
        Thread.sleep(200);
        assertFalse(waited.isDone(), "the put must not end before the dead-letter write is done");
        written.complete(null);
        waited.join();
        assertEquals(1, metrics.total("failed"));
        assertEquals(1, metrics.total(FailedRecordHandler.DLQ_RECORDS));
    }

    @Test
    void withToleranceNoneAFailedRecordFailsTheTaskNamingIt() {
        FailedRecords failures = new FailedRecords(new FailedRecordHandler(false, () -> null, metrics),
                metrics.counter("failed", "f"));
        ConnectException e = assertThrows(ConnectException.class,
                () -> failures.fail(record, new ConnectException("bad")));
        assertTrue(e.getMessage().contains("topic t partition 3 offset 42"), e.getMessage());
    }

    @Test
    void withToleranceAllAndNoDeadLetterQueueAFailedRecordIsSkippedAndCounted() {
        FailedRecords failures = new FailedRecords(new FailedRecordHandler(true, () -> null, metrics),
                metrics.counter("failed", "f"));
        failures.fail(record, new ConnectException("bad"));
        failures.awaitReported();
        assertEquals(1, metrics.total(FailedRecordHandler.RECORDS_SKIPPED));
    }
}
