package io.dynamicsdotdigital.emulator.dataverse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The solution's write-back tables: alternate-key upserts binding contact/lead lookups, and list-member removal. */
class WriteBackTablesContractTest {
    static DataverseEmulator emu;
    static WebApiClient api;

    @BeforeAll
    static void start() {
        emu = DataverseEmulator.builder().seed(DataverseSeed.empty().contacts(2).leads(1).marketingLists(1)).build()
                .start();
        WriteBackTables.defineAll(emu);
        api = new WebApiClient(emu);
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    private static WebApiClient.Answer send(String method, String relative, String json) {
        return api.send(api.request(relative).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json)).build());
    }

    @Test
    void everyTableIsInTheMetadataWithItsAlternateKey() {
        for (TableDefinition t : WriteBackTables.all()) {
            WebApiClient.Answer a = api.get("EntityDefinitions?$select=LogicalName&$expand=Keys&$filter="
                    + WebApiClient.enc("EntitySetName eq '" + t.entitySetName() + "'"));
            assertEquals(200, a.status(), a::toString);
            JsonNode key = a.json().get("value").get(0).get("Keys").get(0).get("KeyAttributes");
            assertEquals(t.alternateKey().size(), key.size(), t.logicalName());
        }
    }

    @Test
    void sendSummaryUpsertByKeyBindsContactAndLead() {
        String contactId = emu.table("contact").ids().get(0);
        String leadId = emu.table("lead").ids().get(0);
        String body = "{\"esc_email\":\"a@example.com\",\"esc_numopens\":3,"
                + "\"esc_contactid@odata.bind\":\"/contacts(" + contactId + ")\","
                + "\"esc_leadid@odata.bind\":\"/leads(" + leadId + ")\"}";
        String path = "esc_emailcampaigncontactsummaries(esc_dotdigitalcampaignid=7,esc_dotdigitalcontactid=42)";
        assertEquals(204, send("PATCH", path, body).status());
        assertEquals(204, send("PATCH", path, body.replace(":3", ":4")).status());
        EmulatedTable table = emu.table("esc_emailcampaigncontactsummary");
        assertEquals(1, table.count());
        Map<String, Object> row = table.get(table.ids().get(0));
        assertEquals(contactId, row.get("_esc_contactid_value"));
        assertEquals(leadId, row.get("_esc_leadid_value"));
        assertEquals(4, row.get("esc_numopens"));
        assertEquals(42L, row.get("esc_dotdigitalcontactid"));
    }

    @Test
    void aLookupBoundByTheTargetsAlternateKeyNamesThatRowOrIsRefusedAsMissing() {
        assertEquals(204, send("PATCH", "esc_formresponses(esc_dotdigitalsurveyid=12,esc_dotdigitalresponseid=34)",
                "{\"esc_email\":\"form@example.com\"}").status());
        EmulatedTable responses = emu.table("esc_formresponse");
        String responseId = responses.ids().stream().filter(id -> Long.valueOf(34).equals(
                responses.get(id).get("esc_dotdigitalresponseid"))).findFirst().orElseThrow();
        String answer = "esc_formanswers(esc_dotdigitalsurveyid=12,esc_dotdigitalresponseid=34,esc_fieldid=5)";
        assertEquals(204, send("PATCH", answer, "{\"esc_question\":\"Colour?\",\"esc_formresponseid@odata.bind\":"
                + "\"/esc_formresponses(esc_dotdigitalsurveyid=12,esc_dotdigitalresponseid=34)\"}").status());
        EmulatedTable answers = emu.table("esc_formanswer");
        assertEquals(responseId, answers.get(answers.ids().get(0)).get("_esc_formresponseid_value"));

        WebApiClient.Answer missing = send("PATCH", answer.replace("=5)", "=6)"), "{\"esc_formresponseid@odata.bind\":"
                + "\"/esc_formresponses(esc_dotdigitalsurveyid=12,esc_dotdigitalresponseid=35)\"}");
        assertEquals(404, missing.status(), missing::toString);
        assertEquals("0x80040217", missing.json().get("error").get("code").asText());
        assertEquals("esc_formresponse With Id = esc_dotdigitalsurveyid=12,esc_dotdigitalresponseid=35 Does Not Exist",
                missing.json().get("error").get("message").asText());
        assertEquals(1, answers.count(), "the refused answer is not written");
    }

    @Test
    void dateTimeKeyLiteralsAddressTheRowAtSecondPrecision() {
        String first = "esc_emailclicks(esc_dotdigitalcampaignid=1,esc_dotdigitalcontactid=2,esc_url='https://x/a',"
                + "esc_dateclicked=2024-01-02T03:04:05.000Z)";
        String again = first.replace("05.000Z", "05Z");
        assertEquals(204, send("PATCH", first, "{\"esc_keyword\":\"a\"}").status());
        assertEquals(204, send("PATCH", again, "{\"esc_keyword\":\"b\"}").status());
        assertEquals(1, emu.table("esc_emailclick").count());
    }

    @Test
    void listMemberDisassociationRemovesTheMember() {
        String listId = emu.table("list").ids().get(0);
        String contactId = emu.table("contact").ids().get(1);
        emu.addListMember(listId, "contact", contactId);
        String ref = "lists(" + listId + ")/listcontact_association(" + contactId + ")/$ref";
        assertTrue(memberIds(listId).contains(contactId));
        assertEquals(204, send("DELETE", ref, null).status());
        assertFalse(memberIds(listId).contains(contactId));
        assertEquals(204, send("DELETE", ref, null).status(), "removing a non-member changes nothing");
        assertEquals(404, send("DELETE", ref.replace(contactId, "00000000-0000-4000-8000-000000000001"), null)
                .status());
        assertEquals(405, send("GET", ref, null).status());
    }

    /**
     * listmembers is read-only in Dataverse: a POST (or PATCH, DELETE) of its rows is refused in the Web API's error
     * shape; members are added by associating them with the list ($ref), once however often that is sent.
     */
    @Test
    void listMembersAreAddedByAssociationNotByCreatingTheirRows() {
        String listId = emu.table("list").ids().get(0);
        String contactId = emu.table("contact").create(Map.of("emailaddress1", "associated@list.test"));
        WebApiClient.Answer post = send("POST", "listmembers", "{\"listid@odata.bind\":\"/lists(" + listId
                + ")\",\"entityid@odata.bind\":\"/contacts(" + contactId + ")\",\"entitytype\":\"contact\"}");
        assertEquals(400, post.status(), post::toString);
        assertTrue(post.json().path("error").path("message").asText().contains("listcontact_association/$ref"),
                post::toString);
        assertFalse(memberIds(listId).contains(contactId));

        String ref = "lists(" + listId + ")/listcontact_association/$ref";
        String body = "{\"@odata.id\":\"" + api.request("contacts(" + contactId + ")").build().uri() + "\"}";
        assertEquals(204, send("POST", ref, body).status());
        assertTrue(memberIds(listId).contains(contactId));
        int members = emu.table("listmember").count();
        assertEquals(204, send("POST", ref, body).status(), "associating a member again changes nothing");
        assertEquals(members, emu.table("listmember").count());
        String member = emu.table("listmember").ids().get(0);
        assertEquals(400, send("DELETE", "listmembers(" + member + ")", null).status());
        assertEquals(400, send("PATCH", "listmembers(" + member + ")", "{\"entitytype\":\"lead\"}").status());
        String lead = emu.table("lead").ids().get(0);
        assertEquals(400, send("POST", ref, "{\"@odata.id\":\"leads(" + lead + ")\"}").status(),
                "a lead is not a contact");
        assertEquals(404, send("POST", ref, "{\"@odata.id\":\"contacts(00000000-0000-4000-8000-000000000001)\"}")
                .status());
    }

    private static java.util.List<String> memberIds(String listId) {
        WebApiClient.Answer a = api.get("lists(" + listId + ")/listcontact_association?$select=contactid");
        assertEquals(200, a.status(), a::toString);
        java.util.List<String> ids = new java.util.ArrayList<>();
        a.json().get("value").forEach(r -> ids.add(r.get("contactid").asText()));
        return ids;
    }
}
