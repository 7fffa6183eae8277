package io.dynamicsdotdigital.dotdigital.sink.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.dataverse.client.RequestGate;
import io.dynamicsdotdigital.dataverse.client.webapi.WebApiDataverseClient;
import io.dynamicsdotdigital.dotdigital.sink.send.SendRefusedException.Reason;
import io.dynamicsdotdigital.emulator.common.Fault;
import io.dynamicsdotdigital.emulator.dataverse.DataverseSeed;
import io.dynamicsdotdigital.testsupport.DataverseEmulatorFixture;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Resolving what a send row does not carry against the Dataverse emulator over HTTPS: a contact's or lead's email,
 * an Email Send's lists through the N:N relationship (several pages), and each way that fails.
 */
class DataverseLookupsTest {
    static DataverseEmulatorFixture dataverse;
    static CampaignSendConfig config;
    static DataverseLookups lookups;
    static SendRequestReader reader;

    @BeforeAll
    static void start() {
        dataverse = new DataverseEmulatorFixture(DataverseSeed.empty());
        Map<String, String> props = new HashMap<>(dataverse.connectionProps("send"));
        props.put("dotdigital.api.user", "u");
        props.put("dotdigital.api.password", "p");
        props.put(CampaignSendConfig.BOOTSTRAP, "localhost:9092");
        props.put("retry.max.attempts", "2");
        config = new CampaignSendConfig(props);
        // Two rows per page: the list lookup has to follow @odata.nextLink.
        lookups = new DataverseLookups(config, WebApiDataverseClient.create(config, config.resilienceSettings(),
                config.accountKey(), null, new RequestGate(1), 2));
        reader = new SendRequestReader(config);
    }

    @AfterAll
    static void stop() {
        dataverse.close();
    }

    private static SendRequest read(String json) {
        return reader.read(new SinkRecord("requests", 0, null, "k", null, json, 1));
    }

    private static SendRequest single(String column, String id) {
        return read("{\"esc_emailsinglesendid\":\"s1\",\"esc_dotdigitalcampaignid\":7,\"_" + column + "_value\":\""
                + id + "\"}");
    }

    private static SendRequest emailSend(String id) {
        return read("{\"esc_emailsendid\":\"" + id + "\",\"esc_dotdigitalcampaignid\":7}");
    }

    private static SendRefusedException refusal(DataverseLookups with, SendRequest request) {
        return assertThrows(SendRefusedException.class, () -> with.complete(request));
    }

    @Test
    void aSingleSendGetsTheEmailOfItsContactOrItsLead() {
        String contact = dataverse.emulator.table("contact").create(Map.of("emailaddress1", "ann@crm.test"));
        String lead = dataverse.emulator.table("lead").create(Map.of("emailaddress1", "lee@crm.test"));
        SendRequest byContact = lookups.complete(single("esc_contactid", contact));
        assertEquals("ann@crm.test", byContact.email());
        assertTrue(!byContact.isListSend() && byContact.lookup() == null);
        assertEquals("lee@crm.test", lookups.complete(single("esc_leadid", lead)).email());
        SendRequest carried = read("{\"esc_emailsinglesendid\":\"s1\",\"esc_dotdigitalcampaignid\":7,"
                + "\"esc_emailaddress\":\"own@crm.test\",\"_esc_contactid_value\":\"" + contact + "\"}");
        assertEquals("own@crm.test", lookups.complete(carried).email(), "an email on the row needs no lookup");
    }

    @Test
    void aRecipientWithoutEmailOrNotFoundIsRefusedNamingTheRowAndLookup() {
        String noEmail = dataverse.emulator.table("lead").create(Map.of("lastname", "No Email"));
        SendRefusedException without = refusal(lookups, single("esc_leadid", noEmail));
        assertEquals(Reason.RECIPIENT_WITHOUT_EMAIL, without.reason());
        assertTrue(without.getMessage().contains("s1") && without.getMessage().contains("lead " + noEmail)
                && without.getMessage().contains("esc_leadid"), without.getMessage());
        String missing = "00000000-0000-4000-8000-00000000abcd";
        SendRefusedException notFound = refusal(lookups, single("esc_contactid", missing));
        assertEquals(Reason.LOOKUP_NOT_FOUND, notFound.reason());
        assertTrue(notFound.getMessage().contains("contact " + missing + " not found"), notFound.getMessage());
        assertEquals(Reason.MALFORMED, refusal(lookups, single("esc_contactid", "not-a-guid")).reason());
    }

