package io.dynamicsdotdigital.dotdigital.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.dynamicsdotdigital.dotdigital.client.model.AddressBook;
import io.dynamicsdotdigital.dotdigital.client.model.Campaign;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignActivity;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignSummary;
import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import io.dynamicsdotdigital.dotdigital.client.model.ContactImport;
import io.dynamicsdotdigital.dotdigital.client.model.ContactPreferenceOptIns;
import io.dynamicsdotdigital.dotdigital.client.model.ContactSuppression;
import io.dynamicsdotdigital.dotdigital.client.model.DataField;
import io.dynamicsdotdigital.dotdigital.client.model.ImportFailure;
import io.dynamicsdotdigital.dotdigital.client.model.ImportHandle;
import io.dynamicsdotdigital.dotdigital.client.model.ImportResult;
import io.dynamicsdotdigital.dotdigital.client.model.MarketingPreferenceOptIn;
import io.dynamicsdotdigital.dotdigital.client.model.MergeOption;
import io.dynamicsdotdigital.dotdigital.client.model.Preference;
import io.dynamicsdotdigital.dotdigital.client.model.Survey;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalEmulator;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalSeed;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalState;
import io.dynamicsdotdigital.emulator.dotdigital.Model;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every client call over REST and over SOAP against one running emulator (HTTPS, trust from a trust store file),
 * with the same assertions for both transports, checked against the emulator's state.
 */
class DotdigitalClientContractTest {
    private static final Instant LONG_AGO = Instant.parse("2000-01-01T00:00:00Z");
    private static final int ACTIVITIES = 2_500;

    @TempDir
    static Path dir;
    static DotdigitalEmulator emu;
    static DotdigitalState state;
    static final Map<DotdigitalTransport, DotdigitalClient> clients = new EnumMap<>(DotdigitalTransport.class);

    @BeforeAll
    static void start() {
        emu = DotdigitalEmulator.builder().port(0).https(true)
                .seed(DotdigitalSeed.defaults().contacts(300).addressBooks(2).campaigns(2)
                        .activitiesPerCampaign(ACTIVITIES).unsubscribes(15).suppressions(8).surveys(2)
                        .responsesPerSurvey(20).preferences(3).randomSeed(7))
                .importProcessingDelay(Duration.ofMillis(100))
                .build().start();
        state = emu.state();
        for (DotdigitalTransport t : DotdigitalTransport.values()) {
            clients.put(t, DotdigitalClients.create(EmulatorSupport.settings(emu, t), EmulatorSupport.httpSettings(dir),
                    EmulatorSupport.fastRetries(), null));
        }
    }

    @AfterAll
    static void stop() {
        clients.values().forEach(DotdigitalClient::close);
        if (emu != null) {
            emu.close();
        }
    }

    private static String email(DotdigitalTransport t, String local) {
        return local + "-" + t.name().toLowerCase() + "@client.example";
    }

    private static <T> List<T> readAll(BiFunction<Integer, Integer, List<T>> page, int select, List<Integer> sizes) {
        List<T> all = new ArrayList<>();
        for (int skip = 0, guard = 0; guard < 100; guard++, skip += select) {
            List<T> rows = page.apply(select, skip);
            sizes.add(rows.size());
            all.addAll(rows);
            if (rows.size() < select) {
                return all;
            }
        }
        throw new AssertionError("paging did not end");
    }

    @ParameterizedTest
    @EnumSource(DotdigitalTransport.class)
    void accountInfoReportsTheAccountsRegion(DotdigitalTransport t) {
        var info = clients.get(t).accountInfo();
        assertEquals(424242, info.id());
        assertEquals(emu.accountRegionUrl().replaceAll("/+$", ""), info.apiEndpoint().orElseThrow());
    }

