package io.dynamicsdotdigital.emulator.dotdigital;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Account info, auth, contacts, address books, data fields, v2 CSV imports and v3 contacts over real HTTPS. */
class RestContactsContractTest {
    static DotdigitalEmulator emu;
    static Rest rest;

    @BeforeAll
    static void start() {
        emu = DotdigitalEmulator.builder().port(0).https(true).soap(false)
                .apiUser("apiuser-demo@apiconnector.com", "demo-password")
                .seed(DotdigitalSeed.defaults().addressBooks(2).campaigns(1).activitiesPerCampaign(20).randomSeed(7))
                .build().start();
        rest = new Rest(emu);
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    static Map<String, Object> contactBody(String email, Object... kv) {
        List<Map<String, Object>> fields = new ArrayList<>();
        for (int i = 0; i < kv.length; i += 2) {
            Map<String, Object> f = new HashMap<>();
            f.put("key", kv[i]);
            f.put("value", kv[i + 1]);
            fields.add(f);
        }
        return Map.of("email", email, "optInType", "Single", "emailType", "Html", "dataFields", fields);
    }

    @Test
    void accountInfoReportsTheEndpointAndUsage() {
        JsonNode info = rest.get("/v2/account-info").json();
        Map<String, String> props = new HashMap<>();
        info.path("properties").forEach(p -> props.put(p.path("name").asText(), p.path("value").asText()));
        assertEquals(emu.baseUrl() + "/", props.get("ApiEndpoint"));
        assertEquals(emu.accountRegionUrl(), props.get("ApiEndpoint"));
        assertTrue(emu.baseUrl().startsWith("https://127.0.0.1:"));
        assertNotNull(props.get("ApiCallsInLastHour"));
        assertNotNull(props.get("ApiCallsRemaining"));
        assertEquals("Etc/UTC", props.get("TimeZoneIana"));
    }

    @Test
    void wrongCredentialsAre401WithDotdigitalsMessage() {
        Rest bad = new Rest(emu.baseUrl(), emu.apiUser(), "nope");
        Rest.Response r = bad.get("/v2/account-info");
        assertEquals(401, r.status());
        assertEquals("Authorization has been denied for this request.", r.json().path("message").asText());
        assertEquals(401, bad.get("/contacts/v3/import/x").status());
    }

    @Test
    void createsReadsAndUpdatesContactsByEmailAndId() {
        Rest.Response created = rest.post("/v2/contacts", contactBody("Jane.Doe@example.com", "FIRSTNAME", "Jane"));
        assertEquals(201, created.status(), created.body());
        JsonNode c = created.json();
        int id = c.path("id").asInt();
        assertEquals("Jane.Doe@example.com", c.path("email").asText());
        assertEquals("Subscribed", c.path("status").asText());
        assertEquals("Single", c.path("optInType").asText());
        assertEquals("Html", c.path("emailType").asText());
        boolean sawFirstName = false;
        for (JsonNode f : c.path("dataFields")) {
            if (f.path("key").asText().equals("FIRSTNAME")) {
                assertEquals("Jane", f.path("value").asText());
                sawFirstName = true;
            }
        }
        assertTrue(sawFirstName, c.toString());
        assertEquals(id, rest.get("/v2/contacts/jane.doe@example.com").json().path("id").asInt());
        assertEquals("Jane.Doe@example.com", rest.get("/v2/contacts/" + id).json().path("email").asText());
        rest.post("/v2/contacts", contactBody("jane.doe@example.com", "FIRSTNAME", "Janet"));
        assertEquals("Janet", emu.state().contactByEmail("JANE.DOE@example.com").orElseThrow().dataField("FIRSTNAME"));

        Rest.Response missing = rest.get("/v2/contacts/nobody@example.com");
        assertEquals(404, missing.status());
        assertEquals("Error: ERROR_CONTACT_NOT_FOUND", missing.json().path("message").asText());
        Rest.Response invalid = rest.post("/v2/contacts", contactBody("not-an-email"));
        assertEquals(400, invalid.status());
        assertEquals("Email is not a valid email address. ERROR_PARAMETER_INVALID",
                invalid.json().path("message").asText());
        Rest.Response unknownField = rest.post("/v2/contacts", contactBody("x1@example.com", "NOPE", "1"));
        assertEquals(400, unknownField.status());
    }

    @Test
    void addressBooksAndMembership() {
        Rest.Response created = rest.post("/v2/address-books", Map.of("name", "VIP customers", "visibility", "Private"));
        assertEquals(201, created.status(), created.body());
        int bookId = created.json().path("id").asInt();
        assertEquals("VIP customers", created.json().path("name").asText());
        assertEquals(0, created.json().path("contacts").asInt());
        assertEquals(bookId, emu.state().addressBookByName("VIP customers").orElseThrow().id());
        assertEquals(400, rest.post("/v2/address-books", Map.of("name", "x".repeat(129))).status());

        Rest.Response added = rest.post("/v2/address-books/" + bookId + "/contacts",
                contactBody("member1@example.com", "LASTNAME", "One"));
        assertEquals(200, added.status(), added.body());
        int contactId = added.json().path("id").asInt();
        rest.post("/v2/address-books/" + bookId + "/contacts", contactBody("member2@example.com"));
        assertEquals(java.util.Set.of("member1@example.com", "member2@example.com"),
                emu.state().addressBookMembers(bookId));
        assertEquals(2, rest.get("/v2/address-books/" + bookId).json().path("contacts").asInt());
        assertEquals(2, rest.get("/v2/address-books/" + bookId + "/contacts").json().size());

        assertEquals(204, rest.delete("/v2/address-books/" + bookId + "/contacts/" + contactId).status());
        assertEquals(java.util.Set.of("member2@example.com"), emu.state().addressBookMembers(bookId));

        int other = emu.state().contactByEmail("member2@example.com").orElseThrow().id();
        Rest.Response bulk = rest.post("/v2/address-books/" + bookId + "/contacts/delete", List.of(other));
        assertEquals(202, bulk.status());
        String deletionId = bulk.json().path("id").asText();
        assertEquals("Completed", rest.get("/v2/contacts/deletion/" + deletionId).json().path("status").asText());
        assertTrue(emu.state().addressBookMembers(bookId).isEmpty());

        JsonNode booksOfOther = rest.get("/v2/contacts/member2@example.com/address-books").json();
        assertEquals(0, booksOfOther.size());
        rest.post("/v2/address-books/" + bookId + "/contacts", contactBody("member3@example.com"));
        assertEquals(bookId, rest.get("/v2/contacts/member3@example.com/address-books").json().get(0).path("id")
                .asInt());
        int member3 = emu.state().contactByEmail("member3@example.com").orElseThrow().id();
        assertEquals(204, rest.delete("/v2/contacts/" + member3).status());
        assertTrue(emu.state().contactByEmail("member3@example.com").isEmpty());
        assertTrue(emu.state().addressBookMembers(bookId).isEmpty());
        assertEquals(404, rest.delete("/v2/contacts/" + member3).status());

        Rest.Response missing = rest.get("/v2/address-books/999999");
        assertEquals(404, missing.status());
        assertEquals("Error: ERROR_ADDRESSBOOK_NOT_FOUND", missing.json().path("message").asText());
        JsonNode all = rest.get("/v2/address-books?select=1000").json();
        assertTrue(all.size() >= 3);
        assertEquals(1, rest.get("/v2/address-books?select=1&skip=1").json().size());
    }

    @Test
    void suppressedContactCannotBeAddedToAnAddressBook() {
        int bookId = emu.state().createAddressBook("Suppression check", "Private").id();
        emu.state().suppress("bounced@example.com", Instant.now(), "HardBounced");
        Rest.Response r = rest.post("/v2/address-books/" + bookId + "/contacts", contactBody("bounced@example.com"));
        assertEquals(400, r.status());
        assertEquals("Contact is suppressed. ERROR_CONTACT_SUPPRESSED", r.json().path("message").asText());
        assertTrue(emu.state().addressBookMembers(bookId).isEmpty());
    }

    @Test
    void dataFieldsValidateNameTypeAndUniqueness() {
        Rest.Response ok = rest.post("/v2/data-fields", Map.of("name", "LOYALTY_POINTS", "type", "Numeric",
                "visibility", "Private"));
        assertEquals(201, ok.status(), ok.body());
        assertEquals("Numeric", ok.json().path("type").asText());
        Rest.Response dup = rest.post("/v2/data-fields", Map.of("name", "loyalty_points", "type", "Numeric"));
        assertEquals(400, dup.status());
        assertEquals("Field already exists. ERROR_NON_UNIQUE_DATAFIELD", dup.json().path("message").asText());
        assertEquals(400, rest.post("/v2/data-fields", Map.of("name", "X".repeat(21), "type", "String")).status());
        assertEquals(400, rest.post("/v2/data-fields", Map.of("name", "bad name", "type", "String")).status());
        assertEquals(400, rest.post("/v2/data-fields", Map.of("name", "OKNAME", "type", "Money")).status());
        boolean listed = false;
        for (JsonNode f : rest.get("/v2/data-fields").json()) {
            listed |= f.path("name").asText().equals("LOYALTY_POINTS");
        }
        assertTrue(listed);
        rest.post("/v2/data-fields", Map.of("name", "TEMPFIELD", "type", "String"));
        assertEquals(200, rest.delete("/v2/data-fields/TEMPFIELD").status());
        assertTrue(emu.state().dataField("TEMPFIELD").isEmpty());
        assertEquals(404, rest.delete("/v2/data-fields/TEMPFIELD").status());
    }

    @Test
    void csvImportByMultipartRunsToFinishedWithReportAndFaults() {
        int bookId = emu.state().createAddressBook("CSV import book", "Private").id();
        emu.state().suppress("csv-suppressed@example.com", Instant.now(), "Suppressed");
        emu.state().upsertContact("csv-existing@example.com", Map.of("FIRSTNAME", "Old"));
        String csv = "Email,FIRSTNAME,LASTNAME,UNMAPPED\r\n"
                + "csv-new@example.com,New,\"Person, Jr\",x\r\n"
                + "csv-existing@example.com,Updated,,x\r\n"
                + "not-an-email,Bad,,x\r\n"
                + "csv-new@example.com,Twice,,x\r\n"
                + "csv-suppressed@example.com,Sup,,x\r\n";
        String boundary = "----emulatorBoundary42";
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + csv + "\r\n--" + boundary + "--\r\n";
        Rest.Response accepted = rest.send("POST", "/v2/address-books/" + bookId + "/contacts/import",
                multipart.getBytes(StandardCharsets.UTF_8), "multipart/form-data; boundary=" + boundary);
        assertEquals(202, accepted.status(), accepted.body());
        String id = accepted.json().path("id").asText();
        assertEquals("NotFinished", accepted.json().path("status").asText());
        JsonNode done = rest.awaitImport("/v2/contacts/import/" + id, "id");
        assertEquals("Finished", done.path("status").asText());
        JsonNode report = rest.get("/v2/contacts/import/" + id + "/report").json();
        assertEquals(1, report.path("newContacts").asInt());
        assertEquals(1, report.path("updatedContacts").asInt());
        assertEquals(1, report.path("invalidEntries").asInt());
        assertEquals(1, report.path("duplicateEmails").asInt());
        assertEquals(1, report.path("globallySuppressed").asInt());
        Rest.Response faults = rest.get("/v2/contacts/import/" + id + "/report-faults");
        assertEquals(200, faults.status());
        String[] lines = faults.body().split("\r\n");
        assertEquals("Reason,email,firstname,lastname,unmapped", lines[0]);
        assertEquals(4, lines.length, faults.body());
        assertEquals(List.of("InvalidEmail,not-an-email,Bad,,x", "Duplicate,csv-new@example.com,Twice,,x",
                "Suppressed,csv-suppressed@example.com,Sup,,x"), List.of(lines).subList(1, 4));
        assertEquals("Person, Jr", emu.state().contactByEmail("csv-new@example.com").orElseThrow()
                .dataField("LASTNAME"));
        assertEquals("Updated", emu.state().contactByEmail("csv-existing@example.com").orElseThrow()
                .dataField("FIRSTNAME"));
        assertTrue(emu.state().addressBookMembers(bookId).contains("csv-new@example.com"));
        assertFalse(emu.state().addressBookMembers(bookId).contains("csv-suppressed@example.com"));
        assertEquals("Suppressed", emu.state().contactByEmail("csv-suppressed@example.com").orElseThrow().status());
    }

    @Test
    void csvImportByJsonBase64WithMergeOption() {
        int bookId = emu.state().createAddressBook("JSON import book", "Private").id();
        emu.state().upsertContact("merge@example.com", Map.of("FIRSTNAME", "Keep"));
        String csv = "email,FIRSTNAME,LASTNAME\nmerge@example.com,,Added\n";
        Rest.Response accepted = rest.post("/v2/address-books/" + bookId
                        + "/contacts/import/with-merge-option/OnlyOverwriteIfNotEmpty",
                Map.of("fileName", "c.csv", "data", Base64.getEncoder().encodeToString(csv.getBytes(StandardCharsets.UTF_8))));
        assertEquals(202, accepted.status(), accepted.body());
        JsonNode done = rest.awaitImport("/v2/contacts/import/" + accepted.json().path("id").asText(), "id");
        assertEquals("Finished", done.path("status").asText());
        var c = emu.state().contactByEmail("merge@example.com").orElseThrow();
        assertEquals("Keep", c.dataField("FIRSTNAME"));
        assertEquals("Added", c.dataField("LASTNAME"));
    }

    @Test
    void csvWithoutEmailColumnEndsInvalidFileFormat() {
        int bookId = emu.state().createAddressBook("Bad CSV", "Private").id();
        Rest.Response accepted = rest.post("/v2/address-books/" + bookId + "/contacts/import",
                Map.of("fileName", "c.csv", "data", Base64.getEncoder().encodeToString("Name\nx\n".getBytes(StandardCharsets.UTF_8))));
        JsonNode done = rest.awaitImport("/v2/contacts/import/" + accepted.json().path("id").asText(), "id");
        assertEquals("InvalidFileFormat", done.path("status").asText());
    }

    @Test
    void v3PatchCreatesThenUpdates() {
        Map<String, Object> body = Map.of("identifiers", Map.of("email", "v3patch@example.com"),
                "dataFields", Map.of("FIRSTNAME", "Pat"),
                "channelProperties", Map.of("email", Map.of("status", "subscribed", "optInType", "Double",
                        "emailType", "Html")));
        Rest.Response created = rest.patch("/contacts/v3/email/v3patch@example.com?merge-option=overwrite", body);
        assertEquals(201, created.status(), created.body());
        JsonNode c = created.json();
        assertEquals("v3patch@example.com", c.path("identifiers").path("email").asText());
        assertEquals("Pat", c.path("dataFields").path("FIRSTNAME").asText());
        assertEquals("subscribed", c.path("channelProperties").path("email").path("status").asText());
        assertEquals("Double", c.path("channelProperties").path("email").path("optInType").asText());
        Rest.Response updated = rest.patch("/contacts/v3/email/v3patch@example.com",
                Map.of("dataFields", Map.of("LASTNAME", "Smith")));
        assertEquals(200, updated.status(), updated.body());
        assertEquals("Pat", updated.json().path("dataFields").path("FIRSTNAME").asText());
        assertEquals("Smith", updated.json().path("dataFields").path("LASTNAME").asText());
        Rest.Response missing = rest.get("/contacts/v3/email/nobody-v3@example.com");
        assertEquals(404, missing.status());
        assertEquals("contacts:contactNotFound", missing.json().path("errorCode").asText());
        assertTrue(missing.json().has("description"));
        Rest.Response bad = rest.patch("/contacts/v3/email/not-an-email", Map.of());
        assertEquals(400, bad.status());
        assertTrue(bad.json().path("details").isArray());
    }

    @Test
    void v3PatchNeverResubscribesASuppressedContact() {
        emu.state().suppress("v3sup@example.com", Instant.now(), "Unsubscribed");
        Rest.Response r = rest.patch("/contacts/v3/email/v3sup@example.com", Map.of(
                "dataFields", Map.of("FIRSTNAME", "Stale"),
                "channelProperties", Map.of("email", Map.of("status", "subscribed"))));
        assertEquals(200, r.status(), r.body());
        assertEquals("unsubscribed", r.json().path("status").asText());
        assertEquals("Unsubscribed", emu.state().contactByEmail("v3sup@example.com").orElseThrow().status());
    }

    @Test
    void v3ImportReportsPerContactFailures() {
        int listId = emu.state().createAddressBook("v3 list", "Private").id();
        emu.state().suppress("v3-import-suppressed@example.com", Instant.now(), "HardBounced");
        emu.state().addDataField("BIRTHDAY", "Date", "Private", null);
        List<Object> contacts = List.of(
                v3("v3-import-new@example.com", Map.of("FIRSTNAME", "New", "BIRTHDAY", "1990-02-03"), listId),
                v3("not-valid-email", Map.of(), listId),
                v3("v3-import-new@example.com", Map.of(), listId),
                v3("v3-import-suppressed@example.com", Map.of(), listId),
                v3("v3-import-schema@example.com", Map.of("NOSUCHFIELD", "x"), listId),
                v3("v3-import-type@example.com", Map.of("BIRTHDAY", "not a date"), listId),
                Map.of("matchIdentifier", "email", "identifiers", Map.of()));
        Rest.Response accepted = rest.put("/contacts/v3/import", Map.of("mergeOption", "overwrite",
                "contacts", contacts));
        assertEquals(202, accepted.status(), accepted.body());
        String importId = accepted.json().path("importId").asText();
        JsonNode done = rest.awaitImport("/contacts/v3/import/" + importId, "importId");
        assertEquals("Finished", done.path("status").asText(), done.toString());
        assertEquals(importId, done.path("importId").asText());
        JsonNode summary = done.path("summary");
        assertEquals(1, summary.path("newContacts").asInt());
        assertEquals(1, summary.path("duplicateIdentifiers").asInt());
        assertEquals(1, summary.path("globallySuppressed").asInt());
        assertEquals(4, summary.path("invalidEntries").asInt());
        assertEquals(1, done.path("created").size());
        Map<String, String> codes = new HashMap<>();
        for (JsonNode f : done.path("failures")) {
            codes.put(f.path("identifiers").path("email").asText("<none>"),
                    f.path("failures").get(0).path("failureCode").asText());
            assertEquals("email", f.path("matchIdentifier").asText());
        }
        assertEquals("InvalidEmail", codes.get("not-valid-email"));
        assertEquals("Duplicate", codes.get("v3-import-new@example.com"));
        assertEquals("GloballySuppressed", codes.get("v3-import-suppressed@example.com"));
        assertEquals("ApiSchemaViolation", codes.get("v3-import-schema@example.com"));
        assertEquals("ApiSchemaViolation", codes.get("v3-import-type@example.com"));
        assertEquals("NoValidIdentifiers", codes.get("<none>"));
        assertEquals("HardBounced", emu.state().contactByEmail("v3-import-suppressed@example.com").orElseThrow()
                .status());
        assertTrue(emu.state().addressBookMembers(listId).contains("v3-import-new@example.com"));
        assertEquals("1990-02-03T00:00:00Z", emu.state().contactByEmail("v3-import-new@example.com").orElseThrow()
                .dataField("BIRTHDAY"));
        Rest.Response unknown = rest.get("/contacts/v3/import/does-not-exist");
        assertEquals(404, unknown.status());
        assertEquals("contacts:importNotFound", unknown.json().path("errorCode").asText());
    }

    static Map<String, Object> v3(String email, Map<String, Object> fields, int listId) {
        return Map.of("matchIdentifier", "email", "identifiers", Map.of("email", email), "dataFields", fields,
                "channelProperties", Map.of("email", Map.of("status", "subscribed", "optInType", "Single",
                        "emailType", "Html")),
                "lists", List.of(listId));
    }

    @Test
    void v3ListPagesAscendingWithMarkers() {
        Instant from = emu.state().now();
        for (int i = 0; i < 7; i++) {
            emu.state().upsertContact("v3list" + i + "@example.com", Map.of());
        }
        String filter = "~modified=gte::" + Dates.format(from.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        List<String> seen = new ArrayList<>();
        String path = "/contacts/v3?" + filter + "&limit=3";
        for (int page = 0; page < 10 && path != null; page++) {
            JsonNode r = rest.get(path).json();
            r.path("_items").forEach(i -> seen.add(i.path("identifiers").path("email").asText()));
            JsonNode next = r.path("_links").path("next");
            path = next.isMissingNode() ? null : "/contacts/v3?" + filter + "&limit=3&marker="
                    + next.path("marker").asText();
            if (!next.isMissingNode()) {
                assertTrue(next.path("link").asText().contains("marker="));
            }
        }
        for (int i = 0; i < 7; i++) {
            assertTrue(seen.contains("v3list" + i + "@example.com"), seen.toString());
        }
        assertEquals(seen.size(), new java.util.HashSet<>(seen).size(), "no duplicates across pages");
        assertEquals(400, rest.get("/contacts/v3?limit=5001").status());
        assertEquals(400, rest.get("/contacts/v3?~modified=gte::2024-01-01T00:00:00%2B00:00").status());
    }

    @Test
    void oversizedBodiesAre413() {
        byte[] big = new byte[(int) HttpCall.MAX_BODY_BYTES + 10];
        java.util.Arrays.fill(big, (byte) ' ');
        Rest.Response r = rest.send("PUT", "/contacts/v3/import", big, "application/json");
        assertEquals(413, r.status());
    }
}
