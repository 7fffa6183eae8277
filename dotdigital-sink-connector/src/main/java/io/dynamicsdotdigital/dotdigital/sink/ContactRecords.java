package io.dynamicsdotdigital.dotdigital.sink;

import io.dynamicsdotdigital.dotdigital.client.DotdigitalApiException;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import io.dynamicsdotdigital.dotdigital.sink.addressbook.AddressBookResolver;
import io.dynamicsdotdigital.dotdigital.sink.addressbook.EmailCache;
import io.dynamicsdotdigital.dotdigital.sink.bulk.RecordRef;
import io.dynamicsdotdigital.dotdigital.sink.datafields.DataValues;
import io.dynamicsdotdigital.dotdigital.sink.outage.Outage;
import io.dynamicsdotdigital.dotdigital.sink.record.ContactRecordParser;
import io.dynamicsdotdigital.dotdigital.sink.record.ParsedContact;
import io.dynamicsdotdigital.dotdigital.sink.record.RecordErrorKind;
import io.dynamicsdotdigital.dotdigital.sink.record.RejectedRecordException;
import io.dynamicsdotdigital.dotdigital.sink.preference.CrmPreferences;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records of the contact topics: a value becomes a contact in the next import into the fixed address book (or
 * none); an unsubscribe that needs its own call runs after that import; a tombstone removes the contact from the
 * fixed address book or unsubscribes it, after the imports of its email.
 */
final class ContactRecords {
    private static final Logger log = LoggerFactory.getLogger(ContactRecords.class);

    private final DotdigitalSinkConfig config;
    private final ContactRecordParser parser;
    private final EmailCache emails;
    private final DotdigitalClient client;
    private final PendingWork work;
    private final DotdigitalSinkMetrics metrics;
    /** Told every (CRM id, email) a contact record carries, so list members waiting for it can go on. */
    private final BiConsumer<String, String> contactSeen;
    private Long fixedAddressBookId;
    /** Why the configured address book is not known yet: it is missing, or Dotdigital could not be asked. */
    private RuntimeException fixedAddressBookProblem;
    private AddressBookResolver addressBooks;
    private PreferenceRecords preferences;

    ContactRecords(DotdigitalSinkConfig config, ContactRecordParser parser, EmailCache emails,
                   DotdigitalClient client, PendingWork work, DotdigitalSinkMetrics metrics,
                   BiConsumer<String, String> contactSeen) {
        this.config = config;
        this.parser = parser;
        this.emails = emails;
        this.client = client;
        this.work = work;
        this.metrics = metrics;
        this.contactSeen = contactSeen;
    }

    /** Resolves addressbook.id / addressbook.name once; a problem fails every contact record with its reason. */
    void resolveFixedAddressBook(AddressBookResolver addressBooks) {
        this.addressBooks = addressBooks;
        fixedAddressBookProblem = null;
        try {
            if (config.addressBookId() != null) {
                fixedAddressBookId = addressBooks.requireId(config.addressBookId(), DotdigitalSinkConfig.ADDRESS_BOOK_ID);
            } else if (!config.addressBookName().isEmpty()) {
                fixedAddressBookId = addressBooks.byName(config.addressBookName());
            }
        } catch (RejectedRecordException e) {
            // Not the records' fault: they wait (see requireFixedAddressBook) instead of going to the DLQ.
            fixedAddressBookProblem = e;
            log.error("Dotdigital sink: {}", e.getMessage());
        } catch (DotdigitalApiException e) {
            if (!Outage.waitsOut(e)) {
                throw e;
            }
            // Dotdigital throttled or was unavailable as the task started: look again at the first record, whose
            // put() then waits the outage out, instead of failing the task in start().
            fixedAddressBookProblem = e;
            log.warn("Dotdigital sink: the configured address book could not be looked up yet ({}); records wait"
                    + " until it can", e.getMessage());
        }
    }

    /** Contact records then also carry preferences, consent and opt-in type (see {@link PreferenceRecords}). */
    void readPreferences(PreferenceRecords preferences) {
        this.preferences = preferences;
    }

    Long fixedAddressBookId() {
        return fixedAddressBookId;
    }