    @ParameterizedTest
    @EnumSource(DotdigitalTransport.class)
    void dataFieldsAreListedAndCreatingAnExistingOneSucceeds(DotdigitalTransport t) {
        DotdigitalClient c = clients.get(t);
        Set<String> names = c.dataFields().stream().map(DataField::name).collect(Collectors.toSet());
        assertEquals(state.dataFields().stream().map(Model.DataField::name).collect(Collectors.toSet()), names);
        String name = "SCORE_" + t.name();
        c.createDataField(new DataField(name, "Numeric", "Private", null));
        c.createDataField(new DataField(name, "Numeric", "Private", null));
        assertEquals("Numeric", state.dataField(name).orElseThrow().type());
        assertTrue(c.dataFields().stream().anyMatch(f -> f.name().equals(name) && f.type().equals("Numeric")));
    }

    @ParameterizedTest
    @EnumSource(DotdigitalTransport.class)
    void addressBooksAreListedCreatedAndFoundByName(DotdigitalTransport t) {
        DotdigitalClient c = clients.get(t);
        String name = "Client contract " + t;
        AddressBook created = c.createAddressBook(name, "Public");
        assertTrue(created.id() > 0);
        assertEquals(name, created.name());
        assertEquals(created.id(), state.addressBookByName(name).orElseThrow().id());
        Set<Long> ids = c.addressBooks().stream().map(AddressBook::id).collect(Collectors.toSet());
        assertEquals(state.addressBooks().stream().map(b -> (long) b.id()).collect(Collectors.toSet()), ids);
        assertEquals(created.id(), c.addressBookByName(name.toUpperCase()).orElseThrow().id());
        assertTrue(c.addressBookByName("no such book " + t).isEmpty());
    }

    @ParameterizedTest
    @EnumSource(DotdigitalTransport.class)
    void contactsAreReadByEmailAndIdAndAbsentOnesAreEmpty(DotdigitalTransport t) {
        DotdigitalClient c = clients.get(t);
        String seeded = DotdigitalSeed.email(3);
        Model.Contact expected = state.contactByEmail(seeded).orElseThrow();
        Contact byEmail = c.contact(seeded).orElseThrow();
        assertEquals(expected.id(), byEmail.id());
        assertEquals(expected.dataField("FIRSTNAME"), byEmail.dataFields().get("FIRSTNAME"));
        assertEquals(expected.status(), byEmail.status());
        assertEquals(seeded, c.contact(Long.toString(expected.id())).orElseThrow().email());
        assertTrue(c.contact("nobody-" + t.name().toLowerCase() + "@nowhere.example").isEmpty());
    }

    @ParameterizedTest
    @EnumSource(DotdigitalTransport.class)
    void contactsAreUpsertedAndMovedInAndOutOfAddressBooks(DotdigitalTransport t) {
        DotdigitalClient c = clients.get(t);
        String email = email(t, "member");
        Contact created = c.upsertContact(Contact.of(email, Map.of("FIRSTNAME", "Mia")));
        assertTrue(created.id() > 0);
        assertEquals("Mia", state.contactByEmail(email).orElseThrow().dataField("FIRSTNAME"));
        Contact updated = c.upsertContact(Contact.of(email, Map.of("FIRSTNAME", "Maya")));
        assertEquals(created.id(), updated.id());
        assertEquals("Maya", state.contactByEmail(email).orElseThrow().dataField("FIRSTNAME"));

        AddressBook book = c.createAddressBook("Membership " + t, "Private");
        Contact member = c.addContactToAddressBook(book.id(), Contact.of(email, Map.of("LASTNAME", "Lo")));
        assertEquals(created.id(), member.id());
        assertTrue(state.addressBookMembers((int) book.id()).contains(email));
        assertEquals("Lo", state.contactByEmail(email).orElseThrow().dataField("LASTNAME"));

        c.removeContactFromAddressBook(book.id(), member.id());
        assertFalse(state.addressBookMembers((int) book.id()).contains(email));
        c.removeContactFromAddressBook(book.id(), member.id());
    }

