package io.dynamicsdotdigital.dynamics.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.emulator.common.Fault;
import io.dynamicsdotdigital.emulator.dataverse.DataverseSeed;
import io.dynamicsdotdigital.emulator.dataverse.EmulatedTable;
import io.dynamicsdotdigital.testsupport.DataverseEmulatorFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Dynamic lists in a real task against the emulator, with offsets stored the way the worker stores them: an
 * evaluation that fails half way emits nothing, and a crash after only part of an evaluation's records were
 * delivered (at-least-once workers) loses no removal and no addition.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DynamicListsTaskIT {
    static final int MEMBERS = 12_000;
    static DataverseEmulatorFixture fixture;
    static List<String> members = new ArrayList<>();
    static String listId;

    @BeforeAll
    static void start() {
        fixture = new DataverseEmulatorFixture(DataverseSeed.empty());
        EmulatedTable contacts = fixture.emulator.table("contact");
        for (int i = 0; i < MEMBERS; i++) {
            members.add(contacts.create(Map.of("fullname", "C" + i, "jobtitle", "Buyer")));
        }
        listId = fixture.emulator.table("list").create(Map.of("listname", "Buyers", "type", true,
                "createdfromcode", 2, "query", "<fetch><entity name=\"contact\"><attribute name=\"contactid\"/>"
                        + "<filter><condition attribute=\"jobtitle\" operator=\"eq\" value=\"Buyer\"/></filter>"
                        + "</entity></fetch>"));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static Map<String, String> props(String name) {
        Map<String, String> p = EmulatorSourceProps.of(fixture, name);
        p.put("tables", "listmember");
        p.put("dynamic.lists.interval.ms", "200");
        return p;
    }

    /** Upserts add, tombstones remove, in order. */
    static Set<String> fold(List<SourceRecord> records) {
        Map<String, Boolean> state = new LinkedHashMap<>();
        for (SourceRecord r : records) {
            Struct key = (Struct) r.key();
            assertEquals(listId, key.getString("_listid_value"));
            state.put(key.getString("_entityid_value"), r.value() != null);
        }
        Set<String> present = new HashSet<>();
        state.forEach((id, in) -> {
            if (in) {
                present.add(id);
            }
        });
        return present;
    }

    static List<SourceRecord> memberBatch(TaskHarness h) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<SourceRecord> batch = h.task.poll();
            if (batch != null && !batch.isEmpty() && listId.equals(batch.get(0).sourcePartition().get("dynamiclist"))) {
                return batch;
            }
        }
        throw new AssertionError("no membership records within 30 s");
    }

    @Test
    @Order(1)
    void aHalfFailedEvaluationEmitsNothingAndAPartlyDeliveredOneIsRepairedAfterARestart() throws Exception {
        // The first contacts page answers, the second fails: that evaluation must emit nothing.
        fixture.emulator.faults().add(Fault.delay(Duration.ZERO).onPath(".*/contacts"), 1);
        fixture.emulator.faults().add(Fault.status(400).onPath(".*/contacts"), 1);
        try (TaskHarness h = new TaskHarness().start(props("half"), "listmember")) {
            List<SourceRecord> first = memberBatch(h);
            assertEquals(0, fixture.emulator.faults().pending(), "the failing evaluation ran first");
            assertEquals(MEMBERS, first.size(), "the next, complete evaluation emits every member once");
            assertEquals(new HashSet<>(members), fold(first));
            h.records.addAll(first);
            first.forEach(r -> h.stored.put(cast(r.sourcePartition()), cast(r.sourceOffset())));

            // 30 leave, 30 join (new contacts); the worker delivers only the first 10 records, then the task dies.
            EmulatedTable contacts = fixture.emulator.table("contact");
            Set<String> expected = new HashSet<>(members);
            for (int i = 0; i < 30; i++) {
                contacts.update(members.get(i), Map.of("jobtitle", "Former"));
                expected.remove(members.get(i));
                expected.add(contacts.create(Map.of("fullname", "New " + i, "jobtitle", "Buyer")));
            }
            List<SourceRecord> changes = memberBatch(h);
            assertEquals(60, changes.size());
            for (SourceRecord r : changes.subList(0, 10)) {
                h.records.add(r);
                h.stored.put(cast(r.sourcePartition()), cast(r.sourceOffset()));
            }
            h.restart();
            List<SourceRecord> repaired = memberBatch(h);
            h.records.addAll(repaired);
            assertEquals(expected, fold(h.records), "no lost removal, no lost addition");
            assertTrue(repaired.size() <= 60, "only the undelivered changes again, not every member: "
                    + repaired.size());

            // Delivered in full: after another restart nothing is re-sent.
            repaired.forEach(r -> h.stored.put(cast(r.sourcePartition()), cast(r.sourceOffset())));
            h.restart();
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < until) {
                List<SourceRecord> batch = h.task.poll();
                assertTrue(batch == null || batch.isEmpty(), "nothing changed, nothing re-sent");
            }
        }
    }

    @Test
    @Order(2)
    void aListThatBecomesStaticKeepsItsStaticMembersAndLosesOnlyTheOthers() throws Exception {
        EmulatedTable contacts = fixture.emulator.table("contact");
        List<String> painters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            painters.add(contacts.create(Map.of("fullname", "Painter " + i, "jobtitle", "Painter")));
        }
        EmulatedTable lists = fixture.emulator.table("list");
        String painterList = lists.create(Map.of("listname", "Painters", "type", true, "createdfromcode", 2,
                "query", "<fetch><entity name=\"contact\"><filter><condition attribute=\"jobtitle\" operator=\"eq\""
                        + " value=\"Painter\"/></filter></entity></fetch>"));
        try (TaskHarness h = new TaskHarness().start(props("static"), "listmember")) {
            h.pollUntil(r -> membersOf(painterList, r).equals(new HashSet<>(painters)), Duration.ofSeconds(60));
            lists.update(painterList, Map.of("type", false));
            EmulatedTable listMembers = fixture.emulator.table("listmember");
            for (String kept : painters.subList(0, 2)) {
                listMembers.create(Map.of("listid", painterList, "entityid", kept, "entitytype", "contact"));
            }
            h.pollUntil(r -> membersOf(painterList, r).equals(new HashSet<>(painters.subList(0, 2))),
                    Duration.ofSeconds(60));
            Thread.sleep(1000);
            h.pollUntil(r -> true, Duration.ofSeconds(1));
            assertEquals(new HashSet<>(painters.subList(0, 2)), membersOf(painterList, h.records),
                    "the static members stay");
        }
    }

    /** The members of one list after folding upserts and tombstones, static listmember rows included. */
    static Set<String> membersOf(String list, List<SourceRecord> records) {
        Map<String, Boolean> state = new LinkedHashMap<>();
        for (SourceRecord r : records) {
            Struct key = (Struct) r.key();
            if (list.equals(key.getString("_listid_value"))) {
                state.put(key.getString("_entityid_value"), r.value() != null);
            }
        }
        Set<String> present = new HashSet<>();
        state.forEach((id, in) -> {
            if (in) {
                present.add(id);
            }
        });
        return present;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Map<String, ?> m) {
        return (Map<String, Object>) m;
    }
}
