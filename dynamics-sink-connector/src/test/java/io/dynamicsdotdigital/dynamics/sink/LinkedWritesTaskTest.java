package io.dynamicsdotdigital.dynamics.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.emulator.dataverse.EmulatedTable;
import io.dynamicsdotdigital.testsupport.DataverseEmulatorFixture;
import io.dynamicsdotdigital.testsupport.TaskContexts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real task linking rows to contacts and leads of the Dataverse emulator by email: lookups batched and cached,
 * ambiguous and unmatched records handled by the settings, unsubscribes setting donotbulkemail on every contact and
 * lead, and address-book unsubscribes leaving the marketing list.
 */
class LinkedWritesTaskTest {
    static DataverseEmulatorFixture fixture;
    static EmulatedTable contacts;
    static EmulatedTable leads;
    static EmulatedTable summaries;

    @BeforeAll
    static void start() {
        fixture = SharedWriteBackEmulator.get();
        contacts = fixture.emulator.table("contact");
        leads = fixture.emulator.table("lead");
        summaries = fixture.emulator.table("esc_emailcampaigncontactsummary");
    }

    static String contact(String email, String createdOn) {
        Map<String, Object> c = new HashMap<>();
        c.put("emailaddress1", email);
        c.put("donotbulkemail", false);
        if (createdOn != null) {
            c.put("createdon", createdOn);
        }
        return contacts.create(c);
    }

    static String lead(String email) {
        return leads.create(Map.of("emailaddress1", email, "donotbulkemail", false));
    }

    static final class Context {
        final Map<String, String> props;
        final List<SinkRecord> deadLettered = new ArrayList<>();
        final List<String> reasons = new ArrayList<>();

        Context(Map<String, String> props) {
            this.props = props;
        }

        DynamicsSinkTask task() {
            DynamicsSinkTask task = new DynamicsSinkTask();
            task.initialize(TaskContexts.sink(props, Set.of(new TopicPartition("t", 0)), (record, error) -> {
                deadLettered.add(record);
                reasons.add(error.getMessage());
                return CompletableFuture.completedFuture(null);
            }, ms -> { }));
            task.start(props);
            return task;
        }
    }

    static Map<String, String> summaryProps() {
        Map<String, String> p = EmulatorSinkProps.of(fixture, "linked");
        p.put("dynamics.entity.set", "esc_emailcampaigncontactsummaries");
        p.put("key.columns", "esc_dotdigitalcampaignid,esc_dotdigitalcontactid");
        p.put("field.mapping", "campaignId:esc_dotdigitalcampaignid,contactId:esc_dotdigitalcontactid,"
                + "email:esc_email,numOpens:esc_numopens");
        p.put("link.entities", "contact,lead");
        p.put("errors.tolerance", "all");
        p.put("errors.deadletterqueue.topic.name", "dlq");
        return p;
    }

    static SinkRecord record(long offset, Map<String, Object> value) {
        return new SinkRecord("t", 0, null, null, null, value, offset);
    }

    static Map<String, Object> summary(long campaign, long contactId, String email) {
        Map<String, Object> m = new HashMap<>();
        m.put("campaignId", campaign);
        m.put("contactId", contactId);
        m.put("email", email);
        m.put("numOpens", 1);
        return m;
    }

    static Map<String, Object> row(long campaign, long contactId) {
        for (String id : summaries.ids()) {
            Map<String, Object> r = summaries.get(id);
            if (Long.valueOf(campaign).equals(r.get("esc_dotdigitalcampaignid"))
                    && Long.valueOf(contactId).equals(r.get("esc_dotdigitalcontactid"))) {
                return r;
            }
        }
        return null;
    }

    @Test
    void rowsBindTheContactFirstThenTheLeadAndUnmatchedRecordsGoToTheDeadLetterQueue() {
        String contactId = contact("both@link.test", null);
        lead("both@link.test");
        String leadId = lead("lead-only@link.test");
        Context context = new Context(summaryProps());
        DynamicsSinkTask task = context.task();
        task.put(List.of(record(0, summary(1, 10, "BOTH@link.test")), record(1, summary(1, 11, "lead-only@link.test")),
                record(2, summary(1, 12, "nobody@link.test")), record(3, summary(1, 13, null))));
        assertEquals(contactId, row(1, 10).get("_esc_contactid_value"), "a contact comes first, case ignored");
        assertNull(row(1, 10).get("_esc_leadid_value"), "link.scope=first stops at the contact");
        assertEquals(leadId, row(1, 11).get("_esc_leadid_value"));
        assertNull(row(1, 12), "no match: no row");
        assertEquals(2, context.deadLettered.size(), context.reasons::toString);
        assertTrue(context.reasons.get(0).contains("no contact or lead has emailaddress1 'nobody@link.test'"),
                context.reasons::toString);
        assertTrue(context.reasons.get(1).contains("no email address in field 'email'"), context.reasons::toString);
        assertEquals(2, task.metrics().total("records-linked-total"));
        assertEquals(2, task.metrics().total("records-unlinked-total"));
        task.stop();
    }

