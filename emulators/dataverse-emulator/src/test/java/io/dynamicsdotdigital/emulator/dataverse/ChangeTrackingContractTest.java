package io.dynamicsdotdigital.emulator.dataverse;

import static io.dynamicsdotdigital.emulator.dataverse.WebApiClient.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChangeTrackingContractTest {
    static final String TRACK = "odata.track-changes";
    static DataverseEmulator emu;
    static WebApiClient api;

    @BeforeAll
    static void start() {
        emu = DataverseEmulator.builder().seed(DataverseSeed.defaults().contacts(250).leads(40).accounts(20))
                .build().start();
        api = new WebApiClient(emu);
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    /** Reads every page from {@code first}; returns the items and the final deltaLink. */
    static Map.Entry<List<JsonNode>, String> drain(String first, int pageSize) {
        List<JsonNode> items = new ArrayList<>();
        String next = first;
        String deltaLink = null;
        for (int page = 0; page < 200 && next != null; page++) {
            WebApiClient.Answer a = api.get(next, TRACK, "odata.maxpagesize=" + pageSize);
            assertEquals(200, a.status(), a::toString);
            JsonNode body = a.json();
            body.get("value").forEach(items::add);
            String nextLink = body.hasNonNull("@odata.nextLink") ? body.get("@odata.nextLink").asText() : null;
            if (nextLink != null) {
                assertFalse(body.has("@odata.deltaLink"), "deltaLink only on the last page");
            } else {
                deltaLink = body.get("@odata.deltaLink").asText();
            }
            next = nextLink;
        }
        assertNull(next);
        return Map.entry(items, deltaLink);
    }

    @Test
    void initialSyncThenUpdatesDeletesAndCreateDeletedInBetween() {
        WebApiClient.Answer first = api.get("contacts?$select=fullname,emailaddress1", TRACK, "odata.maxpagesize=100");
        assertEquals("odata.maxpagesize=100,odata.track-changes", first.header("Preference-Applied"));
        assertFalse(first.json().has("@odata.deltaLink"));

        Map.Entry<List<JsonNode>, String> initial = drain("contacts?$select=fullname,emailaddress1", 100);
        assertEquals(emu.table("contact").count(), initial.getKey().size());
        String deltaLink = initial.getValue();
        assertNotNull(deltaLink);
        assertTrue(deltaLink.startsWith(emu.orgUrl() + "/api/data/v9.2/contacts?"), deltaLink);
        assertTrue(deltaLink.contains("$deltatoken="), deltaLink);
        assertTrue(deltaLink.contains("$select=fullname,emailaddress1"), deltaLink);

        // Nothing changed yet: an empty delta with a fresh deltaLink.
        Map.Entry<List<JsonNode>, String> none = drain(deltaLink, 100);
        assertEquals(0, none.getKey().size());

        EmulatedTable contacts = emu.table("contact");
        List<String> ids = contacts.ids();
        contacts.update(ids.get(0), Map.of("firstname", "Changed"));
        contacts.delete(ids.get(1));
        String created = contacts.create(Map.of("fullname", "Brand New", "emailaddress1", "brand.new@example.com"));
        String createdThenDeleted = contacts.create(Map.of("fullname", "Short Lived"));
        contacts.delete(createdThenDeleted);

        Map.Entry<List<JsonNode>, String> delta = drain(none.getValue(), 100);
        Map<String, JsonNode> byId = new HashMap<>();
        for (JsonNode item : delta.getKey()) {
            byId.put(item.has("id") ? item.get("id").asText() : item.get("contactid").asText(), item);
        }
        assertEquals(4, byId.size(), delta.getKey()::toString);
        assertEquals("Brand New", byId.get(created).get("fullname").asText());
        assertTrue(byId.get(ids.get(0)).has("emailaddress1"), "updates carry the full selected row");
        for (String deleted : List.of(ids.get(1), createdThenDeleted)) {
            JsonNode item = byId.get(deleted);
            assertEquals("deleted", item.get("reason").asText());
            assertEquals(emu.orgUrl() + "/api/data/v9.2/$metadata#contacts/$deletedEntity", item.get("@odata.context").asText());
            assertEquals(3, item.size(), item::toString);
        }
        // Following the newest deltaLink again: nothing new.
        assertEquals(0, drain(delta.getValue(), 100).getKey().size());
    }

    @Test
    void deltaResultsPageWithNextLinksToo() {
        String deltaLink = drain("leads?$select=fullname", 5000).getValue();
        EmulatedTable leads = emu.table("lead");
        leads.bulkUpdateSameSecond(leads.ids(), Map.of("subject", "Bulk touched"));
        List<Integer> sizes = new ArrayList<>();
        String next = deltaLink;
        String newDelta = null;
        int total = 0;
        for (int i = 0; i < 20 && next != null; i++) {
            JsonNode body = api.get(next, TRACK, "odata.maxpagesize=15").json();
            sizes.add(body.get("value").size());
            total += body.get("value").size();
            next = body.hasNonNull("@odata.nextLink") ? body.get("@odata.nextLink").asText() : null;
            if (next == null) {
                newDelta = body.get("@odata.deltaLink").asText();
            } else {
                assertFalse(body.has("@odata.deltaLink"));
            }
        }
        assertEquals(leads.count(), total);
        assertTrue(sizes.size() > 1, sizes::toString);
        assertNotNull(newDelta);
        Object second = leads.get(leads.ids().get(0)).get("modifiedon");
        for (String id : leads.ids()) {
            assertEquals(second, leads.get(id).get("modifiedon"), "bulk update stamps one second");
        }
    }

    @Test
    void changesDuringTheInitialSnapshotAreInTheNextDelta() {
        EmulatedTable accounts = emu.table("account");
        JsonNode firstPage = api.get("accounts?$select=name", TRACK, "odata.maxpagesize=5").json();
        String changed = accounts.ids().get(accounts.ids().size() - 1);
        accounts.update(changed, Map.of("name", "Renamed during snapshot"));
        Map.Entry<List<JsonNode>, String> rest = drain(firstPage.get("@odata.nextLink").asText(), 5);
        boolean found = false;
        for (JsonNode item : drain(rest.getValue(), 50).getKey()) {
            found |= item.path("accountid").asText().equals(changed)
                    && item.get("name").asText().equals("Renamed during snapshot");
        }
        assertTrue(found, "the row changed mid-snapshot comes with the next delta");
    }

    @Test
    void trackChangesRejectsFilterOrderbyExpandAndTop() {
        for (String option : List.of("$filter=" + enc("statecode eq 0"), "$orderby=fullname", "$expand=parentcustomerid_account",
                "$top=5")) {
            WebApiClient.Answer a = api.get("contacts?$select=fullname&" + option, TRACK);
            assertEquals(400, a.status(), a::toString);
            String name = option.substring(0, option.indexOf('='));
            assertEquals("The \"" + name + "\" query parameter isn't supported when Change Tracking is enabled.",
                    a.json().get("error").get("message").asText());
        }
    }

    @Test
    void tablesWithoutChangeTrackingRejectTrackChanges() {
        WebApiClient.Answer campaigns = api.get("campaigns?$select=name", TRACK);
        assertEquals(400, campaigns.status());
        assertTrue(campaigns.json().get("error").get("message").asText().contains("campaign"));
        assertEquals(200, api.get("listmembers?$select=entitytype", TRACK).status());
        emu.setChangeTracking("campaign", true);
        try {
            assertEquals(200, api.get("campaigns?$select=name", TRACK).status());
        } finally {
            emu.setChangeTracking("campaign", false);
        }
    }

    @Test
    void expiredDeltaTokenAsksForAFullSync() {
        String deltaLink = drain("accounts?$select=name", 1000).getValue();
        emu.expireDeltaTokens("account");
        WebApiClient.Answer a = api.get(deltaLink, TRACK);
        assertEquals(400, a.status());
        assertEquals("0x80044352", a.json().get("error").get("code").asText());
        assertEquals("Version stamp associated with the client has expired. Please perform a full sync.",
                a.json().get("error").get("message").asText());
        // A new full sync yields a working deltaLink again.
        String fresh = drain("accounts?$select=name", 1000).getValue();
        assertEquals(200, api.get(fresh, TRACK).status());
    }
}
