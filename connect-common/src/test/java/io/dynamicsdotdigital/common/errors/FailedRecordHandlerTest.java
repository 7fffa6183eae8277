package io.dynamicsdotdigital.common.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class FailedRecordHandlerTest {
    private final ConnectorMetrics metrics = new ConnectorMetrics(null, Map.of());
    private final SinkRecord record = new SinkRecord("contacts", 2, null, "k", null, "v", 41);
    private final DataException reason = new DataException("InvalidEmail: 'nope' is not an email address");

    private long metric(String name) {
        return metrics.value(name, Map.of()).orElse(-1L);
    }

    @Test
    void toleranceNoneFailsTheTaskNamingTheRecordAndTheReason() {
        FailedRecordHandler handler = new FailedRecordHandler(Map.of(), () -> null, metrics);
        ConnectException e = assertThrows(ConnectException.class, () -> handler.handle(record, reason));
        assertTrue(e.getMessage().contains("topic contacts partition 2 offset 41"), e.getMessage());
        assertTrue(e.getMessage().contains("InvalidEmail") && e.getMessage().contains("errors.tolerance=none"),
                e.getMessage());
        assertSame(reason, e.getCause());
        assertEquals(0, metric(FailedRecordHandler.RECORDS_SKIPPED));
    }

    @Test
    void toleranceAllWithADeadLetterQueueReportsTheRecord() {
        List<SinkRecord> reported = new ArrayList<>();
        List<Throwable> reasons = new ArrayList<>();
        ErrantRecordReporter dlq = (r, t) -> {
            reported.add(r);
            reasons.add(t);
            return CompletableFuture.completedFuture(null);
        };
        FailedRecordHandler handler = new FailedRecordHandler(Map.of("errors.tolerance", " ALL "), () -> dlq,
                metrics);
        assertEquals(FailedRecordHandler.Handled.DEAD_LETTERED, handler.handle(record, reason));
        assertEquals(List.of(record), reported);
        assertEquals(List.of(reason), reasons);
        assertEquals(1, metric(FailedRecordHandler.DLQ_RECORDS));
        assertEquals(0, metric(FailedRecordHandler.RECORDS_SKIPPED));
    }

    @Test
    void toleranceAllWithoutADeadLetterQueueSkipsAndCounts() {
        FailedRecordHandler handler = new FailedRecordHandler(Map.of("errors.tolerance", "all"), () -> null, metrics);
        assertEquals(FailedRecordHandler.Handled.SKIPPED, handler.handle(record, reason));
        assertEquals(FailedRecordHandler.Handled.SKIPPED, handler.handle(record, reason));
        assertEquals(2, metric(FailedRecordHandler.RECORDS_SKIPPED));
        assertEquals(0, metric(FailedRecordHandler.DLQ_RECORDS));
    }

    @Test
    void aWorkerWithoutTheReporterApiCountsAsNoDeadLetterQueue() {
        FailedRecordHandler handler = new FailedRecordHandler(true, () -> {
            throw new NoSuchMethodError("errantRecordReporter");
        }, metrics);
        assertEquals(FailedRecordHandler.Handled.SKIPPED, handler.handle(record, reason));
    }

    @Test
    void toleranceIsReadFromTheTaskProperties() {
        assertTrue(FailedRecordHandler.toleratesAll(Map.of("errors.tolerance", "all")));
        assertFalse(FailedRecordHandler.toleratesAll(Map.of("errors.tolerance", "none")));
        assertFalse(FailedRecordHandler.toleratesAll(Map.of()));
        assertFalse(FailedRecordHandler.toleratesAll(null));
    }
}
