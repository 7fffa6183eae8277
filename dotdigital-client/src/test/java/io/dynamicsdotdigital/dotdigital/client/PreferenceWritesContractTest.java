package io.dynamicsdotdigital.dotdigital.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.dotdigital.client.model.ConsentRecord;
import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import io.dynamicsdotdigital.dotdigital.client.model.MarketingPreferenceOptIn;
import io.dynamicsdotdigital.dotdigital.client.model.PreferenceChoice;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalEmulator;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalSeed;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Preference;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Preference and consent writes against the emulator over REST (a SOAP client hands them to its REST client: see
 * DotdigitalClientContractTest#preferenceWritesGoOverRestWithTheSoapTransport).
 */
class PreferenceWritesContractTest {
    @TempDir
    static Path dir;
    static DotdigitalEmulator emu;
    static Preference news;
    static Preference offers;
    static final Map<DotdigitalTransport, DotdigitalClient> clients = new EnumMap<>(DotdigitalTransport.class);

    @BeforeAll
    static void start() {
        emu = DotdigitalEmulator.builder().port(0).https(true).seed(DotdigitalSeed.empty()).build().start();
        news = emu.state().addPreference("News", 0, Instant.parse("2024-01-01T00:00:00Z"));
        offers = emu.state().addPreference("Offers", 0, Instant.parse("2024-01-01T00:00:00Z"));
        DotdigitalTransport t = DotdigitalTransport.REST;
        clients.put(t, DotdigitalClients.create(EmulatorSupport.settings(emu, t), EmulatorSupport.httpSettings(dir),
                EmulatorSupport.fastRetries(), null));
    }

    @AfterAll
    static void stop() {
        clients.values().forEach(DotdigitalClient::close);
        emu.close();
    }

    @ParameterizedTest
    @EnumSource(value = DotdigitalTransport.class, names = "REST")
    void preferencesAreSetInOneCallAndReadBackWithDotdigitalsTime(DotdigitalTransport t) {
        PreferenceWrites w = clients.get(t).preferenceWrites();
        String email = "pref-" + t.name().toLowerCase() + "@client.example";
        String later = "later-" + t.name().toLowerCase() + "@client.example";
        long id = emu.state().upsertContact(email, Map.of()).id();
        emu.state().setOptIn(later, offers.id(), true, Instant.parse("2024-05-01T00:00:00Z"));
        long before = emu.requests().total();

        w.setContactPreferences(email, List.of(new PreferenceChoice(news.id(), true),
                new PreferenceChoice(offers.id(), false)));

        assertEquals(1, emu.requests().total() - before, "both choices in one PUT");
        assertEquals(Map.of(news.id(), true, offers.id(), false), emu.state().optInsOf(email));
        Optional<MarketingPreferenceOptIn> in = w.contactOptIn(id, news.id());
        assertTrue(in.isPresent());
        assertTrue(in.get().isOptedIn());
        assertTrue(in.get().dateModified().isAfter(Instant.now().minusSeconds(60)), "Dotdigital's own time");
        assertEquals(false, w.contactOptIn(id, offers.id()).orElseThrow().isOptedIn(),
                "the contact's own row, not the next contact's");
        long laterId = emu.state().contact(later).orElseThrow().id();
        assertTrue(w.contactOptIn(laterId, news.id()).isEmpty(), "never opted in or out");
    }

    @ParameterizedTest
    @EnumSource(value = DotdigitalTransport.class, names = "REST")
    void consentRecordsAreAddedAndReadBack(DotdigitalTransport t) {
        PreferenceWrites w = clients.get(t).preferenceWrites();
        String email = "consent-" + t.name().toLowerCase() + "@client.example";
        long id = emu.state().upsertContact(email, Map.of()).id();
        ConsentRecord consent = new ConsentRecord("Yes, send me news", Instant.parse("2024-03-01T10:00:00Z"),
                "https://example.com/form", "192.0.2.1", "Mozilla/5.0");

        w.addContactConsent(new Contact(id, email, null, null, Map.of(), null), consent);

        List<ConsentRecord> held = w.contactConsent(id);
        assertEquals(1, held.size());
        assertTrue(held.get(0).sameEvidence(consent), held.toString());
        assertEquals("192.0.2.1", emu.state().consentsOf(email).get(0).ipAddress());
    }
}