    @ParameterizedTest
    @EnumSource(DotdigitalTransport.class)
    void unsubscribesAreGlobalOrPerAddressBookAndReadBackSinceADate(DotdigitalTransport t) {
        DotdigitalClient c = clients.get(t);
        Instant before = Instant.now().minusSeconds(2);
        String global = email(t, "leaver");
        c.upsertContact(Contact.of(global, Map.of()));
        ContactSuppression s = c.unsubscribe(global);
        assertEquals(global, s.email());
        assertEquals("Unsubscribed", s.reason());
        assertEquals("Unsubscribed", state.contactByEmail(global).orElseThrow().status());
        List<ContactSuppression> recent = c.unsubscribedSince(before, 1000, 0);
        assertTrue(recent.stream().anyMatch(x -> global.equals(x.email()) && x.dateRemoved() != null), recent.toString());

        AddressBook book = c.createAddressBook("Unsubscribes " + t, "Private");
        String local = email(t, "list-leaver");
        c.addContactToAddressBook(book.id(), Contact.of(local, Map.of()));
        ContactSuppression fromBook = c.unsubscribeFromAddressBook(book.id(), local);
        assertEquals(local, fromBook.email());
        List<ContactSuppression> bookUnsubs = c.addressBookUnsubscribedSince(book.id(), before, 1000, 0);
        assertEquals(List.of(local), bookUnsubs.stream().map(ContactSuppression::email).toList());
        assertEquals("Subscribed", state.contactByEmail(local).orElseThrow().status());
    }

    @ParameterizedTest
    @EnumSource(DotdigitalTransport.class)
    void suppressionsSinceADateMatchTheAccount(DotdigitalTransport t) {
        DotdigitalClient c = clients.get(t);
        List<Integer> sizes = new ArrayList<>();
        List<ContactSuppression> suppressed = readAll((select, skip) -> c.suppressedSince(LONG_AGO, select, skip), 7,
                sizes);
        Set<String> expected = state.suppressions().stream().map(x -> x.contact().email()).collect(Collectors.toSet());
        assertEquals(expected, suppressed.stream().map(ContactSuppression::email).collect(Collectors.toSet()));
        assertEquals(expected.size(), suppressed.size());
        assertTrue(sizes.size() >= 2, "paged " + sizes);
        Set<String> unsubscribed = readAll((select, skip) -> c.unsubscribedSince(LONG_AGO, select, skip), 1000,
                new ArrayList<>()).stream().map(ContactSuppression::email).collect(Collectors.toSet());
        assertEquals(state.suppressions().stream().filter(x -> "Unsubscribed".equals(x.reason()))
                .map(x -> x.contact().email()).collect(Collectors.toSet()), unsubscribed);
        assertTrue(suppressed.stream().allMatch(x -> x.reason() != null && x.dateRemoved() != null));
    }

    @ParameterizedTest
    @EnumSource(DotdigitalTransport.class)
    void modifiedContactsArePagedWithTheirDataFields(DotdigitalTransport t) {
        DotdigitalClient c = clients.get(t);
        List<Integer> sizes = new ArrayList<>();
        List<Contact> all = readAll((select, skip) -> c.modifiedContactsSince(LONG_AGO, select, skip), 1000, sizes);
        Set<String> emails = all.stream().map(Contact::email).collect(Collectors.toSet());
        assertEquals(all.size(), emails.size(), "no duplicates across pages");
        assertTrue(emails.size() >= ACTIVITIES, "read " + emails.size());
        assertTrue(sizes.get(0) == 1000 && sizes.size() >= 3, "pages " + sizes);
        Contact sample = all.stream().filter(x -> x.email().equals(DotdigitalSeed.email(10))).findFirst().orElseThrow();
        assertEquals(state.contactByEmail(sample.email()).orElseThrow().dataField("LASTNAME"),
                sample.dataFields().get("LASTNAME"));
    }

