package io.dynamicsdotdigital.dynamics.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void failedRecordsGoToTheDeadLetterQueueWithTheirReasonAndAreAwaited() {
        List<Throwable> reasons = new ArrayList<>();
        CompletableFuture<Void> written = new CompletableFuture<>();
        ErrantRecordReporter dlq = (r, e) -> {
            reasons.add(e);
            return written;
        };
        FailedRecords failures = new FailedRecords(() -> dlq, metrics.counter("failed", "f"));
        failures.fail(record, new ConnectException(FailedRecords.where(record) + ": bad"));
        assertEquals("record t-3@42: bad", reasons.get(0).getMessage());
        written.complete(null);
        failures.awaitReported();
        assertEquals(1, metrics.total("failed"));
    }

    @Test
    void withoutADeadLetterQueueAFailedRecordFailsTheTask() {
        FailedRecords failures = new FailedRecords(() -> null, metrics.counter("failed", "f"));
        ConnectException e = assertThrows(ConnectException.class,
                () -> failures.fail(record, new ConnectException("record t-3@42: bad")));
        assertTrue(e.getMessage().contains("No dead-letter queue"), e.getMessage());
    }
}
