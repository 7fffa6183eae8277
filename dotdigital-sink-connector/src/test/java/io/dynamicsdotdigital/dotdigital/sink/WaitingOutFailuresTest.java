package io.dynamicsdotdigital.dotdigital.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.dotdigital.client.DotdigitalApiException;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 items 1 and 4: calls that fail for reasons no record is to blame for (Dotdigital unreachable or failing
 * beyond the client's retries, 401/403, a deleted address book) are waited out and retried, never dead-lettered,
 * and fail the task only after outage.max.duration.ms.
 */
class WaitingOutFailuresTest {
    private static DotdigitalApiException unavailable() {
        return new DotdigitalApiException("Dotdigital call DELETE /v2/address-books/55/contacts/1000 still answered"
                + " 503 after 8 attempts", 503, "");
    }

    private static DotdigitalApiException unauthorized() {
        return new DotdigitalApiException("Dotdigital GET /v2/address-books failed: 401 Authorization has been denied"
                + " for this request.", 401, "");
    }

    @Test
    void aParkedRemovalThatFailsTransientlyIsRetriedLaterWhileOffsetsKeepMovingForFinishedWork() {
        try (TaskHarness h = new TaskHarness()) {
            h.client.addressBook(55, "Book");
            h.set("addressbook.id", "55").start(true);
            h.client.failNext("removeContactFromAddressBook", unavailable());
            h.put(h.contact("1", "a@x.com", "A"), h.tombstone("1"), h.contact("2", "b@x.com", "B"));
            TaskHarness.await(() -> {
                h.put();
                return h.client.count("removeContactFromAddressBook") == 1 && h.committed() == 1;
            }, "the removal tried once and the import before it committed");
            assertTrue(h.client.stored("b@x.com").isPresent());
            assertEquals(1, h.committed(), "the removal's record holds the offset, the import before it does not");
            assertTrue(h.worker.deadLettered().isEmpty(), "nothing is dead-lettered for a 503");
            h.clock.advance(Duration.ofMinutes(1));
            h.awaitCommitted(3);
            assertEquals(2, h.client.count("removeContactFromAddressBook"));
            assertFalse(h.client.members(55).contains("a@x.com"));
            assertEquals(1, h.task.metrics().callsDeferred.value());
        }
    }

    @Test
    void aCallAfterARetryingRemovalOfTheSameEmailWaitsForIt() {
        try (TaskHarness h = new TaskHarness()) {
            h.client.addressBook(55, "Book");
            h.set("addressbook.id", "55").set("tombstone.action", "remove_from_addressbook").start(false);
            h.client.failNext("removeContactFromAddressBook", unavailable());
            h.put(h.contact("1", "a@x.com", "A"), h.tombstone("1"));
            TaskHarness.await(() -> {
                h.put();
                return h.client.count("removeContactFromAddressBook") == 1;
            }, "the first removal failed");
            h.put(h.tombstone("1"));
            h.put();
            assertEquals(1, h.client.count("removeContactFromAddressBook"), "the second removal waits");
            h.clock.advance(Duration.ofMinutes(1));
            h.awaitCommitted(3);
            assertEquals(3, h.client.count("removeContactFromAddressBook"));
        }
    }

    @Test
    void anAccountWideErrorPausesRoutingWithRetriableExceptionAndNeverDeadLetters() {
        try (TaskHarness h = new TaskHarness()) {
            h.set("listmember.topic", "contacts").start(true);
            h.client.failWhile("addressBooks", WaitingOutFailuresTest::unauthorized);
            SinkRecord member = h.record("contacts", "m1", Map.of("_listid_value", "L1", "_entityid_value", "c1",
                    "emailaddress1", "m@x.com"));
            RetriableException e = assertThrows(RetriableException.class, () -> h.put(member));
            assertTrue(e.getMessage().contains("401"), e.getMessage());
            assertTrue(h.worker.lastTimeoutMs() >= 1000, "the worker is asked to wait: " + h.worker.lastTimeoutMs());
            assertTrue(h.worker.deadLettered().isEmpty());
            assertEquals(-1, h.committed());
            h.client.stopFailing("addressBooks");
            h.put(member);
            h.awaitCommitted(1);
            assertTrue(h.worker.deadLettered().isEmpty());
            assertEquals(1, h.task.metrics().callsDeferred.value());
        }
    }

    @Test
    void anAccountWideErrorLastingLongerThanTheBoundFailsTheTaskNamingIt() {
        try (TaskHarness h = new TaskHarness()) {
            h.set("listmember.topic", "contacts").set("outage.max.duration.ms", "60000").start(true);
            h.client.failWhile("addressBooks", WaitingOutFailuresTest::unauthorized);
            SinkRecord member = h.record("contacts", "m1", Map.of("_listid_value", "L1", "_entityid_value", "c1",
                    "emailaddress1", "m@x.com"));
            assertThrows(RetriableException.class, () -> h.put(member));
            h.clock.advance(Duration.ofSeconds(61));
            ConnectException e = assertThrows(ConnectException.class, () -> h.put(member));
            assertFalse(e instanceof RetriableException);
            assertTrue(e.getMessage().contains("401") && e.getMessage().contains("outage.max.duration.ms")
                    && e.getMessage().contains("dotdigital.api.password"), e.getMessage());
            assertTrue(h.worker.deadLettered().isEmpty());
        }
    }

    @Test
    void importsRefusedWith401WaitWithoutUsingTheirAttemptsAndAreNotDeadLettered() {
        try (TaskHarness h = new TaskHarness()) {
            h.set("import.max.attempts", "1").start(true);
            h.client.failWhile("startImport", () -> new DotdigitalApiException("Dotdigital PUT /contacts/v3/import"
                    + " failed: 401 Authorization has been denied for this request.", 401, ""));
            h.put(h.contact("1", "a@x.com", "A"));
            TaskHarness.await(() -> h.client.count("startImport") >= 1, "an import start refused");
            h.put();
            assertTrue(h.worker.deadLettered().isEmpty(), "a 401 is not the records' fault");
            assertEquals(-1, h.committed());
            h.client.stopFailing("startImport");
            h.awaitCommitted(1);
            assertTrue(h.client.stored("a@x.com").isPresent());
            assertTrue(h.worker.deadLettered().isEmpty());
        }
    }

    @Test
    void importsRefusedForLongerThanTheBoundFailTheTask() {
        try (TaskHarness h = new TaskHarness()) {
            h.set("outage.max.duration.ms", "60000").start(true);
            h.client.failWhile("startImport", () -> new DotdigitalApiException("Dotdigital PUT /contacts/v3/import"
                    + " failed: 403 Forbidden", 403, ""));
            h.put(h.contact("1", "a@x.com", "A"));
            TaskHarness.await(() -> h.client.count("startImport") >= 1, "an import start refused");
            h.clock.advance(Duration.ofSeconds(61));
            TaskHarness.await(() -> {
                try {
                    h.put();
                    return false;
                } catch (ConnectException e) {
                    return e.getMessage().contains("403") && e.getMessage().contains("imports");
                }
            }, "the task fails naming the 403");
            assertTrue(h.worker.deadLettered().isEmpty());
        }
    }

    @Test
    void aMissingConfiguredAddressBookPausesContactsInsteadOfDeadLetteringThem() {
        try (TaskHarness h = new TaskHarness()) {
            h.set("addressbook.id", "77").start(true);
            SinkRecord contact = h.contact("1", "a@x.com", "A");
            RetriableException e = assertThrows(RetriableException.class, () -> h.put(contact));
            assertTrue(e.getMessage().contains("address book 77"), e.getMessage());
            assertTrue(h.worker.deadLettered().isEmpty());
            h.client.addressBook(77, "Restored");
            h.put(contact);
            h.awaitCommitted(1);
            assertEquals(java.util.Set.of("a@x.com"), h.client.members(77));
            assertTrue(h.worker.deadLettered().isEmpty());
        }
    }
}
