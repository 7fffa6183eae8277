package io.dynamicsdotdigital.emulator.dataverse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * N:N relationships as the Web API serves them (the Email Send <-> list relationship esc_emailsend_list): the
 * collection-valued navigation property on both sides, read as a paged OData collection with $select, changed with
 * POST .../$ref and DELETE .../(id)/$ref.
 */
class ManyToManyContractTest {
    static DataverseEmulator emu;
    static WebApiClient api;

    @BeforeAll
    static void start() {
        emu = DataverseEmulator.builder().seed(DataverseSeed.empty().contacts(1)).build().start();
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

    private static String newList(String name) {
        return emu.table("list").create(Map.of("listname", name, "createdfromcode", 2, "type", false));
    }

    private static String newEmailSend() {
        return emu.table("esc_emailsend").create(Map.of("esc_name", "send"));
    }

    private static String listRef(String listId) {
        return "{\"@odata.id\":\"" + api.request("lists(" + listId + ")").build().uri() + "\"}";
    }

    /** Every page of a navigation read, asserting the collection's shape. */
    private static List<JsonNode> readAll(String first, int pageSize) {
        List<JsonNode> rows = new ArrayList<>();
        String next = first;
        for (int page = 0; page < 50 && next != null; page++) {
            WebApiClient.Answer a = api.get(next, "odata.maxpagesize=" + pageSize);
            assertEquals(200, a.status(), a::toString);
            JsonNode body = a.json();
            assertTrue(body.path("@odata.context").asText().contains("$metadata#lists"), body.toString());
            body.path("value").forEach(rows::add);
            next = body.hasNonNull("@odata.nextLink") ? body.get("@odata.nextLink").asText() : null;
        }
        return rows;
    }

    @Test
    void anEmailSendsListsAreAssociatedReadInPagesAndDisassociated() {
        String send = newEmailSend();
        String otherSend = newEmailSend();
        Set<String> names = new HashSet<>();
        List<String> lists = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String name = "N:N list " + i;
            String list = newList(name);
            lists.add(list);
            names.add(name);
            assertEquals(204, send("POST", "esc_emailsends(" + send + ")/esc_emailsend_list/$ref", listRef(list))
                    .status());
        }
        newList("not related");
        emu.associate("esc_emailsend_list", otherSend, newList("related to the other send"));
        assertEquals(204, send("POST", "esc_emailsends(" + send + ")/esc_emailsend_list/$ref",
                listRef(lists.get(0))).status(), "associating again changes nothing");

        List<JsonNode> rows = readAll("esc_emailsends(" + send + ")/esc_emailsend_list?$select=listname", 2);
        assertEquals(5, rows.size(), rows::toString);
        Set<String> read = new HashSet<>();
        rows.forEach(r -> {
            read.add(r.get("listname").asText());
            assertTrue(r.has("listid") && !r.has("createdfromcode"), "$select plus the key: " + r);
        });
        assertEquals(names, read);

        WebApiClient.Answer reverse = api.get("lists(" + lists.get(1) + ")/esc_emailsend_list?$select=esc_name");
        assertEquals(200, reverse.status(), reverse::toString);
        assertEquals(send, reverse.json().get("value").get(0).get("esc_emailsendid").asText(), "both sides");

        assertEquals(204, send("DELETE", "esc_emailsends(" + send + ")/esc_emailsend_list(" + lists.get(2)
                + ")/$ref", null).status());
        assertEquals(4, readAll("esc_emailsends(" + send + ")/esc_emailsend_list?$select=listname", 10).size());
        assertEquals(204, send("DELETE", "esc_emailsends(" + send + ")/esc_emailsend_list(" + lists.get(2)
                + ")/$ref", null).status(), "disassociating a pair that is not associated changes nothing");
    }

    @Test
    void unknownRowsNavigationsAndWrongTargetsAreRefusedLikeTheService() {
        String send = newEmailSend();
        String missing = "00000000-0000-4000-8000-000000000001";
        WebApiClient.Answer noRow = api.get("esc_emailsends(" + missing + ")/esc_emailsend_list");
        assertEquals(404, noRow.status(), noRow::toString);
        assertEquals("0x80040217", noRow.json().path("error").path("code").asText());
        WebApiClient.Answer noNav = api.get("esc_emailsends(" + send + ")/esc_emailsend_lists");
        assertEquals(400, noNav.status(), noNav::toString);
        assertTrue(noNav.json().path("error").path("message").asText().contains("esc_emailsend_lists"));
        assertEquals(404, send("POST", "esc_emailsends(" + send + ")/esc_emailsend_list/$ref", listRef(missing))
                .status());
        String contact = emu.table("contact").ids().get(0);
        assertEquals(400, send("POST", "esc_emailsends(" + send + ")/esc_emailsend_list/$ref",
                "{\"@odata.id\":\"contacts(" + contact + ")\"}").status(), "a contact is not a list");
        assertEquals(405, send("GET", "esc_emailsends(" + send + ")/esc_emailsend_list(" + missing + ")/$ref",
                null).status());
        WebApiClient.Answer empty = api.get("esc_emailsends(" + send + ")/esc_emailsend_list?$select=listname");
        assertEquals(200, empty.status(), empty::toString);
        assertEquals(0, empty.json().get("value").size());
    }
}