    void contact(RecordRef ref) {
        ParsedContact parsed = parser.parse(ref.record());
        emails.put(parsed.crmId(), parsed.email());
        contactSeen.accept(parsed.crmId(), parsed.email());
        requireFixedAddressBook();
        String status = null;
        boolean unsubscribeByCall = false;
        if (parsed.wantsUnsubscribe()) {
            if (config.unsubscribeFromAddressBookOnly() || config.v2CsvImport()) {
                unsubscribeByCall = true;
            } else {
                status = "Unsubscribed";
            }
        } else if (Boolean.FALSE.equals(parsed.unsubscribe()) && config.resubscribeSuppressedAllowed()) {
            // Only when explicitly allowed: a contact Dotdigital suppressed is otherwise never made subscribed.
            status = "Subscribed";
        }
        Contact contact = new Contact(0, parsed.email(), null, null, DataValues.toText(parsed.dataFields()), status);
        Optional<CrmPreferences> prefs = preferences == null ? Optional.empty()
                : preferences.ofContact(ref, parsed.email());
        if (!unsubscribeByCall && prefs.isEmpty()) {
            work.enqueue(fixedAddressBookId, contact, ref);
            return;
        }
        work.enqueue(fixedAddressBookId, contact, null);
        String email = parsed.email();
        Runnable unsubscribe = !unsubscribeByCall ? () -> { } : () -> {
            if (config.unsubscribeFromAddressBookOnly()) {
                client.unsubscribeFromAddressBook(fixedAddressBookId, email);
            } else {
                client.unsubscribe(email);
            }
            metrics.unsubscribes.increment();
        };
        if (prefs.isPresent()) {
            preferences.applyAfterImports(prefs.get(), ref, unsubscribe);
        } else {
            work.whenIdle(email, ref, unsubscribe);
        }
    }

    void tombstone(RecordRef ref) {
        String action = config.tombstoneAction();
        boolean nothingToRemoveFrom = DotdigitalSinkConfig.TOMBSTONE_REMOVE.equals(action) && fixedAddressBookId == null
                && fixedAddressBookProblem == null;
        if (DotdigitalSinkConfig.TOMBSTONE_IGNORE.equals(action) || nothingToRemoveFrom) {
            // Without an address book a removal has nothing to act on, whether or not the contact is known.
            log.debug("Tombstone at {} ignored (tombstone.action={}, {})", ref.describe(), action,
                    fixedAddressBookId == null ? "no fixed address book" : "configured");
            metrics.tombstonesIgnored.increment();
            work.finish(ref);
            return;
        }
        Object key = ref.record().key();
        if (key == null) {
            throw new RejectedRecordException(RecordErrorKind.NULL_KEY,
                    "a tombstone needs a key naming the contact (tombstone.action=" + action + ")");
        }
        String id = ContactRecordParser.idFromKey(key, config.contactIdFields());
        String email = emails.get(id);
        if (email == null) {
            throw new RejectedRecordException(RecordErrorKind.UNKNOWN_CONTACT, "no email is known for the"
                    + " tombstone key '" + id + "': this task has not seen that contact since it started");
        }
        if (DotdigitalSinkConfig.TOMBSTONE_UNSUBSCRIBE.equals(action)) {
            work.whenIdle(email, ref, () -> {
                client.unsubscribe(email);
                metrics.unsubscribes.increment();
            });
        } else {
            requireFixedAddressBook();
            long book = fixedAddressBookId;
            work.whenIdle(email, ref, () -> removeFromAddressBook(client, metrics, book, email));
        }
    }

    /**
     * The configured address book is missing (deleted, or another account's): an account-wide error, so the records
     * wait (the task pauses and retries, then fails after outage.max.duration.ms) and are never dead-lettered.
     */
    private void requireFixedAddressBook() {
        if (fixedAddressBookProblem == null) {
            return;
        }
        resolveFixedAddressBook(addressBooks);
        if (fixedAddressBookProblem instanceof DotdigitalApiException unavailable) {
            throw unavailable;
        }
        if (fixedAddressBookProblem != null) {
            throw new DotdigitalApiException("Dotdigital " + fixedAddressBookProblem.getMessage(), 404,
                    "ERROR_ADDRESSBOOK_NOT_FOUND", fixedAddressBookProblem);
        }
    }

    static void removeFromAddressBook(DotdigitalClient client, DotdigitalSinkMetrics metrics, long addressBookId,
                                      String email) {
        client.contact(email).ifPresent(c -> {
            client.removeContactFromAddressBook(addressBookId, c.id());
            metrics.addressBookRemoves.increment();
        });
    }
}
