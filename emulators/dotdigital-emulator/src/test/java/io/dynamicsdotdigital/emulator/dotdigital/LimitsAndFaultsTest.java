package io.dynamicsdotdigital.emulator.dotdigital;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dynamicsdotdigital.emulator.common.Fault;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Regions, rate limits, the active-import cap, failing imports and scripted faults. */
class LimitsAndFaultsTest {

    @Test
    void accountOnRegion2RedirectsFromR1AndR1Answers403() {
        try (DotdigitalEmulator emu = DotdigitalEmulator.builder().https(true).soap(false).accountRegion(2)
                .build().start()) {
            Rest r1 = new Rest(emu);
            JsonNode info = r1.get("/v2/account-info").json();
            String endpoint = null;
            for (JsonNode p : info.path("properties")) {
                if (p.path("name").asText().equals("ApiEndpoint")) {
                    endpoint = p.path("value").asText();
                }
            }
            assertEquals(emu.accountRegionUrl(), endpoint);
            assertNotEquals(emu.baseUrl() + "/", endpoint);
            Rest.Response wrong = r1.get("/v2/address-books");
            assertEquals(403, wrong.status());
            assertTrue(wrong.json().path("message").asText().startsWith("This account is not hosted"));
            assertEquals(403, r1.put("/contacts/v3/import", Map.of("contacts", List.of())).status());
            Rest r2 = new Rest(endpoint.substring(0, endpoint.length() - 1), emu.apiUser(), emu.apiPassword());
            assertEquals(200, r2.get("/v2/address-books").status());
            assertEquals(200, r2.get("/v2/account-info").status());
        }
    }

    @Test
    void rateLimitHeadersCountDownThen429WithRetryAfter() {
        try (DotdigitalEmulator emu = DotdigitalEmulator.builder().https(true).soap(false).rateLimitPerMinute(5)
                .build().start()) {
            Rest rest = new Rest(emu);
            Rest.Response first = rest.get("/v2/data-fields");
            assertEquals("5", first.header("X-RateLimit-Limit"));
            assertEquals("4", first.header("X-RateLimit-Remaining"));
            long reset = Long.parseLong(first.header("X-RateLimit-Reset"));
            long nowEpoch = System.currentTimeMillis() / 1000;
            assertTrue(reset > nowEpoch - 1 && reset <= nowEpoch + 61, "epoch seconds: " + reset);
            for (int i = 0; i < 4; i++) {
                assertEquals(200, rest.get("/v2/data-fields").status());
            }
            Rest.Response limited = rest.get("/v2/data-fields");
            assertEquals(429, limited.status());
            assertEquals("0", limited.header("X-RateLimit-Remaining"));
            long retryAfter = Long.parseLong(limited.header("Retry-After"));
            assertTrue(retryAfter >= 1 && retryAfter <= 60);
            assertTrue(limited.json().path("message").asText().endsWith("ERROR_APIUSAGE_EXCEEDED"));
            Rest.Response v3 = rest.get("/contacts/v3/import/x");
            assertEquals(429, v3.status());
            assertEquals("contacts:tooManyRequests", v3.json().path("errorCode").asText());
        }
        try (DotdigitalEmulator emu = DotdigitalEmulator.builder().https(false).soap(false).rateLimitPerMinute(100)
                .rateLimitResetAsSeconds(true).build().start()) {
            long reset = Long.parseLong(new Rest(emu).get("/v2/data-fields").header("X-RateLimit-Reset"));
            assertTrue(reset >= 1 && reset <= 60, "seconds until reset: " + reset);
            assertTrue(emu.baseUrl().startsWith("http://"));
        }
        try (DotdigitalEmulator emu = DotdigitalEmulator.builder().https(false).soap(false).build().start()) {
            assertEquals(null, new Rest(emu).get("/v2/data-fields").header("X-RateLimit-Limit"));
        }
    }

