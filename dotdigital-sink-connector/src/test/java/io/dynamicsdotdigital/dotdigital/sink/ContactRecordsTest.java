package io.dynamicsdotdigital.dotdigital.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContactRecordsTest {
    @Test
    void aTombstoneRemovalWaitsForTheImportOfItsEmail() {
        try (TaskHarness h = new TaskHarness()) {
            h.client.addressBook(55, "Book");
            h.set("addressbook.id", "55");
            h.start(false);
            h.put(h.contact("1", "a@x.com", "A"), h.tombstone("1"));
            h.awaitCommitted(2);
            List<String> calls = h.client.calls();
            int imported = calls.indexOf(calls.stream().filter(c -> c.startsWith("importStatus")).reduce((x, y) -> y)
                    .orElseThrow());
            int removed = calls.indexOf(calls.stream().filter(c -> c.startsWith("removeContactFromAddressBook"))
                    .findFirst().orElseThrow());
            assertTrue(removed > imported, calls.toString());
            assertTrue(h.client.members(55).isEmpty());
        }
    }

    @Test
    void anUnsubscribeFlagBecomesTheStatusOfTheImportedContact() {
        try (TaskHarness h = new TaskHarness()) {
            h.start(false);
            h.put(h.record("contacts", "1", java.util.Map.of("emailaddress1", "u@x.com", "donotbulkemail", true)));
            h.awaitCommitted(1);
            assertEquals("Unsubscribed", h.client.stored("u@x.com").orElseThrow().status());
            assertEquals(0, h.client.count("unsubscribe"));
        }
    }

    @Test
    void aTombstoneWithNoAddressBookToRemoveFromIsIgnoredAndCounted() {
        try (TaskHarness h = new TaskHarness()) {
            h.start(false);
            h.put(h.tombstone("never-seen-since-the-start"));
            assertEquals(1, h.committed());
            assertEquals(1, h.task.metrics().tombstonesIgnored.value());
            assertEquals(0, h.client.count("contact"));
        }
    }

    @Test
    void aTombstoneForAnUnknownContactWithAnAddressBookStillFailsAsUnknownContact() {
        try (TaskHarness h = new TaskHarness()) {
            h.client.addressBook(55, "Book");
            h.set("addressbook.id", "55").start(true);
            h.put(h.tombstone("never-seen"));
            assertEquals("UnknownContact", h.worker.deadLettered().get(0).headers()
                    .lastWithName(DotdigitalSinkTask.HEADER_FAILURE_CODE).value());
        }
    }
}