    @Test
    void anEmailSendGetsItsListsThroughTheRelationshipOverSeveralPages() {
        String send = dataverse.emulator.table("esc_emailsend").create(Map.of("esc_name", "March"));
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            String name = "Lookup list " + i;
            names.add(name);
            dataverse.emulator.associate("esc_emailsend_list", send, dataverse.emulator.table("list")
                    .create(Map.of("listname", name, "createdfromcode", 2, "type", false)));
        }
        dataverse.emulator.table("list").create(Map.of("listname", "Unrelated", "createdfromcode", 2, "type", false));
        long reads = dataverse.emulator.requests().count("GET /api/data/v9.2/esc_emailsends(" + send
                + ")/esc_emailsend_list");
        SendRequest resolved = lookups.complete(emailSend(send));
        assertEquals(names, Set.copyOf(resolved.lists()));
        assertEquals(5, resolved.lists().size());
        assertTrue(resolved.isListSend() && resolved.lookup() == null);
        assertTrue(dataverse.emulator.requests().count("GET /api/data/v9.2/esc_emailsends(" + send
                + ")/esc_emailsend_list") - reads >= 3, "five lists at two a page");

        String lonely = dataverse.emulator.table("esc_emailsend").create(Map.of("esc_name", "No lists"));
        SendRefusedException none = refusal(lookups, emailSend(lonely));
        assertEquals(Reason.EMPTY_TARGET, none.reason());
        assertTrue(none.getMessage().contains("esc_emailsend_list"), none.getMessage());
        assertEquals(Reason.LOOKUP_NOT_FOUND,
                refusal(lookups, emailSend("00000000-0000-4000-8000-00000000abcd")).reason());
    }

    @Test
    void aServerFailureIsRetriedWithTheRequestNeverAnswered() {
        String contact = dataverse.emulator.table("contact").create(Map.of("emailaddress1", "busy@crm.test"));
        dataverse.emulator.faults().add(Fault.status(503).onPath(".*/contacts\\(.*"), 2);
        try {
            RetriableException e = assertThrows(RetriableException.class,
                    () -> lookups.complete(single("esc_contactid", contact)));
            assertTrue(e.getMessage().contains("nothing was sent"), e.getMessage());
        } finally {
            dataverse.emulator.faults().clear();
        }
        assertEquals("busy@crm.test", lookups.complete(single("esc_contactid", contact)).email());
    }

    @Test
    void withoutAConnectionARowThatNeedsALookupIsRefusedNamingTheSetting() {
        DataverseLookups none = new DataverseLookups(config, null);
        SendRefusedException lead = refusal(none, single("esc_leadid", "00000000-0000-4000-8000-00000000abcd"));
        assertEquals(Reason.NO_DATAVERSE_CONNECTION, lead.reason());
        assertTrue(lead.getMessage().contains("dynamics.url") && lead.getMessage().contains("esc_leadid"),
                lead.getMessage());
        SendRefusedException lists = refusal(none, emailSend("anything"));
        assertEquals(Reason.EMPTY_TARGET, lists.reason(), "unchanged without a connection");
        assertTrue(lists.getMessage().contains("dynamics.url"), lists.getMessage());
        SendRequest carried = read("{\"esc_emailsendid\":\"e\",\"esc_dotdigitalcampaignid\":7,"
                + "\"esc_marketinglists\":\"Newsletter\"}");
        assertEquals(List.of("Newsletter"), none.complete(carried).lists());
    }
}
