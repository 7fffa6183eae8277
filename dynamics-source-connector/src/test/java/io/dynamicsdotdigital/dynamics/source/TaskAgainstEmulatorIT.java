package io.dynamicsdotdigital.dynamics.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.emulator.common.Fault;
import io.dynamicsdotdigital.emulator.dataverse.AttributeDefinition;
import io.dynamicsdotdigital.emulator.dataverse.AttributeType;
import io.dynamicsdotdigital.emulator.dataverse.DataverseSeed;
import io.dynamicsdotdigital.emulator.dataverse.EmulatedTable;
import io.dynamicsdotdigital.emulator.dataverse.TableDefinition;
import io.dynamicsdotdigital.testsupport.DataverseEmulatorFixture;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The task against the Dataverse emulator, without Kafka: each case uses its own table or connector name so the
 * cases do not disturb each other.
 */
class TaskAgainstEmulatorIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    static DataverseEmulatorFixture fixture;

    @BeforeAll
    static void startEmulator() throws Exception {
        fixture = new DataverseEmulatorFixture(DataverseSeed.defaults().contacts(1200).leads(300).accounts(120)
                .marketingLists(2).campaigns(5).randomSeed(11));
    }

    @AfterAll
    static void stopEmulator() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static Map<String, String> props(String name, String tables) {
        Map<String, String> p = EmulatorSourceProps.of(fixture, name);
        p.put("tables", tables);
        return p;
    }

    private static String header(SourceRecord r, String name) {
        Header h = r.headers().lastWithName(name);
        return h == null ? null : String.valueOf(h.value());
    }

    private static Set<String> ids(List<SourceRecord> records, String idField) {
        return records.stream().filter(r -> r.value() != null)
                .map(r -> ((Struct) r.value()).getString(idField)).collect(Collectors.toSet());
    }

    @Test
    void watermarkLosesNoRowWhenFiveHundredRowsShareOneSecond() throws Exception {
        EmulatedTable campaigns = fixture.emulator.table("campaign");
        int seeded = campaigns.count();
        Map<String, String> p = props("wm", "campaign");
        p.put("page.size", "100");
        try (TaskHarness h = new TaskHarness().start(p, "campaign")) {
            h.pollUntil(r -> r.size() >= seeded, WAIT);
            List<String> created = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                created.add(campaigns.create(Map.of("name", "Bulk " + i)));
            }
            campaigns.bulkUpdateSameSecond(created, Map.of("codename", "SAME-SECOND"));
            h.pollUntil(r -> r.stream().filter(x -> "SAME-SECOND".equals(((Struct) x.value()).get("codename")))
                    .count() >= 500, WAIT);
            List<SourceRecord> bulk = h.records.stream()
                    .filter(x -> "SAME-SECOND".equals(((Struct) x.value()).get("codename"))).toList();
            assertEquals(500, bulk.size(), "each bulk-updated row exactly once");
            assertEquals(new HashSet<>(created), ids(bulk, "campaignid"));
            Set<Object> seconds = bulk.stream().map(x -> ((Struct) x.value()).get("modifiedon")).collect(Collectors.toSet());
            assertEquals(1, seconds.size(), "the rows really share one modifiedon second");
            assertEquals("watermark", h.stored.values().iterator().next().get("phase"));
            assertTrue(h.records.stream().allMatch(x -> "upsert".equals(header(x, RecordHeaders.OPERATION))));
        }
    }

    @Test
    void expiredDeltaTokenTriggersAMarkedResnapshotAndTheTaskCarriesOn() throws Exception {
        EmulatedTable leads = fixture.emulator.table("lead");
        int count = leads.count();
        try (TaskHarness h = new TaskHarness().start(props("expiry", "lead"), "lead")) {
            h.pollUntil(r -> r.size() >= count, WAIT);
            h.pollUntil(r -> "delta".equals(h.stored.values().iterator().next().get("phase")), WAIT);
            assertTrue(h.records.stream().noneMatch(x -> header(x, RecordHeaders.RESNAPSHOT) != null));
            fixture.emulator.expireDeltaTokens("lead");
            h.pollUntil(r -> r.stream().filter(x -> "true".equals(header(x, RecordHeaders.RESNAPSHOT))).count()
                    >= count, WAIT);
            assertEquals(1L, h.task.metrics().total("delta-token-resets-total"));
            List<SourceRecord> again = h.records.stream()
                    .filter(x -> "true".equals(header(x, RecordHeaders.RESNAPSHOT))).toList();
            assertEquals(new HashSet<>(leads.ids()), ids(again, "leadid"));
            // After the re-snapshot the table is back on change tracking.
            String id = leads.ids().get(0);
            leads.update(id, Map.of("subject", "after expiry"));
            h.pollUntil(r -> "after expiry".equals(((Struct) r.get(r.size() - 1).value()).get("subject")), WAIT);
            assertNull(header(h.records.get(h.records.size() - 1), RecordHeaders.RESNAPSHOT));
        }
    }

    @Test
    void restartResumesFromTheStoredPageAndRereadsOnlyTheInFlightPage() throws Exception {
        EmulatedTable accounts = fixture.emulator.table("account");
        int count = accounts.count();
        Map<String, String> p = props("restart", "account");
        p.put("page.size", "25");
        try (TaskHarness h = new TaskHarness().start(p, "account")) {
            h.pollUntil(r -> r.size() >= 50, WAIT);
            // The worker has acknowledged two pages. Of the third page only part reaches Kafka before a crash.
            List<SourceRecord> third = h.pollPage(WAIT);
            assertEquals(25, third.size());
            Map<String, Object> thirdFirstOffset = castOffset(third.get(0));
            h.stored.put(castPartition(third.get(0)), thirdFirstOffset);
            h.records.addAll(third.subList(0, 10));
            long callsBefore = fixture.emulator.requests().count("GET /api/data/v9.2/accounts");
            h.restart();
            h.pollUntil(r -> ids(r, "accountid").size() >= count, WAIT);
            int duplicates = h.records.size() - ids(h.records, "accountid").size();
            assertTrue(duplicates <= 25, "at most the in-flight page again, got " + duplicates);
            assertEquals(10, duplicates, "exactly the records of the in-flight page that had been delivered");
            long calls = fixture.emulator.requests().count("GET /api/data/v9.2/accounts") - callsBefore;
            assertEquals((long) Math.ceil((count - 50) / 25.0), calls, "no finished page is read again");
        }
    }

    @Test
    void aNewColumnAppearsWithoutRestart() throws Exception {
        EmulatedTable contacts = fixture.emulator.table("contact");
        int count = contacts.count();
        try (TaskHarness h = new TaskHarness().start(props("evolve", "contact"), "contact")) {
            h.pollUntil(r -> r.size() >= count, WAIT);
            h.pollUntil(r -> "delta".equals(h.stored.values().iterator().next().get("phase")), WAIT);
            assertNull(((Struct) h.records.get(0).value()).schema().field("esc_loyaltytier"));
            fixture.emulator.addAttribute("contact", "esc_loyaltytier", AttributeType.Integer);
            String id = contacts.ids().get(3);
            contacts.update(id, Map.of("esc_loyaltytier", 3));
            h.pollUntil(r -> r.size() > count, WAIT);
            Struct changed = (Struct) h.records.get(h.records.size() - 1).value();
            assertEquals(id, changed.get("contactid"));
            assertEquals(3, changed.get("esc_loyaltytier"));
            assertTrue(changed.schema().version() > ((Struct) h.records.get(0).value()).schema().version());
        }
    }

    @Test
    void listMembersAreKeyedByListAndMemberAndTheirDeletesToo() throws Exception {
        EmulatedTable members = fixture.emulator.table("listmember");
        int count = members.count();
        Map<String, String> p = props("members", "listmember");
        p.put("delete.events.enabled", "true");
        try (TaskHarness h = new TaskHarness().start(p, "listmember")) {
            h.pollUntil(r -> r.size() >= count, WAIT);
            h.pollUntil(r -> "delta".equals(h.stored.values().iterator().next().get("phase")), WAIT);
            String listId = fixture.emulator.table("list").ids().get(0);
            String contactId = fixture.emulator.table("contact").ids().get(7);
            fixture.emulator.addListMember(listId, "contact", contactId);
            h.pollUntil(r -> r.size() > count, WAIT);
            Struct key = (Struct) h.records.get(h.records.size() - 1).key();
            assertEquals(listId, key.get("_listid_value"));
            assertEquals(contactId, key.get("_entityid_value"));
            assertTrue(fixture.emulator.removeListMember(listId, contactId));
            h.pollUntil(r -> r.size() >= count + 3, WAIT);
            SourceRecord event = h.records.get(count + 1);
            SourceRecord tombstone = h.records.get(count + 2);
            assertEquals("delete", header(event, RecordHeaders.OPERATION));
            assertNotNull(event.value(), "the delete event comes first");
            assertNull(tombstone.value(), "then the tombstone");
            assertEquals(key, tombstone.key());
        }
    }

    @Test
    void listMemberDeletesAfterARestartAreKeyedThroughAKeyScan() throws Exception {
        EmulatedTable members = fixture.emulator.table("listmember");
        String listId = fixture.emulator.table("list").ids().get(1);
        String stays = fixture.emulator.table("contact").ids().get(20);
        String leavesWhileRunning = fixture.emulator.table("contact").ids().get(21);
        String leavesWhileDown = fixture.emulator.table("contact").ids().get(22);
        for (String contact : List.of(stays, leavesWhileRunning, leavesWhileDown)) {
            fixture.emulator.addListMember(listId, "contact", contact);
        }
        int count = members.count();
        Map<String, String> p = props("members-restart", "listmember");
        try (TaskHarness h = new TaskHarness().start(p, "listmember")) {
            h.pollUntil(r -> r.size() >= count, WAIT);
            h.pollUntil(r -> "delta".equals(h.stored.values().iterator().next().get("phase")), WAIT);

            h.restart();
            h.pollUntil(r -> h.task.metrics().total("key-scan-pages-total") >= 1, WAIT);
            assertTrue(fixture.emulator.removeListMember(listId, leavesWhileRunning));
            h.pollUntil(r -> r.size() > count, WAIT);
            SourceRecord tombstone = h.records.get(count);
            assertNull(tombstone.value());
            assertEquals(listId, ((Struct) tombstone.key()).get("_listid_value"));
            assertEquals(leavesWhileRunning, ((Struct) tombstone.key()).get("_entityid_value"),
                    "the key scan after the restart knew the member's key");
            assertEquals(0, h.task.metrics().total("unkeyed-deletes-total"));

            // Deleted while no task ran: neither read since the start nor there for the key scan to find.
            h.task.stop();
            assertTrue(fixture.emulator.removeListMember(listId, leavesWhileDown));
            h.restart();
            h.pollUntil(r -> h.task.metrics().total("unkeyed-deletes-total") == 1, WAIT);
            assertEquals(count + 1, h.records.size(), "no tombstone can be keyed for it");
        }
    }

    @Test
    void watermarkDeleteScanTurnsVanishedRowsIntoTombstones() throws Exception {
        EmulatedTable things = fixture.emulator.defineTable(TableDefinition.custom("esc_thing", "esc_things",
                "esc_thingid", false, AttributeDefinition.of("esc_name", AttributeType.String)));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add(things.create(Map.of("esc_name", "thing " + i)));
        }
        Map<String, String> p = props("scan", "esc_thing");
        p.put("watermark.delete.scan.interval.ms", "500");
        p.put("page.size", "7");
        try (TaskHarness h = new TaskHarness().start(p, "esc_thing")) {
            h.pollUntil(r -> r.size() >= 30 && h.task.metrics().total("key-scan-pages-total") >= 5, WAIT);
            assertEquals(30, h.records.size(), "the first scan only sets the baseline");
            Set<String> deleted = Set.of(ids.get(0), ids.get(13), ids.get(29));
            deleted.forEach(things::delete);
            String created = things.create(Map.of("esc_name", "created after the baseline"));
            h.pollUntil(r -> r.stream().filter(x -> x.value() == null).count() >= 3
                    && ids(r, "esc_thingid").contains(created), WAIT);
            long pagesAfterDeletes = h.task.metrics().total("key-scan-pages-total");
            // Two more full scans: nothing else may look deleted.
            h.pollUntil(r -> h.task.metrics().total("key-scan-pages-total") >= pagesAfterDeletes + 10, WAIT);
            List<SourceRecord> tombstones = h.records.stream().filter(x -> x.value() == null).toList();
            assertEquals(deleted, tombstones.stream().map(x -> ((Struct) x.key()).getString("esc_thingid"))
                    .collect(Collectors.toSet()));
            assertEquals(3, tombstones.size());
            assertTrue(tombstones.stream().allMatch(x -> "delete".equals(header(x, RecordHeaders.OPERATION))));
            assertEquals("watermark", tombstones.get(0).sourceOffset().get("phase"),
                    "a tombstone keeps the table's position");
            assertEquals(3, h.task.metrics().total("deletes-read-total"));
        }
    }

    @Test
    void aServiceWithoutTheFullerMetadataSelectOrPrecisionCastsIsStillRead() throws Exception {
        EmulatedTable scores = fixture.emulator.defineTable(TableDefinition.custom("esc_score", "esc_scores",
                "esc_scoreid", true, AttributeDefinition.withPrecision("esc_value", AttributeType.Decimal, 3)));
        String id = scores.create(Map.of("esc_value", new BigDecimal("1.250")));
        fixture.emulator.faults().add(Fault.status(400, Map.of("Content-Type", "application/json"),
                "{\"error\":{\"code\":\"0x0\",\"message\":\"Could not find a property named 'AttributeOf'.\"}}")
                .onPath(".*EntityDefinitions\\(LogicalName='esc_score'\\)$"), 1);
        fixture.emulator.faults().add(Fault.status(501).onPath(".*esc_score.*DecimalAttributeMetadata.*"), 1);
        Map<String, String> p = props("basic-metadata", "esc_score");
        try (TaskHarness h = new TaskHarness().start(p, "esc_score")) {
            h.pollUntil(r -> !r.isEmpty(), WAIT);
            assertEquals(0, fixture.emulator.faults().pending(), "both refusals were met");
            Struct value = (Struct) h.records.get(0).value();
            assertEquals(id, value.get("esc_scoreid"));
            assertEquals(new BigDecimal("1.25"), value.get("esc_value"), "scale "
                    + io.dynamicsdotdigital.dataverse.client.EntityMetadata.DEFAULT_DECIMAL_SCALE
                    + " without a precision from the service");
        }
    }

    @Test
    void throttlingAndExpiredTokensLoseNothing() throws Exception {
        EmulatedTable contacts = fixture.emulator.table("contact");
        int count = contacts.count();
        Map<String, String> p = props("storm", "contact");
        p.put("page.size", "100");
        p.put("table.contact.columns", "fullname,emailaddress1");
        try (TaskHarness h = new TaskHarness().start(p, "contact")) {
            h.pollUntil(r -> r.size() >= 200, WAIT);
            fixture.emulator.faults().add(Fault.tooManyRequests(1).onPath(".*/contacts.*"), 4);
            fixture.emulator.expireAllAccessTokens();
            h.pollUntil(r -> ids(r, "contactid").size() >= count, WAIT);
            assertEquals(count, h.records.size(), "no row twice, none lost");
            assertEquals(0, fixture.emulator.faults().pending(), "the throttling really happened");
            assertTrue(h.task.metrics().total("api-throttled-total") >= 4);
        }
    }

    @Test
    void customTableFromATimestampReadsOnlyLaterRows() throws Exception {
        EmulatedTable events = fixture.emulator.defineTable(TableDefinition.custom("esc_event", "esc_events",
                "esc_eventid", false, AttributeDefinition.of("esc_name", AttributeType.String),
                AttributeDefinition.withPrecision("esc_amount", AttributeType.Decimal, 3)));
        events.create(Map.of("esc_name", "old", "modifiedon", Instant.parse("2020-01-01T00:00:00Z"),
                "createdon", Instant.parse("2020-01-01T00:00:00Z")));
        Map<String, String> p = props("custom", "esc_event");
        p.put("start.from", "timestamp");
        p.put("start.timestamp", "2024-01-01T00:00:00Z");
        p.put("table.esc_event.topic", "events");
        String fresh = events.create(Map.of("esc_name", "new", "esc_amount", new BigDecimal("12.345")));
        try (TaskHarness h = new TaskHarness().start(p, "esc_event")) {
            h.pollUntil(r -> !r.isEmpty(), WAIT);
            Thread.sleep(1500);
            h.task.poll();
            assertEquals(1, h.records.size(), "the row from 2020 is before the start timestamp");
            SourceRecord r = h.records.get(0);
            assertEquals("events", r.topic());
            assertEquals(fresh, ((Struct) r.key()).get("esc_eventid"));
            assertEquals(new BigDecimal("12.345"), ((Struct) r.value()).get("esc_amount"));
        }
    }

    private static Map<String, Object> castOffset(SourceRecord r) {
        @SuppressWarnings("unchecked")
        Map<String, Object> o = (Map<String, Object>) r.sourceOffset();
        return new HashMap<>(o);
    }

    private static Map<String, Object> castPartition(SourceRecord r) {
        @SuppressWarnings("unchecked")
        Map<String, Object> o = (Map<String, Object>) r.sourcePartition();
        return o;
    }
}
