package io.dynamicsdotdigital.emulator.dataverse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WritesContractTest {
    static DataverseEmulator emu;
    static WebApiClient api;

    @BeforeAll
    static void start() {
        emu = DataverseEmulator.builder().seed(DataverseSeed.empty().accounts(3)).build().start();
        emu.defineTable(TableDefinition.custom("esc_subscriber", "esc_subscribers", "esc_subscriberid", true,
                AttributeDefinition.of("esc_email", AttributeType.String),
                AttributeDefinition.of("esc_status", AttributeType.Picklist)).withAlternateKey("esc_email"));
        api = new WebApiClient(emu);
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    private static WebApiClient.Answer send(String method, String relative, String json, Map<String, String> headers,
                                            String... prefer) {
        HttpRequest.Builder b = api.request(relative, prefer).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(b::header);
        return api.send(b.build());
    }

    private static String idFrom(WebApiClient.Answer created) {
        String entityId = created.header("OData-EntityId");
        assertNotNull(entityId, created::toString);
        return entityId.substring(entityId.lastIndexOf('(') + 1, entityId.length() - 1);
    }

    @Test
    void createUpdateDeleteWithLookupsAndETags() {
        String accountId = emu.table("account").ids().get(0);
        WebApiClient.Answer created = send("POST", "contacts", "{\"firstname\":\"Nia\",\"lastname\":\"Okafor\","
                + "\"emailaddress1\":\"nia@example.com\",\"annualincome\":1234.5,"
                + "\"parentcustomerid_account@odata.bind\":\"/accounts(" + accountId + ")\"}", Map.of());
        assertEquals(204, created.status(), created::toString);
        String id = idFrom(created);
        Map<String, Object> row = emu.table("contact").get(id);
        assertEquals(accountId, row.get("_parentcustomerid_value"));
        assertEquals(new java.math.BigDecimal("1234.50"), row.get("annualincome"));

        String etag = "W/\"" + row.get("versionnumber") + "\"";
        WebApiClient.Answer stale = send("PATCH", "contacts(" + id + ")", "{\"jobtitle\":\"CTO\"}", Map.of("If-Match", "W/\"1\""));
        assertEquals(412, stale.status());
        WebApiClient.Answer patched = send("PATCH", "contacts(" + id + ")", "{\"jobtitle\":\"CTO\"}", Map.of("If-Match", etag),
                "return=representation");
        assertEquals(200, patched.status(), patched::toString);
        assertEquals("CTO", patched.json().get("jobtitle").asText());

        WebApiClient.Answer createOnly = send("PATCH", "contacts(" + id + ")", "{\"jobtitle\":\"x\"}", Map.of("If-None-Match", "*"));
        assertEquals(412, createOnly.status());
        WebApiClient.Answer updateOnly = send("PATCH", "contacts(00000000-0000-4000-8000-000000000abc)", "{\"jobtitle\":\"x\"}",
                Map.of("If-Match", "*"));
        assertEquals(404, updateOnly.status());

        assertEquals(204, send("DELETE", "contacts(" + id + ")", null, Map.of()).status());
        assertNull(emu.table("contact").get(id));
        assertEquals(404, send("DELETE", "contacts(" + id + ")", null, Map.of()).status());

        WebApiClient.Answer badColumn = send("POST", "contacts", "{\"nosuch\":1}", Map.of());
        assertEquals(400, badColumn.status());
        assertTrue(badColumn.json().get("error").get("message").asText().contains("nosuch"));
    }

    @Test
    void upsertByAlternateKeyCreatesThenUpdates() {
        WebApiClient.Answer first = send("PATCH", "esc_subscribers(esc_email='o''neil@example.com')", "{\"esc_status\":1}", Map.of());
        assertEquals(204, first.status(), first::toString);
        String id = idFrom(first);
        assertEquals("o'neil@example.com", emu.table("esc_subscriber").get(id).get("esc_email"));
        WebApiClient.Answer second = send("PATCH", "esc_subscribers(esc_email='O''Neil@example.com')", "{\"esc_status\":2}", Map.of());
        assertEquals(204, second.status());
        assertEquals(id, idFrom(second));
        assertEquals(2, emu.table("esc_subscriber").get(id).get("esc_status"));
        assertEquals(1, emu.table("esc_subscriber").count());
    }

    private static WebApiClient.Answer batch(String body, String boundary) {
        return api.send(api.request("$batch").header("Content-Type", "multipart/mixed; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void batchRunsChangeSetsAtomicallyAndPlainRequests() {
        String b = "batch_7c1e";
        String cs = "changeset_91a2";
        String body = "--" + b + "\r\n"
                + "Content-Type: multipart/mixed; boundary=" + cs + "\r\n\r\n"
                + "--" + cs + "\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: 1\r\n\r\n"
                + "POST " + emu.webApiUrl() + "accounts HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{\"name\":\"Batch Co\"}\r\n"
                + "--" + cs + "\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: 2\r\n\r\n"
                + "POST contacts HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{\"lastname\":\"Batchworth\",\"parentcustomerid_account@odata.bind\":\"$1\"}\r\n"
                + "--" + cs + "--\r\n"
                + "--" + b + "\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
                + "GET accounts?$select=name&$filter=name%20eq%20'Batch%20Co' HTTP/1.1\r\nAccept: application/json\r\n\r\n"
                + "--" + b + "--\r\n";
        WebApiClient.Answer a = batch(body, b);
        assertEquals(200, a.status(), a::toString);
        assertTrue(a.header("Content-Type").startsWith("multipart/mixed; boundary=batchresponse_"));
        assertEquals(2, count(a.response.body(), "HTTP/1.1 204 No Content"), a.response.body());
        assertTrue(a.response.body().contains("\"name\":\"Batch Co\""), a.response.body());
        JsonNode contact = api.get("contacts?$select=_parentcustomerid_value&$filter=lastname%20eq%20'Batchworth'").json().get("value").get(0);
        JsonNode account = api.get("accounts?$select=name&$filter=name%20eq%20'Batch%20Co'").json().get("value").get(0);
        assertEquals(account.get("accountid").asText(), contact.get("_parentcustomerid_value").asText());

        int accountsBefore = emu.table("account").count();
        String failing = "--" + b + "\r\nContent-Type: multipart/mixed; boundary=" + cs + "\r\n\r\n"
                + "--" + cs + "\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: 1\r\n\r\n"
                + "POST accounts HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{\"name\":\"Rolled Back\"}\r\n"
                + "--" + cs + "\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: 2\r\n\r\n"
                + "POST accounts HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{\"nosuchcolumn\":1}\r\n"
                + "--" + cs + "--\r\n--" + b + "--\r\n";
        WebApiClient.Answer rolledBack = batch(failing, b);
        assertEquals(200, rolledBack.status());
        assertTrue(rolledBack.response.body().contains("HTTP/1.1 400 Bad Request"), rolledBack.response.body());
        assertFalse(rolledBack.response.body().contains("204 No Content"));
        assertEquals(accountsBefore, emu.table("account").count(), "the change set was rolled back");
    }

    @Test
    void batchOfMoreThan1000RequestsIsRejected() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            body.append("--b\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n")
                    .append("GET WhoAmI HTTP/1.1\r\n\r\n");
        }
        body.append("--b--\r\n");
        WebApiClient.Answer a = batch(body.toString(), "b");
        assertEquals(400, a.status());
        assertTrue(a.json().get("error").get("message").asText().contains("1000"));
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
