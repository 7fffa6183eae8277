package io.dynamicsdotdigital.emulator.dataverse;

import static io.dynamicsdotdigital.emulator.dataverse.WebApiClient.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QueryContractTest {
    static DataverseEmulator emu;
    static WebApiClient api;

    @BeforeAll
    static void start() {
        emu = DataverseEmulator.builder().seed(DataverseSeed.defaults().contacts(1200).leads(100).accounts(30))
                .build().start();
        api = new WebApiClient(emu);
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    private static List<JsonNode> readAll(String first, int pageSize, List<Integer> pageSizes) {
        List<JsonNode> rows = new ArrayList<>();
        String next = first;
        for (int page = 0; page < 100 && next != null; page++) {
            WebApiClient.Answer a = api.get(next, "odata.maxpagesize=" + pageSize);
            assertEquals(200, a.status(), a::toString);
            JsonNode body = a.json();
            body.path("value").forEach(rows::add);
            pageSizes.add(body.path("value").size());
            next = body.hasNonNull("@odata.nextLink") ? body.get("@odata.nextLink").asText() : null;
        }
        assertNull(next, "paging did not end");
        return rows;
    }

    @Test
    void pagesFollowNextLinksInPrimaryKeyOrderWithoutGapsOrDuplicates() {
        List<Integer> sizes = new ArrayList<>();
        List<JsonNode> rows = readAll("contacts?$select=contactid,fullname", 500, sizes);
        assertEquals(List.of(500, 500, 200), sizes);
        assertEquals(1200, rows.size());
        List<String> ids = new ArrayList<>();
        rows.forEach(r -> ids.add(r.get("contactid").asText()));
        assertEquals(emu.table("contact").ids(), ids, "rows come in primary-key order");
        assertEquals(1200, new HashSet<>(ids).size());
    }

    @Test
    void responseHasODataHeadersContextEtagsAndAbsoluteOpaqueNextLink() {
        WebApiClient.Answer a = api.get("contacts?$select=fullname,emailaddress1", "odata.maxpagesize=10");
        assertEquals("4.0", a.header("OData-Version"));
        assertEquals("application/json; odata.metadata=minimal", a.header("Content-Type"));
        assertEquals("odata.maxpagesize=10", a.header("Preference-Applied"));
        JsonNode body = a.json();
        assertEquals(emu.orgUrl() + "/api/data/v9.2/$metadata#contacts(fullname,emailaddress1)",
                body.get("@odata.context").asText());
        JsonNode row = body.get("value").get(0);
        String id = row.get("contactid").asText();
        assertEquals("W/\"" + emu.table("contact").get(id).get("versionnumber") + "\"", row.get("@odata.etag").asText());
        assertEquals(Set.of("@odata.etag", "fullname", "emailaddress1", "contactid"), fieldNames(row));
        String next = body.get("@odata.nextLink").asText();
        assertTrue(next.startsWith(emu.orgUrl() + "/api/data/v9.2/contacts?"), next);
        assertTrue(next.contains("$skiptoken="), next);
        assertTrue(next.contains("$select=fullname,emailaddress1"), next);
    }

    @Test
    void defaultAndCappedPageSizeIs5000() {
        DataverseEmulator big = DataverseEmulator.builder().seed(DataverseSeed.empty().contacts(5200)).build().start();
        try {
            WebApiClient client = new WebApiClient(big);
            JsonNode body = client.get("contacts?$select=contactid").json();
            assertEquals(5000, body.get("value").size());
            assertTrue(body.has("@odata.nextLink"));
            WebApiClient.Answer capped = client.get("contacts?$select=contactid", "odata.maxpagesize=9000");
            assertEquals(5000, capped.json().get("value").size());
            assertNull(capped.header("Preference-Applied"), "an ignored preference is not echoed");
            JsonNode last = client.get(body.get("@odata.nextLink").asText()).json();
            assertEquals(200, last.get("value").size());
            assertFalse(last.has("@odata.nextLink"));
        } finally {
            big.close();
        }
    }

    @Test
    void allVersionsOfTheApiAnswer() {
        // A 9.x server still serves the 8.x paths (Dynamics 2016 clients keep working after an upgrade).
        for (String v : List.of("v8.0", "v8.1", "v8.2", "v9.0", "v9.1", "v9.2")) {
            WebApiClient.Answer a = api.get(emu.orgUrl() + "/api/data/" + v + "/accounts?$select=name&$top=2");
            assertEquals(200, a.status(), a::toString);
            assertEquals(2, a.json().get("value").size());
        }
        assertEquals(404, api.get(emu.orgUrl() + "/api/data/v7.1/accounts").status());
    }

    @Test
    void filterHandlesDoubledQuotesCaseInsensitivityAndBooleanLogic() {
        EmulatedTable contacts = emu.table("contact");
        String id = contacts.create(Map.of("firstname", "Róisín", "lastname", "O'Hara", "fullname", "Róisín O'Hara",
                "emailaddress1", "roisin.ohara@example.com", "donotbulkemail", true, "statecode", 0));
        JsonNode rows = api.get("contacts?$select=fullname&$filter=" + enc("lastname eq 'o''hara'")).json().get("value");
        assertEquals(1, rows.size());
        assertEquals(id, rows.get(0).get("contactid").asText());

        String filter = "(lastname eq 'O''Hara' or lastname eq 'nobody') and not (donotbulkemail eq false) and statecode eq 0";
        assertEquals(1, api.get("contacts?$filter=" + enc(filter)).json().get("value").size());
        assertEquals(0, api.get("contacts?$filter=" + enc("lastname eq 'O''Hara' and donotbulkemail eq false"))
                .json().get("value").size());
        assertEquals(1, api.get("contacts?$filter=" + enc("contains(fullname,'N O''HA') and startswith(emailaddress1,'ROISIN')"))
                .json().get("value").size());
        assertEquals(1, api.get("contacts?$filter=" + enc("contactid eq " + id.toUpperCase())).json().get("value").size());
        contacts.delete(id);
    }

    @Test
    void filterComparesNumbersDatesAndNulls() {
        List<Map<String, Object>> all = new ArrayList<>();
        for (String id : emu.table("contact").ids()) {
            all.add(emu.table("contact").get(id));
        }
        long expectedKids = all.stream().filter(r -> r.get("numberofchildren") != null
                && (Integer) r.get("numberofchildren") >= 2).count();
        assertEquals(expectedKids, count("numberofchildren ge 2"));
        long expectedNullIncome = all.stream().filter(r -> r.get("annualincome") == null).count();
        assertEquals(expectedNullIncome, count("annualincome eq null"));
        assertEquals(all.size() - expectedNullIncome, count("annualincome ne null"));
        Object someModified = all.get(all.size() / 2).get("modifiedon");
        long sameSecond = all.stream().filter(r -> r.get("modifiedon").equals(someModified)).count();
        assertEquals(sameSecond, count("modifiedon eq " + someModified));
        long later = all.stream().filter(r -> ((java.time.Instant) r.get("modifiedon")).isAfter((java.time.Instant) someModified)).count();
        assertEquals(later, count("modifiedon gt " + someModified));
        long incomeOver = all.stream().filter(r -> r.get("annualincome") != null
                && ((java.math.BigDecimal) r.get("annualincome")).compareTo(new java.math.BigDecimal("100000.50")) > 0).count();
        assertEquals(incomeOver, count("annualincome gt 100000.50"));
        assertTrue(sameSecond > 1, "seeded rows share modifiedon seconds");
    }

    private long count(String filter) {
        List<Integer> sizes = new ArrayList<>();
        return readAll("contacts?$select=contactid&$filter=" + enc(filter), 5000, sizes).size();
    }

    @Test
    void watermarkQueryWithTiesOrdersByModifiedOnThenVersion() {
        String filter = "modifiedon gt 2000-01-01T00:00:00Z or (modifiedon eq 2000-01-01T00:00:00Z and versionnumber gt 0)";
        List<Integer> sizes = new ArrayList<>();
        List<JsonNode> rows = readAll("contacts?$select=modifiedon,versionnumber&$filter=" + enc(filter)
                + "&$orderby=" + enc("modifiedon asc,versionnumber asc"), 333, sizes);
        assertEquals(emu.table("contact").count(), rows.size());
        for (int i = 1; i < rows.size(); i++) {
            String m0 = rows.get(i - 1).get("modifiedon").asText();
            String m1 = rows.get(i).get("modifiedon").asText();
            int c = m0.compareTo(m1);
            assertTrue(c < 0 || (c == 0 && rows.get(i - 1).get("versionnumber").asLong() < rows.get(i).get("versionnumber").asLong()),
                    "out of order at " + i);
        }
        JsonNode desc = api.get("accounts?$select=name,numberofemployees&$orderby=" + enc("numberofemployees desc,name asc")).json().get("value");
        for (int i = 1; i < desc.size(); i++) {
            assertTrue(desc.get(i - 1).get("numberofemployees").asInt() >= desc.get(i).get("numberofemployees").asInt());
        }
    }

    @Test
    void topCountAndSelectOfLookupAndMoneyColumns() {
        JsonNode body = api.get("contacts?$select=annualincome,_parentcustomerid_value,esc_engagementscore&$top=3&$count=true").json();
        assertEquals(3, body.get("value").size());
        assertEquals(3, body.get("@odata.count").asInt());
        assertFalse(body.has("@odata.nextLink"));
        JsonNode counted = api.get("leads?$select=leadid&$count=true").json();
        assertEquals(emu.table("lead").count(), counted.get("@odata.count").asInt());
        for (JsonNode row : body.get("value")) {
            assertTrue(row.has("_parentcustomerid_value"));
            if (!row.get("annualincome").isNull()) {
                assertTrue(row.get("annualincome").isNumber());
            }
            assertTrue(row.get("esc_engagementscore").isNumber());
        }
    }

    @Test
    void skipUnknownColumnsAndUnknownSetsAnswerODataErrors() {
        WebApiClient.Answer skip = api.get("contacts?$skip=10");
        assertEquals(400, skip.status());
        assertTrue(skip.json().path("error").path("message").asText().contains("$skip"), skip::toString);
        assertTrue(skip.json().path("error").has("code"));

        WebApiClient.Answer unknownColumn = api.get("contacts?$select=nosuchcolumn");
        assertEquals(400, unknownColumn.status());
        assertTrue(unknownColumn.json().path("error").path("message").asText().contains("nosuchcolumn"));

        WebApiClient.Answer unknownFilterColumn = api.get("contacts?$filter=" + enc("nosuch eq 'x'"));
        assertEquals(400, unknownFilterColumn.status());

        WebApiClient.Answer badType = api.get("contacts?$filter=" + enc("numberofchildren eq 'x'"));
        assertEquals(400, badType.status());

        WebApiClient.Answer badSyntax = api.get("contacts?$filter=" + enc("lastname eq 'unterminated"));
        assertEquals(400, badSyntax.status());

        WebApiClient.Answer unknownSet = api.get("nosuchthings");
        assertEquals(404, unknownSet.status());
        assertNotNull(unknownSet.json().path("error").path("message").asText(null));
    }

    @Test
    void marketingListsAndMembersIncludingAssociations() {
        JsonNode lists = api.get("lists?$select=listname,createdfromcode,type,query").json().get("value");
        assertEquals(3, lists.size());
        JsonNode staticContacts = null;
        for (JsonNode l : lists) {
            if (l.get("createdfromcode").asInt() == 2 && !l.get("type").asBoolean()) {
                staticContacts = l;
            }
            if (l.get("type").asBoolean()) {
                assertTrue(l.get("query").asText().startsWith("<fetch"));
            }
        }
        assertNotNull(staticContacts);
        String listId = staticContacts.get("listid").asText();
        List<Integer> sizes = new ArrayList<>();
        List<JsonNode> members = readAll("listmembers?$select=_listid_value,_entityid_value,entitytype&$filter="
                + enc("_listid_value eq " + listId), 50, sizes);
        assertFalse(members.isEmpty());
        Set<String> memberIds = new HashSet<>();
        members.forEach(m -> {
            assertEquals("contact", m.get("entitytype").asText());
            memberIds.add(m.get("_entityid_value").asText());
        });
        List<JsonNode> associated = readAll("lists(" + listId + ")/listcontact_association?$select=fullname,emailaddress1",
                40, new ArrayList<>());
        Set<String> associatedIds = new HashSet<>();
        associated.forEach(c -> associatedIds.add(c.get("contactid").asText()));
        assertEquals(memberIds, associatedIds);
    }

    @Test
    void singleRowReadAndCampaigns() {
        String id = emu.table("account").ids().get(3);
        JsonNode row = api.get("accounts(" + id + ")?$select=name").json();
        assertEquals(id, row.get("accountid").asText());
        assertEquals(emu.table("account").get(id).get("name"), row.get("name").asText());
        assertEquals(404, api.get("accounts(00000000-0000-0000-0000-000000000001)").status());
        assertEquals(2, api.get("campaigns?$select=name,budgetedcost").json().get("value").size());
    }

    @Test
    void countSegmentAndParallelismHint() {
        WebApiClient.Answer all = api.get("accounts/$count");
        assertEquals(200, all.status());
        assertEquals(Integer.toString(emu.table("account").count()), all.response.body());
        long active = emu.table("contact").ids().stream()
                .filter(id -> Integer.valueOf(1).equals(emu.table("contact").get(id).get("statecode"))).count();
        assertEquals(Long.toString(active), api.get("contacts/$count?$filter=" + enc("statecode eq 1")).response.body());
        assertEquals("4", all.header("x-ms-dop-hint"));
    }

    static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