    @ParameterizedTest
    @EnumSource(DotdigitalTransport.class)
    void campaignsSummariesAndActivitiesPageOver2500Rows(DotdigitalTransport t) {
        DotdigitalClient c = clients.get(t);
        List<Campaign> campaigns = c.campaigns(1000, 0);
        assertEquals(state.campaigns().stream().map(x -> (long) x.id()).collect(Collectors.toSet()),
                campaigns.stream().map(Campaign::id).collect(Collectors.toSet()));
        assertEquals(campaigns.size(), c.campaignsWithActivitySince(LONG_AGO, 1000, 0).size());
        long id = campaigns.get(0).id();
        assertNotNull(campaigns.get(0).name());

        CampaignSummary summary = c.campaignSummary(id);
        assertEquals(ACTIVITIES, summary.numSent());
        assertEquals(state.clicksSince((int) id, LONG_AGO, 0, 100_000).size(), summary.numClicks());

        List<Integer> sizes = new ArrayList<>();
        List<CampaignActivity> activities = readAll(
                (select, skip) -> c.campaignActivitiesSince(id, LONG_AGO, select, skip), 1000, sizes);
        assertEquals(List.of(1000, 1000, 500), sizes);
        assertEquals(ACTIVITIES, activities.stream().map(CampaignActivity::contactId).distinct().count());
        assertEquals(state.activities((int) id).stream().map(Model.Activity::email).collect(Collectors.toSet()),
                activities.stream().map(CampaignActivity::email).collect(Collectors.toSet()));
        assertTrue(activities.stream().allMatch(a -> a.dateSent() != null));
    }

    @ParameterizedTest
    @EnumSource(DotdigitalTransport.class)
    void campaignInteractionsSinceADateMatchTheAccount(DotdigitalTransport t) {
        DotdigitalClient c = clients.get(t);
        int id = state.campaigns().get(1).id();
        assertEquals(state.clicksSince(id, LONG_AGO, 0, 100_000).size(),
                readAll((s, k) -> c.campaignClicksSince(id, LONG_AGO, s, k), 1000, new ArrayList<>()).size());
        assertEquals(state.opensSince(id, LONG_AGO, 0, 100_000).size(),
                readAll((s, k) -> c.campaignOpensSince(id, LONG_AGO, s, k), 1000, new ArrayList<>()).size());
        var views = readAll((s, k) -> c.campaignPageViewsSince(id, LONG_AGO, s, k), 1000, new ArrayList<>());
        assertEquals(state.pageViewsSince(id, LONG_AGO, 0, 100_000).size(), views.size());
        assertTrue(views.stream().allMatch(v -> v.url() != null && v.dateViewed() != null));
        assertEquals(state.hardBouncingContacts(id, 0, 100_000).stream().map(Model.Contact::email).toList(),
                c.campaignHardBouncingContacts(id, 1000, 0).stream().map(Contact::email).toList());
    }

    @ParameterizedTest
    @EnumSource(DotdigitalTransport.class)
    void roiDetailsSinceADateMatchTheAccount(DotdigitalTransport t) {
        DotdigitalClient c = clients.get(t);
        int id = state.campaigns().get(1).id();
        var rois = readAll((s, k) -> c.campaignRoiDetailsSince(id, LONG_AGO, s, k), 1000, new ArrayList<>());
        assertEquals(state.roisSince(id, LONG_AGO, 0, 100_000).size(), rois.size());
        assertFalse(rois.isEmpty());
        assertTrue(rois.stream().allMatch(r -> "order".equals(r.markerName()) && r.value() != null
                && r.dateEntered() != null));
    }

    @ParameterizedTest
    @EnumSource(DotdigitalTransport.class)
    void surveysAndPreferencesAreRead(DotdigitalTransport t) {
        DotdigitalClient c = clients.get(t);
        List<Survey> surveys = c.surveysWithActivitySince(LONG_AGO, 1000, 0);
        assertEquals(state.surveys().size(), surveys.size());
        int responses = 0;
        for (Survey s : surveys) {
            var rows = c.surveyResponsesSince(s.id(), LONG_AGO, 1000, 0);
            assertTrue(rows.stream().allMatch(r -> r.email() != null && !r.givenAnswers().isEmpty()));
            responses += rows.size();
        }
        assertEquals(40, responses);

        List<Preference> tree = c.preferences();
        List<Preference> flat = new ArrayList<>();
        tree.forEach(p -> {
            flat.add(p);
            flat.addAll(p.preferences());
        });
        assertEquals(state.preferences().size(), flat.size());
        Preference pref = flat.stream().filter(Preference::isPreference).findFirst().orElseThrow();
        List<ContactPreferenceOptIns> optIns = c.preferenceOptInsSince(pref.id(), LONG_AGO, 1000, 0);
        assertFalse(optIns.isEmpty());
        for (ContactPreferenceOptIns o : optIns) {
            MarketingPreferenceOptIn in = o.marketingPreferenceOptIns().get(0);
            assertEquals(pref.id(), in.marketingPreferenceId());
            assertEquals(state.optInsOf(o.contact().email()).get((int) pref.id()), in.isOptedIn());
        }
    }

