package io.dynamicsdotdigital.dynamics.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.emulator.dataverse.DataverseSeed;
import io.dynamicsdotdigital.emulator.dataverse.EmulatedTable;
import io.dynamicsdotdigital.emulator.dataverse.WriteBackTables;
import io.dynamicsdotdigital.testsupport.ConnectClusters;
import io.dynamicsdotdigital.testsupport.DataverseEmulatorFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The write-back presets of config-examples/writeback/ in a real Connect worker against the Dataverse emulator:
 * send summaries bound to the right contact or lead, an unmatched one in the dead-letter queue with the reason, an
 * unsubscribe setting donotbulkemail on the contact and the lead with that email, and an address-book unsubscribe
 * taking the contact off the marketing list.
 */
class WriteBackLinkingClusterIT {
    static final long WAIT_MS = 60_000;
    static final long ADDRESS_BOOK = 555;
    static DataverseEmulatorFixture fixture;
    static EmbeddedConnectCluster connect;
    static EmulatedTable contacts;
    static EmulatedTable leads;
    static String listId;

    @BeforeAll
    static void start() {
        fixture = new DataverseEmulatorFixture(DataverseSeed.empty().marketingLists(1).randomSeed(61));
        WriteBackTables.defineAll(fixture.emulator);
        contacts = fixture.emulator.table("contact");
        leads = fixture.emulator.table("lead");
        listId = fixture.emulator.table("list").ids().get(0);
        Map<String, String> worker = new HashMap<>();
        worker.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        worker.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("value.converter.schemas.enable", "false");
        connect = ConnectClusters.start("writeback-linking-it", 1, worker);
    }

    @AfterAll
    static void stop() {
        if (connect != null) {
            connect.stop();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private static void run(String preset) throws Exception {
        Map<String, String> props = WriteBackPresets.render(WriteBackPresets.DIR.resolve(preset + ".json"), fixture,
                listId + ":" + ADDRESS_BOOK);
        for (String topic : props.get("topics").split(",")) {
            connect.kafka().createTopic(topic.trim(), 1);
        }
        connect.configureConnector(props.get("name"), props);
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (!done.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(done.getAsBoolean(), what);
    }

    private static Map<String, Object> summary(long contactId) {
        EmulatedTable t = fixture.emulator.table("esc_emailcampaigncontactsummary");
        for (String id : t.ids()) {
            Map<String, Object> row = t.get(id);
            if (Long.valueOf(contactId).equals(row.get("esc_dotdigitalcontactid"))) {
                return row;
            }
        }
        return null;
    }

    private static boolean member(String contactId) {
        EmulatedTable members = fixture.emulator.table("listmember");
        return members.ids().stream().map(members::get).anyMatch(m -> listId.equals(m.get("_listid_value"))
                && contactId.equals(m.get("_entityid_value")));
    }

    @Test
    void trackingRowsAreLinkedAndUnsubscribesCloseTheLoop() throws Exception {
        String alice = contacts.create(Map.of("emailaddress1", "alice@loop.test", "donotbulkemail", false));
        String aliceLead = leads.create(Map.of("emailaddress1", "Alice@Loop.test", "donotbulkemail", false));
        String bobLead = leads.create(Map.of("emailaddress1", "bob@loop.test", "donotbulkemail", false));
        String carol = contacts.create(Map.of("emailaddress1", "carol@loop.test", "donotbulkemail", false));
        fixture.emulator.addListMember(listId, "contact", alice);
        fixture.emulator.addListMember(listId, "contact", carol);

        run("email-send-summary");
        String activity = "{\"campaignId\":1,\"contactId\":%d,\"email\":\"%s\",\"numOpens\":2,\"numClicks\":1,"
                + "\"numPageViews\":0,\"numForwards\":0,\"numReplies\":0,\"dateSent\":\"2024-05-01T10:00:00Z\","
                + "\"unsubscribed\":false,\"softBounced\":false,\"hardBounced\":false}";
        connect.kafka().produce("dotdigital.campaign-activities", "a", activity.formatted(100, "alice@loop.test"));
        connect.kafka().produce("dotdigital.campaign-activities", "b", activity.formatted(101, "bob@loop.test"));
        connect.kafka().produce("dotdigital.campaign-activities", "x", activity.formatted(102, "nobody@loop.test"));
        await("the matched summaries are written", () -> summary(100) != null && summary(101) != null);
        assertEquals(alice, summary(100).get("_esc_contactid_value"), "bound to the contact, tried first");
        assertNull(summary(100).get("_esc_leadid_value"));
        assertEquals(bobLead, summary(101).get("_esc_leadid_value"), "no contact: bound to the lead");
        ConsumerRecord<byte[], byte[]> dead = connect.kafka()
                .consume(1, WAIT_MS, "writeback-email-send-summary-dlq").iterator().next();
        assertEquals("x", new String(dead.key(), StandardCharsets.UTF_8));
        Header reason = dead.headers().lastHeader("__connect.errors.exception.message");
        assertTrue(reason != null && new String(reason.value(), StandardCharsets.UTF_8)
                .contains("no contact or lead has emailaddress1 'nobody@loop.test'"), "the DLQ names the reason");
        assertNull(summary(102));

        run("unsubscribe-donotbulkemail");
        connect.kafka().produce("dotdigital.unsubscribes", "alice@loop.test",
                "{\"email\":\"alice@loop.test\",\"reason\":\"Unsubscribed\",\"dateRemoved\":\"2024-05-02T10:00:00Z\"}");
        await("donotbulkemail on the contact and the lead", () -> Boolean.TRUE.equals(
                contacts.get(alice).get("donotbulkemail")) && Boolean.TRUE.equals(leads.get(aliceLead)
                .get("donotbulkemail")));
        assertEquals(false, contacts.get(carol).get("donotbulkemail"));
        assertEquals(false, leads.get(bobLead).get("donotbulkemail"));

        run("marketing-list-removal");
        connect.kafka().produce("dotdigital.address-book-unsubscribes", "alice",
                "{\"addressBookId\":" + ADDRESS_BOOK + ",\"email\":\"alice@loop.test\",\"reason\":\"Unsubscribed\"}");
        await("alice leaves the marketing list", () -> !member(alice));
        assertTrue(member(carol), "the other member stays");
        assertFalse(member(alice));
    }
}
