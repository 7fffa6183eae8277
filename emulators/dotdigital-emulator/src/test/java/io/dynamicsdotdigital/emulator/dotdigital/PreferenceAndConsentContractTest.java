package io.dynamicsdotdigital.emulator.dotdigital;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Preference;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Preference opt-ins and consent records written through v3 contact bodies and the v2 with-consent calls. */
class PreferenceAndConsentContractTest {
    static DotdigitalEmulator emu;
    static Rest rest;
    static Preference news;

    @BeforeAll
    static void start() {
        emu = DotdigitalEmulator.builder().port(0).https(true).soap(false)
                .apiUser("apiuser-demo@apiconnector.com", "demo-password")
                .seed(DotdigitalSeed.empty()).build().start();
        rest = new Rest(emu);
        Preference category = emu.state().addPreferenceCategory("Topics", Instant.parse("2024-01-01T00:00:00Z"));
        news = emu.state().addPreference("News", category.id(), Instant.parse("2024-01-01T00:00:00Z"));
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    static Map<String, Object> consentV3(String text) {
        return Map.of("text", text, "dateTimeConsented", "2024-03-01T10:00:00Z", "url", "https://example.com/signup",
                "ipAddress", "192.0.2.7", "userAgent", "Mozilla/5.0");
    }

    @Test
    void aV3PatchStoresPreferencesConsentAndOptInType() {
        Rest.Response r = rest.patch("/contacts/v3/email/v3-pref@example.com", Map.of(
                "identifiers", Map.of("email", "v3-pref@example.com"),
                "channelProperties", Map.of("email", Map.of("optInType", "double")),
                "preferences", List.of(Map.of("id", news.id(), "isOptedIn", true)),
                "consentRecords", List.of(consentV3("Yes please"))));
        assertEquals(201, r.status(), r.body());
        assertEquals(Map.of(news.id(), true), emu.state().optInsOf("v3-pref@example.com"));
        assertTrue("double".equalsIgnoreCase(emu.state().optInTypeOf("v3-pref@example.com")));
        var consents = emu.state().consentsOf("v3-pref@example.com");
        assertEquals(1, consents.size());
        assertEquals("192.0.2.7", consents.get(0).ipAddress());
        assertEquals(Instant.parse("2024-03-01T10:00:00Z"), consents.get(0).dateTimeConsented());

        JsonNode v3 = rest.get("/contacts/v3/email/v3-pref@example.com").json();
        assertEquals("Yes please", v3.path("consentRecords").get(0).path("text").asText());
        JsonNode since = rest.get("/v2/contacts/with-preference/" + news.id() + "/opt-ins-since/2020-01-01").json();
        assertTrue(since.size() >= 1);
        assertTrue(since.get(0).path("marketingPreferenceOptIns").get(0).hasNonNull("dateModifed"));
    }

    @Test
    void aV3BodyWithAnUnknownPreferenceOrIncompleteConsentChangesNothing() {
        Rest.Response unknown = rest.patch("/contacts/v3/email/v3-bad@example.com", Map.of(
                "identifiers", Map.of("email", "v3-bad@example.com"),
                "preferences", List.of(Map.of("id", 99999, "isOptedIn", true))));
        assertEquals(400, unknown.status(), unknown.body());
        assertTrue(unknown.body().contains("99999"), unknown.body());
        Rest.Response noAgent = rest.patch("/contacts/v3/email/v3-bad@example.com", Map.of(
                "identifiers", Map.of("email", "v3-bad@example.com"),
                "consentRecords", List.of(Map.of("text", "t", "dateTimeConsented", "2024-03-01T10:00:00Z",
                        "url", "https://example.com", "ipAddress", "192.0.2.7"))));
        assertEquals(400, noAgent.status(), noAgent.body());
        assertTrue(noAgent.body().contains("userAgent"), noAgent.body());
        assertTrue(emu.state().contact("v3-bad@example.com").isEmpty());
    }

    @Test
    void v2WithConsentAddsRecordsThatReadBack() {
        Map<String, Object> consent = Map.of("fields", List.of(
                Map.of("key", "TEXT", "value", "Monthly newsletter"),
                Map.of("key", "DATETIMECONSENTED", "value", "2024-02-01T09:00:00Z"),
                Map.of("key", "URL", "value", "https://example.com/form"),
                Map.of("key", "IPADDRESS", "value", "198.51.100.1"),
                Map.of("key", "USERAGENT", "value", "Agent/1")));
        Rest.Response created = rest.post("/v2/contacts/with-consent", Map.of(
                "contact", Map.of("email", "v2-consent@example.com", "optInType", "Single"),
                "consentFields", List.of(consent)));
        assertEquals(201, created.status(), created.body());
        int id = created.json().path("contact").path("id").asInt();
        assertEquals("Monthly newsletter",
                created.json().path("consentFields").get(0).path("fields").get(0).path("value").asText());

        Rest.Response updated = rest.put("/v2/contacts/" + id + "/with-consent-and-preferences", Map.of(
                "contact", Map.of("email", "v2-consent@example.com"),
                "consentFields", List.of(consent),
                "preferences", List.of(Map.of("id", news.id(), "isPreference", true, "isOptedIn", true))));
        assertEquals(200, updated.status(), updated.body());
        assertEquals(Map.of(news.id(), true), emu.state().optInsOf("v2-consent@example.com"));

        JsonNode read = rest.get("/v2/contacts/" + id + "/with-consent").json();
        assertEquals(2, read.path("consentFields").size(), "records are added, never replaced");
        assertEquals("USERAGENT", read.path("consentFields").get(1).path("fields").get(4).path("key").asText());
        assertEquals("Agent/1", read.path("consentFields").get(1).path("fields").get(4).path("value").asText());
        assertEquals(2, rest.get("/v2/contacts/v2-consent@example.com/with-consent").json()
                .path("consentFields").size());
    }

    @Test
    void withConsentOnAnUnknownContactIdIs404AndConsentNeedsText() {
        Rest.Response missing = rest.put("/v2/contacts/987654/with-consent",
                Map.of("contact", Map.of("email", "x@example.com"), "consentFields", List.of()));
        assertEquals(404, missing.status());
        assertTrue(missing.body().contains("ERROR_CONTACT_NOT_FOUND"), missing.body());
        Rest.Response noText = rest.post("/v2/contacts/with-consent", Map.of(
                "contact", Map.of("email", "v2-notext@example.com"),
                "consentFields", List.of(Map.of("fields", List.of(Map.of("key", "URL", "value", "u"))))));
        assertEquals(400, noText.status(), noText.body());
        assertFalse(emu.state().contact("v2-notext@example.com").isPresent());
    }
}