    @ParameterizedTest
    @EnumSource(DotdigitalTransport.class)
    void csvImportReportsCountsAndPerContactFailures(DotdigitalTransport t) {
        DotdigitalClient c = clients.get(t);
        AddressBook book = c.createAddressBook("CSV import " + t, "Private");
        String suppressed = email(t, "csv-suppressed");
        state.suppress(suppressed, Instant.now(), "HardBounced");
        List<Contact> rows = List.of(
                Contact.of(email(t, "csv-a"), Map.of("FIRSTNAME", "Ann, \"the\" first")),
                Contact.of(email(t, "csv-b"), Map.of("FIRSTNAME", "Bob")),
                Contact.of("not-an-email-" + t, Map.of("FIRSTNAME", "X")),
                Contact.of(suppressed, Map.of()));
        ImportHandle handle = c.startImport(ContactImport.v2Csv(book.id(), MergeOption.OVERWRITE, rows));
        ImportResult result = awaitImport(c, handle);
        assertTrue(result.isFinished(), result.toString());
        assertEquals(2, result.summary().newContacts());
        assertEquals(1, result.summary().globallySuppressed());
        Map<String, String> failures = result.failures().stream()
                .collect(Collectors.toMap(ImportFailure::email, ImportFailure::failureCode));
        assertEquals(Set.of("not-an-email-" + t, suppressed), failures.keySet());
        assertEquals("Ann, \"the\" first", state.contactByEmail(email(t, "csv-a")).orElseThrow().dataField("FIRSTNAME"));
        assertTrue(state.addressBookMembers((int) book.id()).containsAll(Set.of(email(t, "csv-a"), email(t, "csv-b"))));
    }

