package io.dynamicsdotdigital.emulator.dotdigital;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Campaign;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Since-date reads, paging, campaigns, suppressions, surveys and preferences over real HTTPS. */
class RestActivityContractTest {
    static final Instant ANCHOR = Instant.parse("2026-01-10T12:00:00Z");
    static DotdigitalEmulator emu;
    static Rest rest;

    @BeforeAll
    static void start() {
        emu = DotdigitalEmulator.builder().https(true).soap(false)
                .seed(DotdigitalSeed.defaults().addressBooks(3).campaigns(2).activitiesPerCampaign(1500)
                        .unsubscribes(50).suppressions(20).surveys(2).responsesPerSurvey(30).preferences(3)
                        .randomSeed(7).anchor(ANCHOR))
                .build().start();
        rest = new Rest(emu);
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void activitiesPageOneCumulativeRowPerContactAndCapSelectAt1000() {
        Campaign campaign = emu.state().campaigns().get(0);
        String base = "/v2/campaigns/" + campaign.id() + "/activities/since-date/2020-01-01";
        JsonNode first = rest.get(base + "?select=1000&skip=0").json();
        assertEquals(1000, first.size());
        JsonNode second = rest.get(base + "?select=1000&skip=1000").json();
        assertEquals(500, second.size());
        Set<Integer> contacts = new HashSet<>();
        first.forEach(r -> contacts.add(r.path("contactId").asInt()));
        second.forEach(r -> contacts.add(r.path("contactId").asInt()));
        assertEquals(1500, contacts.size(), "one row per contact");
        JsonNode row = first.get(0);
        for (String f : List.of("contactId", "email", "numOpens", "numPageViews", "numClicks", "numForwards",
                "numEstimatedForwards", "numReplies", "dateSent", "dateFirstOpened", "dateLastOpened", "firstOpenIp",
                "unsubscribed", "softBounced", "hardBounced")) {
            assertTrue(row.has(f), f + " in " + row);
        }
        Rest.Response tooMany = rest.get(base + "?select=1001");
        assertEquals(400, tooMany.status());
        assertTrue(tooMany.json().path("message").asText().endsWith("ERROR_PARAMETER_INVALID"));
        assertEquals(400, rest.get(base + "?select=0").status());
        assertEquals(400, rest.get("/v2/campaigns/" + campaign.id() + "/activities/since-date/yesterday").status());
    }

    @Test
    void sinceDateAcceptsEveryDateFormAndIncludesRowsAtTheDate() {
        Campaign campaign = emu.state().addCampaign("Format check", "s", Instant.parse("2025-12-01T00:00:00Z"));
        Instant at = Instant.parse("2025-12-05T10:00:00Z");
        emu.state().addClick(campaign.id(), "fmt1@example.com", "https://x.example/a", at);
        emu.state().addClick(campaign.id(), "fmt2@example.com", "https://x.example/b", at.plusSeconds(5));
        emu.state().addClick(campaign.id(), "fmt3@example.com", "https://x.example/c", at.minusSeconds(1));
        for (String date : List.of("2025-12-05T10:00:00+00:00", "2025-12-05T10:00:00+0000", "2025-12-05T10:00:00Z",
                "2025-12-05T11:00:00+01:00")) {
            JsonNode clicks = rest.get("/v2/campaigns/" + campaign.id() + "/clicks/since-date/" + enc(date)).json();
            assertEquals(2, clicks.size(), date + " -> " + clicks);
            assertEquals("fmt1@example.com", clicks.get(0).path("email").asText());
            assertEquals("2025-12-05T10:00:00Z", clicks.get(0).path("dateClicked").asText());
        }
        assertEquals(3, rest.get("/v2/campaigns/" + campaign.id() + "/clicks/since-date/2025-12-05").json().size());
        JsonNode click = rest.get("/v2/campaigns/" + campaign.id() + "/clicks/since-date/2025-12-05").json().get(0);
        for (String f : List.of("contactId", "email", "url", "ipAddress", "userAgent", "dateClicked", "keyword")) {
            assertTrue(click.has(f), f);
        }
    }

    @Test
    void opensPageViewsRoiHardBouncesAndSummary() {
        Campaign campaign = emu.state().addCampaign("Detail", "s", Instant.parse("2025-11-01T00:00:00Z"));
        Instant t = Instant.parse("2025-11-02T08:00:00Z");
        emu.state().addOpen(campaign.id(), "d1@example.com", t);
        emu.state().addOpen(campaign.id(), "d1@example.com", t.plusSeconds(60));
        emu.state().addPageView(campaign.id(), "d1@example.com", "https://x.example/p", t.plusSeconds(61));
        emu.state().addRoi(campaign.id(), "d1@example.com", "order", 12.5, t.plusSeconds(62));
        emu.state().addHardBounce(campaign.id(), "d2@example.com", t);
        String base = "/v2/campaigns/" + campaign.id();
        JsonNode opens = rest.get(base + "/opens/since-date/2025-11-01").json();
        assertEquals(2, opens.size());
        for (String f : List.of("contactId", "email", "mailClient", "mailClientVersion", "ipAddress", "userAgent",
                "isHtml", "isForward", "dateOpened")) {
            assertTrue(opens.get(0).has(f), f);
        }
        JsonNode views = rest.get(base + "/page-views/since-date/2025-11-01").json();
        assertEquals("https://x.example/p", views.get(0).path("url").asText());
        assertTrue(views.get(0).has("dateViewed"));
        JsonNode roi = rest.get(base + "/roi-details/since-date/2025-11-01").json().get(0);
        assertEquals("order", roi.path("markerName").asText());
        assertEquals(12.5, roi.path("value").asDouble());
        assertTrue(roi.has("dataType") && roi.has("dateEntered"));
        JsonNode bounced = rest.get(base + "/hard-bouncing-contacts").json();
        assertEquals(1, bounced.size());
        assertEquals("d2@example.com", bounced.get(0).path("email").asText());
        assertEquals("HardBounced", bounced.get(0).path("status").asText());
        JsonNode activity = rest.get(base + "/activities/since-date/2025-11-01").json();
        assertEquals(2, activity.size());
        JsonNode d1 = activity.get(0).path("email").asText().equals("d1@example.com") ? activity.get(0) : activity.get(1);
        assertEquals(2, d1.path("numOpens").asInt());
        assertEquals(1, d1.path("numPageViews").asInt());
        assertEquals("2025-11-02T08:00:00Z", d1.path("dateFirstOpened").asText());
        assertEquals("2025-11-02T08:01:00Z", d1.path("dateLastOpened").asText());
        JsonNode summary = rest.get(base + "/summary").json();
        assertEquals(2, summary.path("numSent").asInt());
        assertEquals(1, summary.path("numDelivered").asInt());
        assertEquals(2, summary.path("numOpens").asInt());
        assertEquals(1, summary.path("numHardBounces").asInt());
        assertEquals("$12.50", summary.path("revenue").asText());
        assertTrue(summary.has("percentageDelivered"));
        assertEquals(404, rest.get("/v2/campaigns/424242/summary").status());
    }

    @Test
    void campaignsListAndActivitySince() {
        JsonNode all = rest.get("/v2/campaigns").json();
        assertTrue(all.size() >= 2);
        JsonNode c = all.get(0);
        for (String f : List.of("id", "name", "subject", "fromName", "fromAddress", "status")) {
            assertTrue(c.has(f), f);
        }
        assertTrue(c.path("fromAddress").has("email"));
        Campaign fresh = emu.state().addCampaign("Fresh", "s", null);
        emu.state().addOpen(fresh.id(), "fresh@example.com", Instant.parse("2030-01-01T00:00:00Z"));
        JsonNode since = rest.get("/v2/campaigns/with-activity-since/2029-12-31T00:00:00Z").json();
        assertEquals(1, since.size());
        assertEquals(fresh.id(), since.get(0).path("id").asInt());
        assertEquals(fresh.id(), rest.get("/v2/campaigns/" + fresh.id()).json().path("id").asInt());
    }

    @Test
    void unsubscribesAndSuppressionsSinceDate() {
        JsonNode unsubs = rest.get("/v2/contacts/unsubscribed-since/2020-01-01?select=1000").json();
        assertTrue(unsubs.size() > 0);
        unsubs.forEach(u -> assertEquals("Unsubscribed", u.path("reason").asText()));
        JsonNode first = unsubs.get(0);
        assertTrue(first.path("suppressedContact").has("email"));
        assertTrue(first.path("suppressedContact").path("dataFields").isNull(), "lists carry dataFields: null");
        assertTrue(first.has("dateRemoved"));
        JsonNode suppressed = rest.get("/v2/contacts/suppressed-since/2020-01-01?select=1000").json();
        assertTrue(suppressed.size() > unsubs.size());

        Instant now = emu.state().now();
        Rest.Response u = rest.post("/v2/contacts/unsubscribe", Map.of("email", "leaver@example.com"));
        assertEquals(200, u.status(), u.body());
        assertEquals("Unsubscribed", u.json().path("reason").asText());
        JsonNode recent = rest.get("/v2/contacts/unsubscribed-since/" + enc(Dates.format(now))).json();
        assertTrue(recent.toString().contains("leaver@example.com"));
        assertEquals("Unsubscribed", emu.state().contactByEmail("leaver@example.com").orElseThrow().status());

        emu.state().upsertContact("tosuppress@example.com", Map.of());
        int id = emu.state().contactByEmail("tosuppress@example.com").orElseThrow().id();
        JsonNode result = rest.put("/v2/contacts/suppress-contacts", List.of(Map.of("id", id),
                Map.of("email", "ghost@example.com"))).json();
        assertEquals(1, result.path("suppressed").size());
        assertEquals(1, result.path("notFound").size());
        assertEquals("Suppressed", emu.state().contactByEmail("tosuppress@example.com").orElseThrow().status());
    }

    @Test
    void resubscribeNeverLiftsASuppressionAndChallengesUnsubscribers() {
        emu.state().suppress("hard@example.com", Instant.now(), "HardBounced");
        JsonNode hard = rest.post("/v2/contacts/resubscribe", Map.of("unsubscribedContact",
                Map.of("email", "hard@example.com"))).json();
        assertEquals("ContactCannotBeUnsuppressed", hard.path("status").asText());
        assertEquals("HardBounced", emu.state().contactByEmail("hard@example.com").orElseThrow().status());
        emu.state().unsubscribe("unsub@example.com", Instant.now());
        JsonNode unsub = rest.post("/v2/contacts/resubscribe", Map.of("unsubscribedContact",
                Map.of("email", "unsub@example.com"))).json();
        assertEquals("ContactChallenged", unsub.path("status").asText());
        assertEquals("Unsubscribed", unsub.path("contact").path("status").asText());
        JsonNode fresh = rest.post("/v2/contacts/resubscribe", Map.of("unsubscribedContact",
                Map.of("email", "brandnew@example.com"))).json();
        assertEquals("ContactAdded", fresh.path("status").asText());
    }

    @Test
    void addressBookUnsubscribesAndModifiedSince() {
        int bookId = emu.state().createAddressBook("Per-book", "Private").id();
        emu.state().addToAddressBook(bookId, "pb1@example.com");
        emu.state().addToAddressBook(bookId, "pb2@example.com");
        Instant before = emu.state().now();
        Rest.Response r = rest.post("/v2/address-books/" + bookId + "/contacts/unsubscribe",
                Map.of("email", "pb1@example.com"));
        assertEquals(200, r.status(), r.body());
        JsonNode since = rest.get("/v2/address-books/" + bookId + "/contacts/unsubscribed-since/"
                + enc(Dates.format(before))).json();
        assertEquals(1, since.size());
        assertEquals("pb1@example.com", since.get(0).path("suppressedContact").path("email").asText());
        assertEquals("Subscribed", emu.state().contactByEmail("pb1@example.com").orElseThrow().status());
        assertFalse(emu.state().addressBookMembers(bookId).contains("pb1@example.com"));
        emu.state().upsertContact("pb2@example.com", Map.of("FIRSTNAME", "Changed"));
        JsonNode modified = rest.get("/v2/address-books/" + bookId + "/contacts/modified-since/"
                + enc(Dates.format(before)) + "?withFullData=true").json();
        assertEquals(1, modified.size());
        assertTrue(modified.get(0).path("dataFields").size() > 0);
    }

    @Test
    void contactsModifiedAndCreatedSince() {
        Instant before = emu.state().now();
        emu.state().upsertContact("mod-since@example.com", Map.of("FIRSTNAME", "M"));
        JsonNode modified = rest.get("/v2/contacts/modified-since/" + enc(Dates.format(before))
                + "?withFullData=true&select=10").json();
        assertTrue(modified.toString().contains("mod-since@example.com"));
        JsonNode created = rest.get("/v2/contacts/created-since/" + enc(Dates.format(before))).json();
        assertTrue(created.toString().contains("mod-since@example.com"));
        JsonNode none = rest.get("/v2/contacts/created-since/2099-01-01").json();
        assertEquals(0, none.size());
    }

    @Test
    void surveysAndResponsesWithActivitySince() {
        JsonNode surveys = rest.get("/v2/surveys/with-activity-since/2020-01-01").json();
        assertEquals(2, surveys.size());
        int surveyId = surveys.get(0).path("id").asInt();
        JsonNode responses = rest.get("/v2/surveys/" + surveyId + "/responses/with-activity-since/2020-01-01").json();
        assertEquals(30, responses.size());
        JsonNode r = responses.get(0);
        for (String f : List.of("id", "email", "started", "dateStarted", "complete", "dateCompleted", "givenAnswers")) {
            assertTrue(r.has(f), f);
        }
        assertTrue(r.path("givenAnswers").get(0).has("fieldId"));
        assertEquals(0, rest.get("/v2/surveys/with-activity-since/2099-01-01").json().size());
    }

    @Test
    void preferencesOptInsAndContactPreferences() {
        JsonNode prefs = rest.get("/v2/preferences").json();
        assertTrue(prefs.size() >= 1);
        int leafId = -1;
        for (JsonNode p : prefs) {
            if (p.path("isPreference").asBoolean()) {
                leafId = p.path("id").asInt();
            } else {
                assertTrue(p.has("preferences"));
            }
        }
        assertTrue(leafId > 0, prefs.toString());
        Instant before = emu.state().now();
        emu.state().upsertContact("prefs@example.com", Map.of());
        Rest.Response put = rest.put("/v2/contacts/prefs@example.com/preferences",
                List.of(Map.of("id", leafId, "isPreference", true, "isOptedIn", true)));
        assertEquals(200, put.status(), put.body());
        assertEquals(Boolean.TRUE, emu.state().optInsOf("prefs@example.com").get(leafId));
        JsonNode mine = rest.get("/v2/contacts/prefs@example.com/preferences").json();
        assertTrue(mine.toString().contains("\"isOptedIn\":true"));
        JsonNode since = rest.get("/v2/contacts/with-preference/" + leafId + "/opt-ins-since/"
                + enc(Dates.format(before))).json();
        assertEquals(1, since.size());
        assertEquals("prefs@example.com", since.get(0).path("contact").path("email").asText());
        JsonNode optIn = since.get(0).path("marketingPreferenceOptIns").get(0);
        assertEquals(leafId, optIn.path("marketingPreferenceId").asInt());
        assertTrue(optIn.has("dateModifed"), "the spec's spelling");
        assertTrue(rest.get("/v2/preferences/modified-since/2020-01-01").json().size() > 0);
    }

    @Test
    void seedingIsDeterministic() {
        DotdigitalSeed seed = DotdigitalSeed.defaults().campaigns(1).activitiesPerCampaign(50).randomSeed(99)
                .anchor(ANCHOR);
        try (DotdigitalEmulator a = DotdigitalEmulator.builder().https(false).soap(false).seed(seed).build().start();
             DotdigitalEmulator b = DotdigitalEmulator.builder().https(false).soap(false).seed(seed).build().start()) {
            int ca = a.state().campaigns().get(0).id();
            int cb = b.state().campaigns().get(0).id();
            assertEquals(a.state().activities(ca), b.state().activities(cb));
            assertEquals(a.state().clicksSince(ca, Instant.EPOCH, 0, 1000),
                    b.state().clicksSince(cb, Instant.EPOCH, 0, 1000));
            List<Instant> times = a.state().activities(ca).stream().map(Model.Activity::lastActivity).toList();
            assertTrue(times.size() > new HashSet<>(times).size(), "several rows share the same second");
            assertTrue(times.stream().allMatch(t -> t.equals(t.truncatedTo(ChronoUnit.SECONDS))));
        }
    }
}
