package io.dynamicsdotdigital.dotdigital.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.common.errors.FailedRecordHandler;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

/** The put() pipeline on an in-memory account: routing, failure handling, commits. */
class DotdigitalSinkTaskTest {
    private static long metric(TaskHarness h, String name) {
        return h.task.metrics().connectorMetrics().value(name, Map.of()).orElse(-1L);
    }

    @Test
    void toleranceAllWithoutADeadLetterQueueSkipsTheRecordCountsItAndCommitsPastIt() {
        try (TaskHarness h = new TaskHarness()) {
            h.set("errors.tolerance", "all").start(false);
            h.put(h.contact("1", "not-an-email", "X"), h.contact("2", "ok@x.com", "O"));
            h.awaitCommitted(2);
            assertEquals(1, metric(h, FailedRecordHandler.RECORDS_SKIPPED));
            assertEquals(0, metric(h, FailedRecordHandler.DLQ_RECORDS));
            assertTrue(h.client.stored("ok@x.com").isPresent());
        }
    }

    @Test
    void toleranceNoneFailsPutNamingTheRecordAndCommitsNothingPastIt() {
        try (TaskHarness h = new TaskHarness()) {
            h.start(false);
            ConnectException e = assertThrows(ConnectException.class,
                    () -> h.put(h.contact("1", "not-an-email", "X")));
            assertTrue(e.getMessage().contains("topic contacts partition 0 offset 0")
                    && e.getMessage().contains("InvalidEmail"), e.getMessage());
            assertEquals(-1, h.committed());
        }
    }

    /**
     * An idle worker calls put() again only at its next offset commit (a minute by default), so a lone record would
     * wait that long for its batch to be sealed: the task must ask for an earlier call while work is unfinished, and
     * stop asking once all is done.
     */
    @Test
    void whileRecordsWaitTheTaskAsksTheWorkerToCallPutAgainWithinThePollInterval() {
        try (TaskHarness h = new TaskHarness()) {
            h.set("import.flush.interval.ms", "300").set("import.poll.interval.ms", "200").start(false);
            h.put(h.contact("c1", "lone@example.com", "Lone"));
            assertEquals(200, h.worker.takeTimeoutMs(), "put() must bound the worker's next poll while a batch waits");
            h.awaitCommitted(1);
            // The import's slot is freed just after its outcome is handed over: the next put() or one after it.
            TaskHarness.await(() -> {
                h.put();
                return h.worker.takeTimeoutMs() == -1;
            }, "put() to stop asking for an early call once nothing waits");
        }
    }

    @Test
    void recordsOfTheListTopicAreFinishedAtOnce() {
        try (TaskHarness h = new TaskHarness()) {
            h.set("list.topic", "contacts").start(false);
            h.put(h.record("contacts", "l1", Map.of("listid", "L1", "listname", "Newsletter")));
            assertEquals(1, h.committed());
        }
    }

    @Test
    void aJsonValueNestedBeyondJacksonsLimitGoesToTheDeadLetterQueueAsMalformedJson() {
        try (TaskHarness h = new TaskHarness()) {
            h.start(true);
            String deep = "{\"a\":".repeat(1500) + "1" + "}".repeat(1500);
            h.put(h.record("contacts", deep, deep), h.contact("2", "ok@x.com", "O"));
            h.awaitCommitted(2);
            assertEquals("MalformedJson", h.worker.deadLettered().get(0).headers()
                    .lastWithName(DotdigitalSinkTask.HEADER_FAILURE_CODE).value());
        }
    }
}