    @ParameterizedTest
    @EnumSource(DotdigitalTransport.class)
    void v3ImportReportsPerContactFailures(DotdigitalTransport t) {
        DotdigitalClient c = clients.get(t);
        AddressBook book = c.createAddressBook("V3 import " + t, "Private");
        List<Contact> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rows.add(Contact.of(email(t, "v3-" + i), Map.of("FIRSTNAME", "N" + i)));
        }
        rows.add(Contact.of(email(t, "v3-7"), Map.of()));
        rows.add(Contact.of("broken@@" + t, Map.of()));
        ImportHandle handle = c.startImport(ContactImport.v3(book.id(), MergeOption.OVERWRITE, rows));
        ImportResult result = awaitImport(c, handle);
        assertTrue(result.isFinished(), result.toString());
        assertEquals(50, result.summary().newContacts());
        assertEquals(2, result.failures().size(), result.failures().toString());
        Set<String> codes = result.failures().stream().map(ImportFailure::failureCode).collect(Collectors.toSet());
        assertEquals(Set.of("Duplicate", "InvalidEmail"), codes);
        assertEquals(50, state.addressBookMembers((int) book.id()).size());
    }

    @ParameterizedTest
    @EnumSource(DotdigitalTransport.class)
    void aFailedImportIsReportedAsFailed(DotdigitalTransport t) {
        DotdigitalClient c = clients.get(t);
        AddressBook book = c.createAddressBook("Failing import " + t, "Private");
        emu.failNextImport("RejectedByWatchdog");
        ImportResult result = awaitImport(c, c.startImport(ContactImport.v2Csv(book.id(), MergeOption.OVERWRITE,
                List.of(Contact.of(email(t, "watchdog"), Map.of())))));
        assertTrue(result.isFailed(), result.toString());
        assertEquals("RejectedByWatchdog", result.status());
    }

    @ParameterizedTest
    @EnumSource(DotdigitalTransport.class)
    void apiErrorsCarryTheirCodeAndNameTheCall(DotdigitalTransport t) {
        DotdigitalClient c = clients.get(t);
        String suppressed = email(t, "bounced");
        state.suppress(suppressed, Instant.now(), "HardBounced");
        long book = c.createAddressBook("Errors " + t, "Private").id();
        DotdigitalApiException e = assertThrows(DotdigitalApiException.class,
                () -> c.addContactToAddressBook(book, Contact.of(suppressed, Map.of())));
        assertEquals("ERROR_CONTACT_SUPPRESSED", e.errorCode());
        assertTrue(e.isContactSuppressed());
        assertTrue(e.getMessage().contains(t == DotdigitalTransport.REST ? "/v2/address-books/" + book + "/contacts"
                : "AddContactToAddressBook"), e.getMessage());

        DotdigitalApiException invalid = assertThrows(DotdigitalApiException.class,
                () -> c.addContactToAddressBook(book, Contact.of("no-at-sign", Map.of())));
        assertEquals("ERROR_PARAMETER_INVALID", invalid.errorCode());
        if (t == DotdigitalTransport.REST) {
            assertEquals(400, invalid.statusCode());
        }
        DotdigitalApiException unknownField = assertThrows(DotdigitalApiException.class,
                () -> c.upsertContact(Contact.of(email(t, "fields"), Map.of("NO_SUCH_FIELD", "x"))));
        assertEquals("ERROR_DATAFIELD_NOT_FOUND", unknownField.errorCode());
        assertTrue(unknownField.getMessage().contains("NO_SUCH_FIELD"), unknownField.getMessage());
        DotdigitalApiException missing = assertThrows(DotdigitalApiException.class,
                () -> c.addContactToAddressBook(987_654, Contact.of(email(t, "lost"), Map.of())));
        assertEquals("ERROR_ADDRESSBOOK_NOT_FOUND", missing.errorCode());
        assertTrue(missing.isNotFound());
    }

    static ImportResult awaitImport(DotdigitalClient c, ImportHandle handle) {
        return awaitImport(c, handle, Duration.ofSeconds(20));
    }

    static ImportResult awaitImport(DotdigitalClient c, ImportHandle handle, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> seen = new HashSet<>();
        while (System.nanoTime() < deadline) {
            ImportResult r = c.importStatus(handle);
            seen.add(r.status());
            if (!r.isInProgress()) {
                return r;
            }
            try {
                Thread.sleep(timeout.toSeconds() > 20 ? 500 : 50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
        throw new AssertionError("import " + handle + " did not finish in " + timeout + "; statuses " + seen);
    }

    /** The SOAP API has no preference calls: a SOAP client writes preferences through its REST client. */
    @org.junit.jupiter.api.Test
    void preferenceWritesGoOverRestWithTheSoapTransport() {
        String email = "soap-prefs@client.example";
        var pref = state.preferences().stream().filter(p -> p.isPreference()).findFirst().orElseThrow();
        long id = state.upsertContact(email, Map.of()).id();
        long soapCalls = emu.requests().countStartingWith("SOAP ");
        clients.get(DotdigitalTransport.SOAP).preferenceWrites().setContactPreferences(email,
                List.of(new io.dynamicsdotdigital.dotdigital.client.model.PreferenceChoice(pref.id(), true)));
        assertEquals(Boolean.TRUE, state.optInsOf(email).get(pref.id()));
        assertTrue(clients.get(DotdigitalTransport.SOAP).preferenceWrites().contactOptIn(id, pref.id()).isPresent());
        assertEquals(soapCalls, emu.requests().countStartingWith("SOAP "));
    }
}
