package io.dynamicsdotdigital.dotdigital.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.common.errors.FailedRecordHandler;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalApiException;
import io.dynamicsdotdigital.dotdigital.sink.bulk.RecordRef;
import io.dynamicsdotdigital.dotdigital.sink.support.WorkerSide;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class RecordFailuresTest {
    private final DotdigitalSinkMetrics metrics = new DotdigitalSinkMetrics(new io.dynamicsdotdigital.common.metrics.ConnectorMetrics(null, java.util.Map.of()));
    private final RecordRef ref = RecordRef.of(new SinkRecord("contacts", 1, null, "k", null, "v", 7));

    private RecordFailures failures(boolean toleranceAll, WorkerSide worker) {
        return new RecordFailures(new FailedRecordHandler(toleranceAll, worker::errantRecordReporter,
                metrics.connectorMetrics()), metrics);
    }

    @Test
    void theDeadLetterRecordCarriesTheCodeAndDescription() {
        WorkerSide worker = new WorkerSide(Map.of(), Set.of()).withDeadLetterQueue();
        assertTrue(failures(true, worker).fail(ref, "InvalidEmail", "'x' is not an email address", null));
        SinkRecord dlq = worker.deadLettered().get(0);
        assertEquals("InvalidEmail", dlq.headers().lastWithName(RecordFailures.HEADER_FAILURE_CODE).value());
        assertEquals("'x' is not an email address",
                dlq.headers().lastWithName(RecordFailures.HEADER_FAILURE_DESCRIPTION).value());
        assertEquals(7, dlq.kafkaOffset());
        assertEquals(1, metrics.recordsFailed.value());
    }

    @Test
    void toleranceNoneKeepsTheFirstFailureForTheEndOfPut() {
        RecordFailures f = failures(false, new WorkerSide(Map.of(), Set.of()));
        assertFalse(f.fail(ref, "InvalidEmail", "bad", null));
        assertFalse(f.fail(ref, "MissingEmail", "none", null));
        ConnectException e = assertThrows(ConnectException.class, f::throwIfFatal);
        assertTrue(e.getMessage().contains("topic contacts partition 1 offset 7")
                && e.getMessage().contains("InvalidEmail"), e.getMessage());
    }

    @Test
    void aRefusalOfTheRecordIsPerRecordButTransientTroubleFailsTheTask() {
        RecordFailures f = failures(true, new WorkerSide(Map.of(), Set.of()));
        assertTrue(f.apiFailure(ref, new DotdigitalApiException("bad data field", 400, "ERROR_DATAFIELD")));
        ConnectException e = assertThrows(ConnectException.class,
                () -> f.apiFailure(ref, new DotdigitalApiException("still 503", 503, "")));
        assertTrue(e.getMessage().contains("offset 7"), e.getMessage());
    }
}