    @Test
    void ambiguousMatchesFollowTheSetting() {
        contact("twice@link.test", "2020-01-01T00:00:00Z");
        String newer = contact("twice@link.test", "2024-01-01T00:00:00Z");
        Context newest = new Context(summaryProps());
        DynamicsSinkTask task = newest.task();
        task.put(List.of(record(0, summary(2, 20, "twice@link.test"))));
        assertEquals(newer, row(2, 20).get("_esc_contactid_value"), "link.ambiguous=newest (the default)");
        task.stop();

        Map<String, String> props = summaryProps();
        props.put("link.ambiguous", "dead-letter");
        Context deadLetter = new Context(props);
        task = deadLetter.task();
        task.put(List.of(record(0, summary(2, 21, "twice@link.test"))));
        assertNull(row(2, 21));
        assertEquals(1, deadLetter.deadLettered.size());
        assertTrue(deadLetter.reasons.get(0).contains("2 contacts have emailaddress1 'twice@link.test'")
                && deadLetter.reasons.get(0).contains(newer), deadLetter.reasons::toString);
        task.stop();
    }

    @Test
    void scopeEveryBindsContactAndLeadAndAmbiguousAllMakesARowPerRecord() {
        String c1 = contact("every@link.test", null);
        String c2 = contact("every@link.test", null);
        String l1 = lead("every@link.test");
        Map<String, String> p = EmulatorSinkProps.of(fixture, "suppressions");
        p.put("dynamics.entity.set", "esc_emailsuppressions");
        p.put("write.mode", "create");
        p.put("field.mapping", "email:esc_email,reason:esc_reason");
        p.put("link.entities", "contact,lead");
        p.put("link.scope", "every");
        p.put("link.ambiguous", "all");
        Context context = new Context(p);
        DynamicsSinkTask task = context.task();
        task.put(List.of(record(0, new HashMap<>(Map.of("email", "every@link.test", "reason", "Suppressed")))));
        EmulatedTable rows = fixture.emulator.table("esc_emailsuppression");
        List<Map<String, Object>> written = rows.ids().stream().map(rows::get)
                .filter(r -> "every@link.test".equals(r.get("esc_email"))).toList();
        assertEquals(2, written.size(), "two contacts: two rows");
        assertEquals(Set.of(c1, c2), Set.of(written.get(0).get("_esc_contactid_value"),
                written.get(1).get("_esc_contactid_value")));
        assertEquals(1, written.stream().filter(r -> l1.equals(r.get("_esc_leadid_value"))).count(),
                "the one lead is bound on the first row");
        task.stop();
    }

    @Test
    void aCarriedCrmIdIsUsedWithoutALookup() {
        String leadId = lead("carried@link.test");
        Map<String, String> props = summaryProps();
        props.put("link.crm.id.field", "dataFields.CRMID");
        props.put("link.crm.type.field", "dataFields.CRMTYPE");
        Context context = new Context(props);
        DynamicsSinkTask task = context.task();
        Map<String, Object> value = summary(3, 30, "someone-else@link.test");
        value.put("dataFields", Map.of("CRMID", leadId.toUpperCase(), "CRMTYPE", "lead"));
        long batchesBefore = task.metrics().total("batches-total");
        task.put(List.of(record(0, value)));
        assertEquals(leadId, row(3, 30).get("_esc_leadid_value"));
        assertEquals(batchesBefore + 1, task.metrics().total("batches-total"), "only the write, no lookup");
        task.stop();
    }

