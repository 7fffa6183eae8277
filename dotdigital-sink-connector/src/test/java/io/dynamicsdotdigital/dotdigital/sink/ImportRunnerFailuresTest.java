package io.dynamicsdotdigital.dotdigital.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.dotdigital.client.DotdigitalApiException;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

/** Issue 13 item 10: an import whose status cannot be read, or a dead runner thread, surfaces. */
class ImportRunnerFailuresTest {
    @Test
    void anImportDotdigitalDoesNotKnowIsStartedAgainAsANewImport() {
        try (TaskHarness h = new TaskHarness()) {
            h.start(true);
            h.client.failNext("importStatus", new DotdigitalApiException("Dotdigital GET"
                    + " /contacts/v3/import/{importId} failed: 404 contacts:importNotFound", 404,
                    "contacts:importNotFound"));
            h.put(h.contact("1", "a@x.com", "A"));
            h.awaitCommitted(1);
            assertEquals(2, h.client.count("startImport"), "started again after the 404");
            assertTrue(h.client.stored("a@x.com").isPresent());
            assertTrue(h.worker.deadLettered().isEmpty());
        }
    }

    @Test
    void anImportWhoseStatusKeepsFailingIsGivenUpAfterItsAttempts() {
        try (TaskHarness h = new TaskHarness()) {
            h.set("import.max.attempts", "2").start(true);
            h.client.failWhile("importStatus", () -> new DotdigitalApiException("Dotdigital GET"
                    + " /contacts/v3/import/{importId} failed: 404", 404, ""));
            h.put(h.contact("1", "a@x.com", "A"));
            h.awaitCommitted(1);
            assertEquals("ImportFailed", h.worker.deadLettered().get(0).headers()
                    .lastWithName(DotdigitalSinkTask.HEADER_FAILURE_CODE).value());
            assertEquals(2, h.client.count("startImport"));
        }
    }

    @Test
    void anErrorOnTheImportRunnerThreadFailsTheTaskWithItsCause() {
        try (TaskHarness h = new TaskHarness()) {
            h.start(true);
            h.client.failNext("startImport", new OutOfMemoryError("Java heap space (building the import body)"));
            h.put(h.contact("1", "a@x.com", "A"));
            TaskHarness.await(() -> {
                try {
                    h.put();
                    return false;
                } catch (ConnectException e) {
                    return e.getCause() instanceof OutOfMemoryError && e.getMessage().contains("Java heap space");
                }
            }, "the task fails with the runner's Error");
            assertEquals(-1, h.committed());
        }
    }
}
