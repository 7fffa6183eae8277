package io.dynamicsdotdigital.dynamics.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.emulator.dataverse.EmulatedTable;
import io.dynamicsdotdigital.testsupport.DataverseEmulatorFixture;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * newer.wins.* against the Dataverse emulator: Dotdigital preference opt-ins (the preference-opt-ins stream's shape,
 * with the opt-in's dateModified) and preference-tree nodes are written only when newer than the row; older ones are
 * skipped and counted, equal ones write nothing, and the clock-skew tolerance keeps the row's side within it.
 */
class NewerWinsTaskTest {
    static DataverseEmulatorFixture fixture;
    static EmulatedTable subscriptions;
    static EmulatedTable preferences;

    @BeforeAll
    static void start() {
        fixture = SharedWriteBackEmulator.get();
        subscriptions = fixture.emulator.table("esc_marketingpreferencesubscription");
        preferences = fixture.emulator.table("esc_marketingpreference");
    }

    /** The preset marketing-preference-subscription.json's mapping, comparing with the row's own Dotdigital time. */
    static Map<String, String> subscriptionProps() {
        Map<String, String> p = EmulatorSinkProps.of(fixture, "newer-wins");
        p.put("dynamics.entity.set", "esc_marketingpreferencesubscriptions");
        p.put("key.columns", "esc_dotdigitalpreferenceid,esc_dotdigitalcontactid");
        p.put("field.mapping", "preferenceId:esc_dotdigitalpreferenceid,contactId:esc_dotdigitalcontactid,"
                + "email:esc_email,optIns:esc_optins,dateModified:esc_dotdigitalmodifiedon");
        p.put("link.entities", "contact,lead");
        p.put("newer.wins.field", "dateModified");
        p.put("newer.wins.column", "esc_dotdigitalmodifiedon");
        p.put("errors.tolerance", "all");
        p.put("errors.deadletterqueue.topic.name", "dlq");
        return p;
    }

    static SinkRecord optIns(long offset, long preferenceId, boolean optedIn, String dateModified) {
        Map<String, Object> optIn = new HashMap<>();
        optIn.put("marketingPreferenceId", preferenceId);
        optIn.put("addressBookId", 7L);
        optIn.put("isOptedIn", optedIn);
        optIn.put("dateModified", dateModified);
        Map<String, Object> v = new HashMap<>();
        v.put("preferenceId", preferenceId);
        v.put("contactId", 501L);
        v.put("email", "prefs@newer.test");
        v.put("optIns", List.of(optIn));
        v.put("dateModified", dateModified);
        return new SinkRecord("dotdigital.preference-opt-ins", 0, null, null, null, v, offset);
    }

    static Map<String, Object> row(EmulatedTable table, String keyColumn, long key, String otherColumn, Long other) {
        for (String id : table.ids()) {
            Map<String, Object> r = table.get(id);
            if (Long.valueOf(key).equals(r.get(keyColumn)) && (other == null || other.equals(r.get(otherColumn)))) {
                return r;
            }
        }
        return null;
    }

    static Map<String, Object> subscription(long preferenceId) {
        return row(subscriptions, "esc_dotdigitalpreferenceid", preferenceId, "esc_dotdigitalcontactid", 501L);
    }

    @Test
    void anOptInIsWrittenOnlyWhenNewerThanTheRowAndAnEqualOneWritesNothing() {
        String contact = fixture.emulator.table("contact").create(Map.of("emailaddress1", "prefs@newer.test"));
        LinkedWritesTaskTest.Context context = new LinkedWritesTaskTest.Context(subscriptionProps());
        DynamicsSinkTask task = context.task();

        task.put(List.of(optIns(0, 31, true, "2026-03-01T10:00:00.250Z")));
        assertEquals(contact, subscription(31).get("_esc_contactid_value"), "created and linked");
        assertTrue(subscription(31).get("esc_optins").toString().contains("\"isOptedIn\":true"));
        Object version = subscription(31).get("versionnumber");

        // An older change (a delayed copy, or one Dynamics already superseded) is skipped and counted.
        task.put(List.of(optIns(1, 31, false, "2026-03-01T09:00:00Z")));
        assertTrue(subscription(31).get("esc_optins").toString().contains("\"isOptedIn\":true"), "older: not written");
        assertEquals(1, task.metrics().total("records-not-newer-total"));

        // The same change again (the loop bringing it round): same values, nothing written.
        task.put(List.of(optIns(2, 31, true, "2026-03-01T10:00:00.250Z")));
        assertEquals(version, subscription(31).get("versionnumber"), "an equal record writes nothing");
        assertEquals(1, task.metrics().total("rows-unchanged-total"));

        // Newer wins; within one put the newest of two records for one row stays.
        task.put(List.of(optIns(3, 31, false, "2026-03-01T11:00:00Z")));
        assertTrue(subscription(31).get("esc_optins").toString().contains("\"isOptedIn\":false"), "newer: written");
        task.put(List.of(optIns(4, 31, true, "2026-03-01T12:00:00Z"), optIns(5, 31, false, "2026-03-01T11:30:00Z")));
        assertTrue(subscription(31).get("esc_optins").toString().contains("\"isOptedIn\":true"),
                "the older of one put does not overwrite the newer");
        assertEquals(Instant.parse("2026-03-01T12:00:00Z"), Instant.parse(
                subscription(31).get("esc_dotdigitalmodifiedon").toString()));
        assertEquals(3, task.metrics().total("rows-written-total"));
        assertEquals(2, task.metrics().total("records-not-newer-total"));

        // Without a time the record cannot be compared: dead-lettered, naming the field.
        SinkRecord timeless = optIns(6, 32, true, null);
        task.put(List.of(timeless));
        assertEquals(List.of(timeless), context.deadLettered);
        assertTrue(context.reasons.get(0).contains("no modified time in field 'dateModified'"), context.reasons::toString);
        task.stop();
    }

    /**
     * The loop of issue 18 with the preset's settings: a CRM user opts the row out, the Dotdigital sink writes that
     * to Dotdigital, and the Dotdigital source brings it back restamped (a later dateModified, a new opt-ins JSON).
     * The row already holds the opt-out: nothing is written, though the record is newer than the row.
     */
    @Test
    void aChangeThatWentRoundFromDynamicsIsNotWrittenBackThoughRestamped() {
        fixture.emulator.table("contact").create(Map.of("emailaddress1", "loop@newer.test"));
        Map<String, String> p = subscriptionProps();
        p.put("field.mapping", "preferenceId:esc_dotdigitalpreferenceid,contactId:esc_dotdigitalcontactid,"
                + "email:esc_email,optIns:esc_optins,isOptedIn:esc_optedin,dateModified:esc_dotdigitalmodifiedon");
        p.put("newer.wins.column", "modifiedon");
        p.put("newer.wins.skew.ms", "2000");
        p.put("newer.wins.ignore.columns", "esc_optins,esc_dotdigitalmodifiedon");
        DynamicsSinkTask task = new LinkedWritesTaskTest.Context(p).task();
        task.put(List.of(withOptedIn(optIns(0, 35, true, Instant.now().minusSeconds(600).toString()), true)));
        String row = (String) subscription(35).get("esc_marketingpreferencesubscriptionid");
        subscriptions.update(row, Map.of("esc_optedin", false));
        Object version = subscription(35).get("versionnumber");

        task.put(List.of(withOptedIn(optIns(1, 35, false, Instant.now().plusSeconds(30).toString()), false)));
        assertEquals(version, subscription(35).get("versionnumber"), "the opt-out went round and was written back");
        assertEquals(1, task.metrics().total("rows-unchanged-total"));
        assertEquals(1, task.metrics().total("rows-written-total"));

        // A real change on the Dotdigital side still wins.
        task.put(List.of(withOptedIn(optIns(2, 35, true, Instant.now().plusSeconds(60).toString()), true)));
        assertEquals(true, subscription(35).get("esc_optedin"));
        assertEquals(2, task.metrics().total("rows-written-total"));
        task.stop();
    }

    /**
     * The connector's own write stamps modifiedon with the time of the write. A Dotdigital change made 1 s after it
     * (within the 2 s tolerance) is newer than the Dotdigital time the connector wrote, so with
     * newer.wins.written.column it is written, not skipped against that modifiedon. A Dynamics user's later edit
     * still keeps the row against an older Dotdigital change, and a newer one still wins.
     */
    @Test
    void aDotdigitalChangeJustAfterTheConnectorsOwnWriteIsWrittenAndAUsersNewerEditStillWins() {
        fixture.emulator.table("contact").create(Map.of("emailaddress1", "written@newer.test"));
        Map<String, String> p = subscriptionProps();
        p.put("field.mapping", "preferenceId:esc_dotdigitalpreferenceid,contactId:esc_dotdigitalcontactid,"
                + "email:esc_email,optIns:esc_optins,isOptedIn:esc_optedin,dateModified:esc_dotdigitalmodifiedon");
        p.put("newer.wins.column", "modifiedon");
        p.put("newer.wins.skew.ms", "2000");
        p.put("newer.wins.ignore.columns", "esc_optins,esc_dotdigitalmodifiedon");
        p.put("newer.wins.written.column", "esc_dotdigitalmodifiedon");
        DynamicsSinkTask task = new LinkedWritesTaskTest.Context(p).task();
        task.put(List.of(ownedBy(withOptedIn(optIns(0, 36, true, Instant.now().minusSeconds(600).toString()), true))));
        Instant ownWrite = Instant.parse(subscription(36).get("modifiedon").toString());

        Instant justAfter = ownWrite.plusSeconds(1);
        task.put(List.of(ownedBy(withOptedIn(optIns(1, 36, false, justAfter.toString()), false))));
        assertEquals(false, subscription(36).get("esc_optedin"), "a change 1 s after our own write was skipped");
        assertEquals(0, task.metrics().total("records-not-newer-total"));

        // A Dynamics user opts back in a minute later: an older Dotdigital change does not overwrite that.
        String row = (String) subscription(36).get("esc_marketingpreferencesubscriptionid");
        subscriptions.update(row, Map.of("esc_optedin", true, "modifiedon", justAfter.plusSeconds(60)));
        task.put(List.of(ownedBy(withOptedIn(optIns(2, 36, false, justAfter.plusSeconds(30).toString()), false))));
        assertEquals(true, subscription(36).get("esc_optedin"), "the user's newer edit was overwritten");
        assertEquals(1, task.metrics().total("records-not-newer-total"));
        task.put(List.of(ownedBy(withOptedIn(optIns(3, 36, false, justAfter.plusSeconds(120).toString()), false))));
        assertEquals(false, subscription(36).get("esc_optedin"), "a newer Dotdigital change still wins");
        assertEquals(3, task.metrics().total("rows-written-total"));
        task.stop();
    }

    @SuppressWarnings("unchecked")
    private static SinkRecord ownedBy(SinkRecord record) {
        ((Map<String, Object>) record.value()).put("email", "written@newer.test");
        return record;
    }

    /** The record with the opt-in's own isOptedIn at the top, as the source writes it, for loop@newer.test. */
    @SuppressWarnings("unchecked")
    static SinkRecord withOptedIn(SinkRecord record, boolean optedIn) {
        ((Map<String, Object>) record.value()).put("isOptedIn", optedIn);
        ((Map<String, Object>) record.value()).put("email", "loop@newer.test");
        return record;
    }

    @Test
    void theClockSkewToleranceKeepsTheRowsSideAgainstModifiedOn() {
        String row = preferences.create(Map.of("esc_dotdigitalpreferenceid", 41L, "esc_name", "Dynamics name",
                "modifiedon", Instant.parse("2020-01-01T10:00:00Z")));
        Map<String, String> p = EmulatorSinkProps.of(fixture, "newer-wins-skew");
        p.put("dynamics.entity.set", "esc_marketingpreferences");
        p.put("key.columns", "esc_dotdigitalpreferenceid");
        p.put("field.mapping", "id:esc_dotdigitalpreferenceid,publicName:esc_name,dateModified:esc_dotdigitalmodifiedon");
        p.put("newer.wins.field", "dateModified");
        p.put("newer.wins.column", "modifiedon");
        p.put("newer.wins.skew.ms", "60000");
        DynamicsSinkTask task = new LinkedWritesTaskTest.Context(p).task();
        // 30 s after the Dynamics change, but the clocks may be a minute apart: the Dynamics side is kept.
        task.put(List.of(node(0, "Within the skew", "2020-01-01T10:00:30Z")));
        assertEquals("Dynamics name", preferences.get(row).get("esc_name"));
        assertEquals(1, task.metrics().total("records-not-newer-total"));
        task.put(List.of(node(1, "Newer beyond doubt", "2020-01-01T10:02:00Z")));
        assertEquals("Newer beyond doubt", preferences.get(row).get("esc_name"));
        task.stop();
    }

    static SinkRecord node(long offset, String publicName, String dateModified) {
        Map<String, Object> v = new HashMap<>();
        v.put("id", 41L);
        v.put("publicName", publicName);
        v.put("dateModified", dateModified);
        return new SinkRecord("dotdigital.preferences", 0, null, null, null, v, offset);
    }

    @Test
    void newerWinsNeedsUpserts() {
        Map<String, String> p = subscriptionProps();
        p.put("write.mode", "create");
        ConfigException e = assertThrows(ConfigException.class, () -> new DynamicsSinkConfig(p));
        assertTrue(e.getMessage().contains("newer.wins.field") && e.getMessage().contains("write.mode=upsert"),
                e.getMessage());
    }
}
