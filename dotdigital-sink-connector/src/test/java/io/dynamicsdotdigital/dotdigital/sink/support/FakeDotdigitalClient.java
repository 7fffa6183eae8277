package io.dynamicsdotdigital.dotdigital.sink.support;

import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.model.AccountInfo;
import io.dynamicsdotdigital.dotdigital.client.model.AddressBook;
import io.dynamicsdotdigital.dotdigital.client.model.Campaign;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignActivity;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignClick;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignOpen;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignPageView;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignRoiDetail;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignSummary;
import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import io.dynamicsdotdigital.dotdigital.client.model.ContactImport;
import io.dynamicsdotdigital.dotdigital.client.model.ContactPreferenceOptIns;
import io.dynamicsdotdigital.dotdigital.client.model.ContactSuppression;
import io.dynamicsdotdigital.dotdigital.client.model.DataField;
import io.dynamicsdotdigital.dotdigital.client.model.ImportFailure;
import io.dynamicsdotdigital.dotdigital.client.model.ImportHandle;
import io.dynamicsdotdigital.dotdigital.client.model.ImportResult;
import io.dynamicsdotdigital.dotdigital.client.model.ImportSummary;
import io.dynamicsdotdigital.dotdigital.client.model.Preference;
import io.dynamicsdotdigital.dotdigital.client.model.Survey;
import io.dynamicsdotdigital.dotdigital.client.model.SurveyResponse;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An in-memory Dotdigital account for unit tests of the sink's parts (no server): contacts, address books, data
 * fields and imports that finish when their status is read. Any call can be made to fail: once
 * ({@link #failNext}) or until told otherwise ({@link #failWhile}). Every call is logged in {@link #calls()}.
 */
public final class FakeDotdigitalClient implements DotdigitalClient {
    private final Map<String, Contact> contacts = new LinkedHashMap<>();
    private final Map<Long, AddressBook> books = new LinkedHashMap<>();
    private final Map<Long, Set<String>> members = new HashMap<>();
    private final Set<String> unsubscribed = new LinkedHashSet<>();
    private final List<DataField> dataFields = new ArrayList<>(List.of(DataField.of("FIRSTNAME", "String"),
            DataField.of("LASTNAME", "String")));
    private final Map<String, ContactImport> imports = new LinkedHashMap<>();
    private final Deque<String> nextStatuses = new ArrayDeque<>();
    private final Map<String, Deque<Throwable>> failures = new HashMap<>();
    private final Map<String, Supplier<RuntimeException>> failing = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private Function<ContactImport, List<ImportFailure>> refusals = r -> List.of();
    private long nextId = 1000;
    private boolean importsHeld;
    private RuntimeException lostCreationAnswer;

    public synchronized FakeDotdigitalClient addressBook(long id, String name) {
        books.put(id, new AddressBook(id, name, "Private", 0));
        members.computeIfAbsent(id, k -> new LinkedHashSet<>());
        return this;
    }

    /** The next call of {@code operation} (a method name) throws {@code e} (a RuntimeException or an Error). */
    public synchronized void failNext(String operation, Throwable e) {
        failures.computeIfAbsent(operation, k -> new ArrayDeque<>()).add(e);
    }

    /** Every call of {@code operation} throws until {@link #stopFailing}. */
    public synchronized void failWhile(String operation, Supplier<RuntimeException> e) {
        failing.put(operation, e);
    }

    public synchronized void stopFailing(String operation) {
        failing.remove(operation);
    }

    /** The next address book is created, but the caller gets {@code e} (the answer was lost: timeout, 504). */
    public synchronized void loseNextCreationAnswer(RuntimeException e) {
        lostCreationAnswer = e;
    }

    /** While held, every import reads as NotFinished (the scripted statuses wait). */
    public synchronized void holdImports(boolean held) {
        importsHeld = held;
    }

    /** Statuses the next status reads answer, in order, before imports finish. */
    public synchronized void nextImportStatuses(String... statuses) {
        nextStatuses.addAll(List.of(statuses));
    }

    /** Which contacts each finished import refuses. */
    public synchronized void refuse(Function<ContactImport, List<ImportFailure>> refusals) {
        this.refusals = refusals;
    }

    public synchronized List<String> calls() {
        return new ArrayList<>(calls);
    }

    public synchronized long count(String operation) {
        return calls.stream().filter(c -> c.equals(operation) || c.startsWith(operation + " ")).count();
    }

    public synchronized Optional<Contact> stored(String email) {
        return Optional.ofNullable(contacts.get(email));
    }

    public synchronized Set<String> members(long addressBookId) {
        return new LinkedHashSet<>(members.getOrDefault(addressBookId, Set.of()));
    }

    public synchronized Set<String> unsubscribed() {
        return new LinkedHashSet<>(unsubscribed);
    }

    public synchronized void putContact(String email, long addressBookId) {
        contacts.put(email, Contact.of(email, Map.of()).withId(nextId++));
        members.computeIfAbsent(addressBookId, k -> new LinkedHashSet<>()).add(email);
    }

    private void call(String operation, Object... args) {
        StringBuilder line = new StringBuilder(operation);
        for (Object a : args) {
            line.append(' ').append(a);
        }
        calls.add(line.toString());
        Deque<Throwable> once = failures.get(operation);
        if (once != null && !once.isEmpty()) {
            Throwable t = once.poll();
            if (t instanceof Error e) {
                throw e;
            }
            throw (RuntimeException) t;
        }
        Supplier<RuntimeException> always = failing.get(operation);
        if (always != null) {
            throw always.get();
        }
    }

    @Override
    public synchronized List<DataField> dataFields() {
        call("dataFields");
        return new ArrayList<>(dataFields);
    }

    @Override
    public synchronized void createDataField(DataField field) {
        call("createDataField", field.name());
        dataFields.add(field);
    }

    @Override
    public synchronized List<AddressBook> addressBooks() {
        call("addressBooks");
        return new ArrayList<>(books.values());
    }

    @Override
    public synchronized AddressBook createAddressBook(String name, String visibility) {
        call("createAddressBook", name);
        AddressBook b = new AddressBook(nextId++, name, visibility, 0);
        books.put(b.id(), b);
        members.put(b.id(), new LinkedHashSet<>());
        if (lostCreationAnswer != null) {
            RuntimeException e = lostCreationAnswer;
            lostCreationAnswer = null;
            throw e;
        }
        return b;
    }

    @Override
    public synchronized Optional<Contact> contact(String emailOrId) {
        call("contact", emailOrId);
        return Optional.ofNullable(contacts.get(emailOrId));
    }

    @Override
    public synchronized void removeContactFromAddressBook(long addressBookId, long contactId) {
        call("removeContactFromAddressBook", addressBookId, contactId);
        contacts.values().stream().filter(c -> c.id() == contactId).findFirst()
                .ifPresent(c -> members.getOrDefault(addressBookId, new LinkedHashSet<>()).remove(c.email()));
    }

    @Override
    public synchronized ContactSuppression unsubscribe(String email) {
        call("unsubscribe", email);
        unsubscribed.add(email);
        return new ContactSuppression(Contact.of(email, Map.of()), Instant.now(), "Unsubscribed");
    }

    @Override
    public synchronized ContactSuppression unsubscribeFromAddressBook(long addressBookId, String email) {
        call("unsubscribeFromAddressBook", addressBookId, email);
        unsubscribed.add(addressBookId + ":" + email);
        return new ContactSuppression(Contact.of(email, Map.of()), Instant.now(), "Unsubscribed");
    }

    @Override
    public synchronized ImportHandle startImport(ContactImport request) {
        call("startImport", request.contacts().size());
        String id = "import-" + (nextId++);
        imports.put(id, request);
        return new ImportHandle(id, request.api());
    }

    @Override
    public synchronized ImportResult importStatus(ImportHandle handle) {
        call("importStatus", handle.importId());
        if (importsHeld) {
            return new ImportResult(handle.importId(), ImportResult.NOT_FINISHED, ImportSummary.EMPTY, List.of());
        }
        String status = nextStatuses.isEmpty() ? ImportResult.FINISHED : nextStatuses.poll();
        if (!ImportResult.FINISHED.equals(status)) {
            return new ImportResult(handle.importId(), status, ImportSummary.EMPTY, List.of());
        }
        ContactImport request = imports.get(handle.importId());
        List<ImportFailure> refused = refusals.apply(request);
        Set<String> refusedEmails = new LinkedHashSet<>();
        refused.forEach(f -> refusedEmails.add(f.email()));
        int created = 0;
        int updated = 0;
        for (Contact c : request.contacts()) {
            if (refusedEmails.contains(c.email())) {
                continue;
            }
            Contact old = contacts.get(c.email());
            Map<String, String> fields = new LinkedHashMap<>(old == null ? Map.of() : old.dataFields());
            fields.putAll(c.dataFields());
            contacts.put(c.email(), new Contact(old == null ? nextId++ : old.id(), c.email(), null, null, fields,
                    c.status() != null ? c.status() : old == null ? "Subscribed" : old.status()));
            if (old == null) {
                created++;
            } else {
                updated++;
            }
            if (request.addressBookId() != null) {
                members.computeIfAbsent(request.addressBookId(), k -> new LinkedHashSet<>()).add(c.email());
            }
        }
        return new ImportResult(handle.importId(), ImportResult.FINISHED,
                new ImportSummary(created, updated, 0, refused.size(), 0), refused);
    }

    @Override
    public AccountInfo accountInfo() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Contact upsertContact(Contact contact) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Contact addContactToAddressBook(long addressBookId, Contact contact) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<ContactSuppression> unsubscribedSince(Instant since, int select, int skip) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<ContactSuppression> suppressedSince(Instant since, int select, int skip) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<ContactSuppression> addressBookUnsubscribedSince(long addressBookId, Instant since, int select,
                                                                 int skip) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Contact> modifiedContactsSince(Instant since, int select, int skip) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Campaign> campaigns(int select, int skip) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Campaign> campaignsWithActivitySince(Instant since, int select, int skip) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CampaignSummary campaignSummary(long campaignId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<CampaignActivity> campaignActivitiesSince(long campaignId, Instant since, int select, int skip) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<CampaignClick> campaignClicksSince(long campaignId, Instant since, int select, int skip) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<CampaignOpen> campaignOpensSince(long campaignId, Instant since, int select, int skip) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<CampaignPageView> campaignPageViewsSince(long campaignId, Instant since, int select, int skip) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<CampaignRoiDetail> campaignRoiDetailsSince(long campaignId, Instant since, int select, int skip) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Contact> campaignHardBouncingContacts(long campaignId, int select, int skip) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Survey> surveysWithActivitySince(Instant since, int select, int skip) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<SurveyResponse> surveyResponsesSince(long surveyId, Instant since, int select, int skip) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<ContactPreferenceOptIns> preferenceOptInsSince(long preferenceId, Instant since, int select,
                                                               int skip) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Preference> preferences() {
        throw new UnsupportedOperationException();
    }
}
