package io.dynamicsdotdigital.emulator.dataverse;

import static io.dynamicsdotdigital.emulator.dataverse.WebApiClient.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** FetchXML over the Web API as the service answers it: results, paging cookies, and 400 for the unsupported. */
class FetchXmlContractTest {
    static final String COOKIE_PREFER = "odata.include-annotations=\"Microsoft.Dynamics.CRM.fetchxmlpagingcookie\"";
    static final Pattern COOKIE = Pattern.compile("pagenumber=\"(\\d+)\" pagingcookie=\"([^\"]*)\"");
    static DataverseEmulator emu;
    static WebApiClient api;
    static Set<String> smiths = new HashSet<>();

    @BeforeAll
    static void start() {
        emu = DataverseEmulator.builder().seed(DataverseSeed.empty()).build().start();
        api = new WebApiClient(emu);
        EmulatedTable contacts = emu.table("contact");
        for (int i = 0; i < 130; i++) {
            String id = contacts.create(Map.of("lastname", i % 2 == 0 ? "Smith" : "Jones",
                    "firstname", "P" + i, "emailaddress1", "p" + i + "@example.com", "numberofchildren", i % 5,
                    "donotbulkemail", i % 3 == 0));
            if (i % 2 == 0) {
                smiths.add(id);
            }
        }
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    static WebApiClient.Answer fetch(String set, String fetchXml, String... prefer) {
        return api.get(set + "?fetchXml=" + enc(fetchXml), prefer);
    }

    /** Reads every page the way Microsoft documents it: page+1 and the twice-decoded cookie, XML-escaped. */
    static List<String> readAllIds(String entityXml, int count, List<Integer> pageSizes) {
        List<String> ids = new ArrayList<>();
        String cookie = null;
        for (int page = 1; page < 100; page++) {
            String fetch = "<fetch count=\"" + count + "\" page=\"" + page + "\""
                    + (cookie == null ? "" : " paging-cookie=\"" + cookie.replace("&", "&amp;").replace("<", "&lt;")
                    .replace(">", "&gt;").replace("\"", "&quot;") + "\"") + ">" + entityXml + "</fetch>";
            WebApiClient.Answer a = fetch("contacts", fetch, COOKIE_PREFER);
            assertEquals(200, a.status(), a::toString);
            JsonNode body = a.json();
            body.path("value").forEach(r -> ids.add(r.get("contactid").asText()));
            pageSizes.add(body.path("value").size());
            if (!body.path("@Microsoft.Dynamics.CRM.morerecords").asBoolean()) {
                return ids;
            }
            Matcher m = COOKIE.matcher(body.path("@Microsoft.Dynamics.CRM.fetchxmlpagingcookie").asText());
            assertTrue(m.find(), body::toString);
            assertEquals(page + 1, Integer.parseInt(m.group(1)));
            cookie = URLDecoder.decode(URLDecoder.decode(m.group(2), StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        }
        throw new AssertionError("paging did not end");
    }

    @Test
    void filterSelectsTheMatchingRowsWithTheRequestedAttributesAndTheKey() {
        WebApiClient.Answer a = fetch("contacts", "<fetch><entity name=\"contact\"><attribute name=\"lastname\"/>"
                + "<filter type=\"and\"><condition attribute=\"lastname\" operator=\"eq\" value=\"smith\"/></filter>"
                + "</entity></fetch>");
        assertEquals(200, a.status(), a::toString);
        Set<String> ids = new HashSet<>();
        for (JsonNode r : a.json().get("value")) {
            ids.add(r.get("contactid").asText());
            assertEquals("Smith", r.get("lastname").asText());
            assertFalse(r.has("emailaddress1"));
        }
        assertEquals(smiths, ids);
        assertFalse(a.json().has("@Microsoft.Dynamics.CRM.fetchxmlpagingcookie"), "annotations only when asked");
    }

    @Test
    void pagingCookiesWalkEveryRowOnceInOrder() {
        List<Integer> sizes = new ArrayList<>();
        List<String> ids = readAllIds("<entity name=\"contact\"><attribute name=\"contactid\"/>"
                + "<order attribute=\"lastname\"/></entity>", 50, sizes);
        assertEquals(List.of(50, 50, 30), sizes);
        assertEquals(130, new HashSet<>(ids).size());
        assertEquals(emu.table("contact").ids().stream().collect(java.util.stream.Collectors.toSet()),
                new HashSet<>(ids));
    }

    @Test
    void aPageCookieIsTheInnerCookieUrlEncodedTwice() {
        WebApiClient.Answer a = fetch("contacts", "<fetch count=\"10\"><entity name=\"contact\">"
                + "<attribute name=\"contactid\"/></entity></fetch>", COOKIE_PREFER);
        String annotation = a.json().get("@Microsoft.Dynamics.CRM.fetchxmlpagingcookie").asText();
        assertTrue(annotation.startsWith("<cookie pagenumber=\"2\" pagingcookie=\"%253ccookie%2520page%253d%25221%2522"),
                annotation);
        assertTrue(annotation.endsWith("\" istracking=\"False\" />"), annotation);
        assertTrue(a.json().get("@Microsoft.Dynamics.CRM.morerecords").asBoolean());
    }

    @Test
    void nestedOrFiltersAndTheCommonOperators() {
        String xml = "<fetch><entity name=\"contact\"><attribute name=\"contactid\"/><filter type=\"or\">"
                + "<filter><condition attribute=\"lastname\" operator=\"like\" value=\"jon%\"/>"
                + "<condition attribute=\"numberofchildren\" operator=\"in\"><value>0</value><value>1</value></condition>"
                + "</filter><condition attribute=\"donotbulkemail\" operator=\"eq\" value=\"1\"/></filter>"
                + "</entity></fetch>";
        assertEquals(400, fetch("contacts", xml.replace("value=\"1\"", "value=\"maybe\"")).status());
        WebApiClient.Answer a = fetch("contacts", xml);
        assertEquals(200, a.status(), a::toString);
        int expected = 0;
        for (int i = 0; i < 130; i++) {
            if ((i % 2 == 1 && i % 5 <= 1) || i % 3 == 0) {
                expected++;
            }
        }
        assertEquals(expected, a.json().get("value").size());
        WebApiClient.Answer nulls = fetch("contacts", "<fetch><entity name=\"contact\"><filter>"
                + "<condition attribute=\"jobtitle\" operator=\"null\"/>"
                + "<condition attribute=\"numberofchildren\" operator=\"ge\" value=\"4\"/></filter></entity></fetch>");
        assertEquals(26, nulls.json().get("value").size(), nulls::toString);
    }

    @Test
    void dateOperatorsCompareWholeDays() {
        String template = "<fetch><entity name=\"contact\"><attribute name=\"contactid\"/><filter>"
                + "<condition attribute=\"createdon\" operator=\"%s\" value=\"%s\"/></filter></entity></fetch>";
        assertEquals(130, fetch("contacts", String.format(template, "last-x-days", "1")).json().get("value").size());
        assertEquals(130, fetch("contacts", String.format(template, "on-or-after", "2000-01-01")).json()
                .get("value").size());
        assertEquals(0, fetch("contacts", String.format(template, "on-or-after", "2999-01-01")).json()
                .get("value").size());
        assertEquals(0, fetch("contacts", String.format(template, "on-or-before", "2000-01-01")).json()
                .get("value").size());
    }

    /** Ten accounts, one per contact P0, P2, ... P18 as its primary contact; every other one in Bath. */
    static Map<String, String> accountsByContact() {
        EmulatedTable accounts = emu.table("account");
        Map<String, String> out = new java.util.HashMap<>();
        if (accounts.count() > 0) {
            for (String id : accounts.ids()) {
                out.put(String.valueOf(accounts.get(id).get("_primarycontactid_value")), id);
            }
            return out;
        }
        EmulatedTable contacts = emu.table("contact");
        for (String contact : contacts.ids()) {
            int i = Integer.parseInt(String.valueOf(contacts.get(contact).get("firstname")).substring(1));
            if (i % 2 == 0 && i < 20) {
                out.put(contact, accounts.create(Map.of("name", "Account " + i, "address1_city",
                        i % 4 == 0 ? "Bath" : "Derby", "primarycontactid", contact)));
            }
        }
        return out;
    }

    @Test
    void anInnerLinkEntityJoinsFiltersAndReturnsTheLinkedColumnsUnderItsAlias() {
        Map<String, String> accounts = accountsByContact();
        WebApiClient.Answer a = fetch("accounts", "<fetch><entity name=\"account\"><attribute name=\"name\"/>"
                + "<link-entity name=\"contact\" from=\"contactid\" to=\"primarycontactid\" link-type=\"inner\""
                + " alias=\"pc\"><attribute name=\"emailaddress1\"/><filter><condition attribute=\"firstname\""
                + " operator=\"in\"><value>P0</value><value>P2</value><value>P4</value><value>P7</value></condition>"
                + "</filter></link-entity></entity></fetch>");
        assertEquals(200, a.status(), a::toString);
        Set<String> emails = new HashSet<>();
        for (JsonNode r : a.json().get("value")) {
            assertTrue(r.has("accountid") && r.has("name"), r::toString);
            assertTrue(accounts.containsValue(r.get("accountid").asText()), r::toString);
            emails.add(r.get("pc.emailaddress1").asText());
            assertFalse(r.has("pc.firstname"), "only the link's own attributes");
        }
        assertEquals(Set.of("p0@example.com", "p2@example.com", "p4@example.com"), emails,
                "the primary contacts P0, P2, P4 (P7 is a Jones and no account's primary contact)");
    }

    @Test
    void anOuterLinkEntityKeepsRowsWithoutAMatchAndEntitynameConditionsFindThem() {
        Map<String, String> accounts = accountsByContact();
        String outer = "<fetch><entity name=\"contact\"><attribute name=\"contactid\"/>"
                + "<link-entity name=\"account\" from=\"primarycontactid\" to=\"contactid\" link-type=\"outer\">"
                + "<attribute name=\"address1_city\"/></link-entity>%s</entity></fetch>";
        WebApiClient.Answer all = fetch("contacts", String.format(outer, ""));
        assertEquals(200, all.status(), all::toString);
        assertEquals(130, all.json().get("value").size(), "every contact once: none is two accounts' primary");
        int linked = 0;
        for (JsonNode r : all.json().get("value")) {
            // No alias: the service names the link after its table.
            JsonNode city = r.get("account1.address1_city");
            assertTrue(r.has("account1.address1_city"), r::toString);
            if (!city.isNull()) {
                linked++;
                assertTrue(accounts.containsKey(r.get("contactid").asText()));
            }
        }
        assertEquals(accounts.size(), linked);
        WebApiClient.Answer without = fetch("contacts", String.format(outer, "<filter><condition"
                + " entityname=\"account1\" attribute=\"accountid\" operator=\"null\"/></filter>"));
        assertEquals(200, without.status(), without::toString);
        assertEquals(130 - accounts.size(), without.json().get("value").size(), "contacts that are no account's"
                + " primary contact");
        WebApiClient.Answer bath = fetch("contacts", String.format(outer, "<filter><condition"
                + " entityname=\"account1\" attribute=\"address1_city\" operator=\"eq\" value=\"Bath\"/></filter>"));
        assertEquals(5, bath.json().get("value").size(), bath::toString);
    }

    @Test
    void aOneToManyLinkRepeatsTheEntityRowPerMatchAndPagesByNumber() {
        accountsByContact();
        List<String> seen = new ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            WebApiClient.Answer a = fetch("accounts", "<fetch count=\"4\" page=\"" + page + "\"><entity"
                    + " name=\"account\"><attribute name=\"accountid\"/><link-entity name=\"contact\""
                    + " from=\"lastname\" to=\"name\" alias=\"c\"/></entity></fetch>", COOKIE_PREFER);
            assertEquals(200, a.status(), a::toString);
            a.json().get("value").forEach(r -> seen.add(r.get("accountid").asText()));
        }
        assertEquals(0, seen.size(), "no account is named like a contact's last name: the inner link drops all");
        EmulatedTable accounts = emu.table("account");
        String smithsInc = accounts.create(Map.of("name", "Smith"));
        try {
            WebApiClient.Answer first = fetch("accounts", "<fetch count=\"40\" page=\"1\"><entity name=\"account\">"
                    + "<attribute name=\"accountid\"/><link-entity name=\"contact\" from=\"lastname\" to=\"name\""
                    + " alias=\"c\"><attribute name=\"contactid\"/></link-entity></entity></fetch>", COOKIE_PREFER);
            WebApiClient.Answer second = fetch("accounts", "<fetch count=\"40\" page=\"2\"><entity name=\"account\">"
                    + "<attribute name=\"accountid\"/><link-entity name=\"contact\" from=\"lastname\" to=\"name\""
                    + " alias=\"c\"><attribute name=\"contactid\"/></link-entity></entity></fetch>", COOKIE_PREFER);
            assertTrue(first.json().get("@Microsoft.Dynamics.CRM.morerecords").asBoolean());
            assertFalse(second.json().get("@Microsoft.Dynamics.CRM.morerecords").asBoolean());
            Set<String> contacts = new HashSet<>();
            for (WebApiClient.Answer a : List.of(first, second)) {
                for (JsonNode r : a.json().get("value")) {
                    assertEquals(smithsInc, r.get("accountid").asText());
                    contacts.add(r.get("c.contactid").asText());
                }
            }
            assertEquals(smiths, contacts, "one row per Smith, across two pages, none twice or lost");
        } finally {
            accounts.delete(smithsInc);
        }
    }

    @Test
    void linkEntitiesNestedDeeperThanOneLevelAndOtherLinkTypesAnswer400() {
        WebApiClient.Answer nested = fetch("contacts", "<fetch><entity name=\"contact\"><link-entity name=\"account\""
                + " from=\"primarycontactid\" to=\"contactid\"><link-entity name=\"lead\" from=\"parentaccountid\""
                + " to=\"accountid\"/></link-entity></entity></fetch>");
        assertEquals(400, nested.status());
        assertEquals("0x80040203", nested.json().path("error").path("code").asText());
        assertTrue(nested.json().path("error").path("message").asText().contains("one level of link-entity"),
                nested::toString);
        WebApiClient.Answer exists = fetch("contacts", "<fetch><entity name=\"contact\"><link-entity"
                + " name=\"account\" from=\"primarycontactid\" to=\"contactid\" link-type=\"exists\"/></entity></fetch>");
        assertEquals(400, exists.status());
        assertTrue(exists.json().path("error").path("message").asText().contains("'exists'"), exists::toString);
        assertEquals(400, fetch("contacts", "<fetch><entity name=\"contact\"><link-entity name=\"nosuchtable\""
                + " from=\"x\" to=\"contactid\"/></entity></fetch>").status());
        assertEquals(400, fetch("contacts", "<fetch><entity name=\"contact\"><link-entity name=\"account\""
                + " to=\"contactid\"/></entity></fetch>").status());
        assertEquals(400, fetch("contacts", "<fetch><entity name=\"contact\"><filter><condition entityname=\"x\""
                + " attribute=\"name\" operator=\"null\"/></filter></entity></fetch>").status());
    }

    @Test
    void unsupportedElementsAndUnknownAttributesAnswer400WithTheWebApiErrorShape() {
        WebApiClient.Answer link = fetch("contacts", "<fetch aggregate=\"true\"><entity name=\"contact\"/></fetch>");
        assertEquals(400, link.status());
        assertTrue(link.json().path("error").path("message").asText().contains("'aggregate'"), link::toString);
        assertEquals("0x80040203", link.json().path("error").path("code").asText());
        WebApiClient.Answer unknown = fetch("contacts", "<fetch><entity name=\"contact\"><attribute name=\"nope\"/>"
                + "</entity></fetch>");
        assertEquals(400, unknown.status());
        assertTrue(unknown.json().path("error").path("message").asText().contains("'nope'"), unknown::toString);
        assertEquals(400, fetch("contacts", "<fetch><entity name=\"lead\"/></fetch>").status());
        assertEquals(400, fetch("contacts", "<fetch count=\"5001\"><entity name=\"contact\"/></fetch>").status());
        assertEquals(400, fetch("contacts", "<fetch><entity").status());
        assertNull(fetch("contacts", "<fetch><entity name=\"contact\"/></fetch>").json().get("error"));
    }
}