    @Test
    void atMost25ActiveImportsThenFailNextImportAndRecovery() {
        try (DotdigitalEmulator emu = DotdigitalEmulator.builder().https(true).soap(false).build().start()) {
            Rest rest = new Rest(emu);
            int bookId = emu.state().createAddressBook("Cap", "Private").id();
            emu.importProcessingDelay(Duration.ofMinutes(5));
            Map<String, Object> csv = Map.of("fileName", "a.csv", "data", Base64.getEncoder()
                    .encodeToString("Email\ncap@example.com\n".getBytes(StandardCharsets.UTF_8)));
            Map<String, Object> v3 = Map.of("contacts", List.of(Map.of("matchIdentifier", "email",
                    "identifiers", Map.of("email", "cap3@example.com"))));
            for (int i = 0; i < 20; i++) {
                assertEquals(202, rest.post("/v2/address-books/" + bookId + "/contacts/import", csv).status());
            }
            for (int i = 0; i < 5; i++) {
                assertEquals(202, rest.put("/contacts/v3/import", v3).status());
            }
            Rest.Response v2Refused = rest.post("/v2/address-books/" + bookId + "/contacts/import", csv);
            assertEquals(400, v2Refused.status());
            assertTrue(v2Refused.json().path("message").asText().endsWith("ERROR_IMPORT_TOOMANYACTIVEIMPORTS"));
            Rest.Response v3Refused = rest.put("/contacts/v3/import", v3);
            assertEquals(429, v3Refused.status());
            assertEquals("contacts:tooManyActiveImports", v3Refused.json().path("errorCode").asText());

            emu.processPendingImports();
            emu.importProcessingDelay(Duration.ofMillis(20));
            assertTrue(emu.state().imports().stream().allMatch(i -> i.status().equals("Finished")));
            emu.failNextImport("RejectedByWatchdog");
            String failed = rest.put("/contacts/v3/import", v3).json().path("importId").asText();
            assertEquals("RejectedByWatchdog", rest.awaitImport("/contacts/v3/import/" + failed, "importId")
                    .path("status").asText());
            emu.failNextImport("Failed");
            String failedV2 = rest.post("/v2/address-books/" + bookId + "/contacts/import", csv).json()
                    .path("id").asText();
            assertEquals("Failed", rest.awaitImport("/v2/contacts/import/" + failedV2, "id").path("status").asText());
            String ok = rest.put("/contacts/v3/import", v3).json().path("importId").asText();
            assertEquals("Finished", rest.awaitImport("/contacts/v3/import/" + ok, "importId").path("status")
                    .asText());
            assertThrows(IllegalArgumentException.class, () -> emu.failNextImport("Finished"));
        }
    }

    @Test
    void importsStayNotFinishedForTheConfiguredDelay() {
        try (DotdigitalEmulator emu = DotdigitalEmulator.builder().https(false).soap(false)
                .importProcessingDelay(Duration.ofMillis(400)).build().start()) {
            Rest rest = new Rest(emu);
            String id = rest.put("/contacts/v3/import", Map.of("contacts", List.of(Map.of("matchIdentifier", "email",
                    "identifiers", Map.of("email", "slow@example.com"))))).json().path("importId").asText();
            assertEquals("NotFinished", rest.get("/contacts/v3/import/" + id).json().path("status").asText());
            assertTrue(emu.state().contactByEmail("slow@example.com").isEmpty());
            assertEquals("Finished", rest.awaitImport("/contacts/v3/import/" + id, "importId").path("status")
                    .asText());
            assertTrue(emu.state().contactByEmail("slow@example.com").isPresent());
        }
    }

    @Test
    void scriptedFaultsAndRequestCounts() {
        try (DotdigitalEmulator emu = DotdigitalEmulator.builder().https(true).soap(false).build().start()) {
            Rest rest = new Rest(emu);
            emu.faults().add(Fault.status(503).onPath("/v2/data-fields"), 1);
            emu.faults().add(Fault.tooManyRequests(7).onPath("/v2/address-books"), 1);
            Rest.Response unavailable = rest.get("/v2/data-fields");
            assertEquals(503, unavailable.status());
            assertTrue(unavailable.json().path("message").asText().contains("ERROR_"));
            assertEquals(200, rest.get("/v2/data-fields").status());
            Rest.Response throttled = rest.get("/v2/address-books");
            assertEquals(429, throttled.status());
            assertEquals("7", throttled.header("Retry-After"));
            emu.faults().add(Fault.malformedBody().onPath("/v2/campaigns"), 1);
            Rest.Response malformed = rest.get("/v2/campaigns");
            assertEquals(200, malformed.status());
            assertThrows(AssertionError.class, malformed::json);
            // a POST, because java.net.http retries an idempotent GET once after a dropped connection
            emu.faults().add(Fault.reset().onPath("/v2/surveys"), 1);
            assertThrows(AssertionError.class, () -> rest.post("/v2/surveys", Map.of()));
            assertEquals(0, emu.faults().pending());
            assertEquals(2, emu.requests().count("GET /v2/data-fields"));
            assertNotNull(emu.requests().snapshot());
        }
    }
}
