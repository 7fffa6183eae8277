package io.dynamicsdotdigital.dotdigital.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ListMemberRecordsTest {
    private static Map<String, Object> member(String list, String entity) {
        return Map.of("_listid_value", list, "_entityid_value", entity,
                "_listid_value@OData.Community.Display.V1.FormattedValue", "Newsletter");
    }

    @Test
    void aMemberWaitsForItsContactThenJoinsTheListsAddressBook() {
        try (TaskHarness h = new TaskHarness()) {
            h.set("listmember.topic", "members").set("topics", "contacts,members");
            h.start(false);
            h.put(h.record("members", "m1", member("l1", "c1")));
            assertEquals(-1, h.committed());
            h.put(h.contact("c1", "c1@x.com", "C"));
            h.awaitCommitted(2);
            // The member's own import (into the list's address book) may finish after the contact's.
            TaskHarness.await(() -> {
                h.put();
                return h.committed(new TopicPartition("members", 0)) == 1;
            }, "the member committed");
            long book = h.client.addressBooks().stream().filter(b -> b.name().equals("Newsletter")).findFirst()
                    .orElseThrow().id();
            assertEquals(Set.of("c1@x.com"), h.client.members(book));
        }
    }

    private static Map<String, Object> unnamedMember(String list, String entity, String email) {
        return Map.of("_listid_value", list, "_entityid_value", entity, "emailaddress1", email);
    }

    /**
     * Change-tracked members carry no list name and topics are consumed in no particular order: a member read before
     * its list's record must wait for the name, or its address book is named "Dynamics list <id>" for good.
     */
    @Test
    void aMemberReadBeforeItsListWaitsForTheListsNameForItsAddressBook() {
        try (TaskHarness h = new TaskHarness()) {
            h.set("listmember.topic", "members").set("list.topic", "lists").set("topics", "members,lists");
            h.start(false);
            h.put(h.record("members", "m1", unnamedMember("l1", "c1", "c1@x.com")));
            h.put();
            assertTrue(h.client.addressBooks().isEmpty(), "no address book before the list is named: "
                    + h.client.addressBooks());
            assertEquals(-1, h.committed(new TopicPartition("members", 0)));
            h.put(h.record("lists", "l1", Map.of("listid", "l1", "listname", "Spring offers")));
            TaskHarness.await(() -> {
                h.put();
                return h.committed(new TopicPartition("members", 0)) == 1;
            }, "the member committed");
            long book = h.client.addressBooks().stream().filter(b -> b.name().equals("Spring offers")).findFirst()
                    .orElseThrow().id();
            assertEquals(Set.of("c1@x.com"), h.client.members(book));
            assertTrue(h.client.addressBooks().stream().noneMatch(b -> b.name().startsWith("Dynamics list")));
        }
    }

    @Test
    void aMemberWhoseListIsNeverNamedJoinsTheFallbackAddressBookAfterTheWait() {
        try (TaskHarness h = new TaskHarness()) {
            h.set("listmember.topic", "members").set("list.topic", "lists")
                    .set("listmember.unresolved.wait.ms", "60000").start(false);
            h.put(h.record("members", "m1", unnamedMember("l9", "c9", "c9@x.com")));
            h.clock.advance(Duration.ofSeconds(59));
            h.put();
            assertTrue(h.client.addressBooks().isEmpty());
            h.clock.advance(Duration.ofSeconds(2));
            TaskHarness.await(() -> {
                h.put();
                return h.committed(new TopicPartition("members", 0)) == 1;
            }, "the member committed");
            long book = h.client.addressBooks().stream().filter(b -> b.name().equals("Dynamics list l9"))
                    .findFirst().orElseThrow().id();
            assertEquals(Set.of("c9@x.com"), h.client.members(book));
        }
    }

    @Test
    void aMemberWhoseContactNeverComesFailsAfterTheWait() {
        try (TaskHarness h = new TaskHarness()) {
            h.set("listmember.topic", "members").set("listmember.unresolved.wait.ms", "60000");
            h.start(true);
            h.put(h.record("members", "m1", member("l1", "nobody")));
            h.clock.advance(Duration.ofSeconds(59));
            h.put();
            assertTrue(h.worker.deadLettered().isEmpty());
            h.clock.advance(Duration.ofSeconds(2));
            h.put();
            assertEquals("UnknownContact", h.worker.deadLettered().get(0).headers()
                    .lastWithName(DotdigitalSinkTask.HEADER_FAILURE_CODE).value());
            assertEquals(1, h.committed(new TopicPartition("members", 0)));
        }
    }

    @Test
    void anAddressBookCreationWhoseAnswerWasLostIsLookedUpNotCreatedTwice() {
        try (TaskHarness h = new TaskHarness()) {
            h.set("listmember.topic", "members").start(true);
            h.client.loseNextCreationAnswer(new io.dynamicsdotdigital.dotdigital.client.DotdigitalApiException(
                    "Dotdigital call POST /v2/address-books failed: 504 (not repeated)", 504, ""));
            org.apache.kafka.connect.sink.SinkRecord m = h.record("members", "m1", Map.of("_listid_value", "l1",
                    "_entityid_value", "c1", "emailaddress1", "c1@x.com",
                    "_listid_value@OData.Community.Display.V1.FormattedValue", "Newsletter"));
            org.junit.jupiter.api.Assertions.assertThrows(org.apache.kafka.connect.errors.RetriableException.class,
                    () -> h.put(m));
            h.put(m);
            TaskHarness.await(() -> {
                h.put();
                return h.committed(new TopicPartition("members", 0)) == 1;
            }, "the member committed");
            assertEquals(1, h.client.count("createAddressBook"));
            assertEquals(1, h.client.addressBooks().stream().filter(b -> b.name().equals("Newsletter")).count());
            assertTrue(h.worker.deadLettered().isEmpty());
        }
    }
}
