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

    @Test
    void unsupportedElementsAndUnknownAttributesAnswer400WithTheWebApiErrorShape() {
        WebApiClient.Answer link = fetch("contacts", "<fetch><entity name=\"contact\"><link-entity name=\"account\""
                + " from=\"accountid\" to=\"parentcustomerid\"/></entity></fetch>");
        assertEquals(400, link.status());
        assertTrue(link.json().path("error").path("message").asText().contains("'link-entity'"), link::toString);
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