    @Test
    void lookupsAreOneBatchPerThousandRecordsAndCached() {
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            String email = "bulk" + i + "@link.test";
            if (i % 100 == 0) {
                contact(email, null);
            }
            records.add(record(i, summary(4, 1000 + i, email)));
        }
        Map<String, String> props = summaryProps();
        props.put("batch.size", "1000");
        props.put("errors.deadletterqueue.topic.name", "");
        Context context = new Context(props);
        DynamicsSinkTask task = context.task();
        task.put(records);
        assertEquals(15, records.stream().filter(r -> row(4, (Long) ((Map<?, ?>) r.value()).get("contactId")) != null)
                .count());
        assertEquals(2 + 1, task.metrics().total("batches-total"), "two lookup batches, one write batch of 15 rows");
        assertEquals(1485, task.metrics().total("records-failed-total"));

        task.put(records.stream().filter(r -> (Long) ((Map<?, ?>) r.value()).get("contactId") % 100 == 0).toList());
        assertEquals(3 + 1, task.metrics().total("batches-total"), "cached: the second put only writes");
        task.stop();
    }

    @Test
    void unsubscribesSetDoNotBulkEmailOnEveryContactAndLeadWithTheEmail() {
        String c1 = contact("gone@link.test", null);
        String c2 = contact("GONE@link.test", null);
        String l1 = lead("gone@link.test");
        String other = contact("stays@link.test", null);
        Map<String, String> p = EmulatorSinkProps.of(fixture, "unsubscribes");
        p.put("dynamics.entity.set", "contacts");
        p.put("write.mode", "update_linked");
        p.put("link.entities", "contact,lead");
        p.put("link.scope", "every");
        p.put("link.ambiguous", "all");
        p.put("column.values", "donotbulkemail:true");
        p.put("tombstone.action", "ignore");
        Context context = new Context(p);
        DynamicsSinkTask task = context.task();
        task.put(List.of(record(0, new HashMap<>(Map.of("email", "gone@link.test", "reason", "Unsubscribed")))));
        for (String id : List.of(c1, c2)) {
            assertEquals(true, contacts.get(id).get("donotbulkemail"), id);
        }
        assertEquals(true, leads.get(l1).get("donotbulkemail"));
        assertEquals(false, contacts.get(other).get("donotbulkemail"));
        assertTrue(context.deadLettered.isEmpty(), context.reasons::toString);
        assertEquals(3, task.metrics().total("rows-written-total"));

        // The same unsubscribe again (or coming round the loop): nothing changes, so nothing is written and the
        // Dynamics source sees no change to send back.
        Object version = contacts.get(c1).get("versionnumber");
        task.put(List.of(record(1, new HashMap<>(Map.of("email", "gone@link.test", "reason", "Unsubscribed")))));
        assertEquals(3, task.metrics().total("rows-written-total"));
        assertEquals(version, contacts.get(c1).get("versionnumber"));
        assertEquals(3, task.metrics().total("rows-unchanged-total"));
        task.stop();
    }

    /**
     * The same address from the unsubscribes and the suppressions stream in one put (the Dotdigital source emits
     * both in one cycle): each contact and lead is written once, the second record changes nothing.
     */
    @Test
    void anUnsubscribeAndASuppressionOfOneAddressInOnePutWriteEachRecordOnce() {
        String c1 = contact("both-streams@link.test", null);
        String l1 = lead("both-streams@link.test");
        Map<String, String> p = EmulatorSinkProps.of(fixture, "unsubscribes-twice");
        p.put("dynamics.entity.set", "contacts");
        p.put("write.mode", "update_linked");
        p.put("link.entities", "contact,lead");
        p.put("link.scope", "every");
        p.put("link.ambiguous", "all");
        p.put("column.values", "donotbulkemail:true");
        p.put("tombstone.action", "ignore");
        Context context = new Context(p);
        DynamicsSinkTask task = context.task();
        task.put(List.of(
                record(0, new HashMap<>(Map.of("email", "both-streams@link.test", "reason", "Unsubscribed"))),
                record(1, new HashMap<>(Map.of("email", "BOTH-STREAMS@link.test", "reason", "Suppressed")))));
        assertEquals(true, contacts.get(c1).get("donotbulkemail"));
        assertEquals(true, leads.get(l1).get("donotbulkemail"));
        assertTrue(context.deadLettered.isEmpty(), context.reasons::toString);
        assertEquals(2, task.metrics().total("rows-written-total"));
        assertEquals(2, task.metrics().total("rows-unchanged-total"));
        task.stop();
    }

    @Test
    void anAddressBookUnsubscribeRemovesTheMemberFromTheMappedList() {
        String listId = fixture.emulator.table("list").ids().get(0);
        String member = contact("leaves@link.test", null);
        String stays = contact("member@link.test", null);
        fixture.emulator.addListMember(listId, "contact", member);
        fixture.emulator.addListMember(listId, "contact", stays);
        Map<String, String> p = EmulatorSinkProps.of(fixture, "list-unsubscribes");
        p.put("dynamics.entity.set", "lists");
        p.put("write.mode", "remove_list_member");
        p.put("link.entities", "contact,lead");
        p.put("link.scope", "every");
        p.put("link.ambiguous", "all");
        p.put("list.addressbook.mapping", listId + ":555");
        p.put("errors.tolerance", "all");
        p.put("errors.deadletterqueue.topic.name", "dlq");
        Context context = new Context(p);
        DynamicsSinkTask task = context.task();
        task.put(List.of(record(0, new HashMap<>(Map.of("addressBookId", 555L, "email", "leaves@link.test"))),
                record(1, new HashMap<>(Map.of("addressBookId", 777L, "email", "member@link.test")))));
        List<String> members = members(listId);
        assertFalse(members.contains(member), "left the list");
        assertTrue(members.contains(stays), "an address book not mapped changes nothing");
        assertEquals(1, context.deadLettered.size());
        assertTrue(context.reasons.get(0).contains("address book 777"), context.reasons::toString);
        task.stop();
    }

    static List<String> members(String listId) {
        EmulatedTable table = fixture.emulator.table("listmember");
        List<String> out = new ArrayList<>();
        for (String id : table.ids()) {
            Map<String, Object> m = table.get(id);
            if (listId.equals(m.get("_listid_value"))) {
                out.add((String) m.get("_entityid_value"));
            }
        }
        return out;
    }

    @Test
    void a403NamesTheMissingPrivilegeInValidateAndInTheDeadLetterReason() {
        String c = contact("forbidden@link.test", null);
        Map<String, String> p = EmulatorSinkProps.of(fixture, "unsubscribes");
        p.put("dynamics.entity.set", "contacts");
        p.put("write.mode", "update_linked");
        p.put("link.entities", "contact,lead");
        p.put("link.scope", "every");
        p.put("column.values", "donotbulkemail:true");
        p.put("errors.tolerance", "all");
        p.put("errors.deadletterqueue.topic.name", "dlq");
        fixture.emulator.revokePrivilege("prvReadLead").revokePrivilege("prvWriteContact");
        try {
            String errors = new DynamicsSinkConnector().validate(p).configValues().stream()
                    .filter(v -> v.name().equals("link.entities")).findFirst().orElseThrow().errorMessages()
                    .toString();
            assertTrue(errors.contains("leads") && errors.contains("lacks prvReadLead"), errors);

            p.put("link.entities", "contact");
            Context context = new Context(p);
            DynamicsSinkTask task = context.task();
            task.put(List.of(record(0, new HashMap<>(Map.of("email", "forbidden@link.test")))));
            assertEquals(false, contacts.get(c).get("donotbulkemail"));
            assertEquals(1, context.deadLettered.size());
            assertTrue(context.reasons.get(0).contains("HTTP 403")
                    && context.reasons.get(0).contains("lacks prvWriteContact"), context.reasons::toString);
            task.stop();
        } finally {
            fixture.emulator.grantAllPrivileges();
        }
    }

    @Test
    void settingsAreChecked() {
        Map<String, String> p = summaryProps();
        p.put("link.entities", "contact,opportunity");
        assertThrows(ConfigException.class, () -> new DynamicsSinkConfig(p));
        p.put("link.entities", "");
        p.put("write.mode", "update_linked");
        ConfigException e = assertThrows(ConfigException.class, () -> new DynamicsSinkConfig(p));
        assertTrue(e.getMessage().contains("link.entities"), e.getMessage());
        p.put("link.entities", "contact");
        p.put("write.mode", "remove_list_member");
        e = assertThrows(ConfigException.class, () -> new DynamicsSinkConfig(p));
        assertTrue(e.getMessage().contains("list.addressbook.mapping"), e.getMessage());
        p.put("write.mode", "upsert");
        p.put("link.lookup.columns", "lead:esc_leadid");
        e = assertThrows(ConfigException.class, () -> new DynamicsSinkConfig(p));
        assertTrue(e.getMessage().contains("'contact'"), e.getMessage());
    }
}
