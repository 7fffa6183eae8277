package io.dynamicsdotdigital.dotdigital.client;

import io.dynamicsdotdigital.dotdigital.client.model.AccountInfo;
import io.dynamicsdotdigital.dotdigital.client.model.AddressBook;
import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import io.dynamicsdotdigital.dotdigital.client.model.ContactImport;
import io.dynamicsdotdigital.dotdigital.client.model.ContactSuppression;
import io.dynamicsdotdigital.dotdigital.client.model.DataField;
import io.dynamicsdotdigital.dotdigital.client.model.ImportHandle;
import io.dynamicsdotdigital.dotdigital.client.model.ImportResult;
import java.util.List;
import java.util.Optional;

/**
 * The Dotdigital calls the connectors make, over REST (v2 + v3) or SOAP (v2). Every failure is a
 * {@link DotdigitalApiException} naming the call; throttling and transient failures are retried before that. The
 * since-date reads are declared in {@link ActivityReads}.
 */
public interface DotdigitalClient extends ActivityReads, AutoCloseable {

    /** {@code GET /v2/account-info}. */
    AccountInfo accountInfo();

    List<DataField> dataFields();

    /** Creates a data field; one that already exists (ERROR_NON_UNIQUE_DATAFIELD) counts as success. */
    void createDataField(DataField field);

    /** All address books, paged to exhaustion. */
    List<AddressBook> addressBooks();

    /** The address book with exactly this name, else one whose name matches ignoring case. */
    default Optional<AddressBook> addressBookByName(String name) {
        List<AddressBook> books = addressBooks();
        Optional<AddressBook> exact = books.stream().filter(b -> name.equals(b.name())).findFirst();
        return exact.isPresent() ? exact : books.stream().filter(b -> name.equalsIgnoreCase(b.name())).findFirst();
    }

    /**
     * Creates an address book. Not repeated after a timeout or a 502-504 (the book may exist by then): look the name
     * up again before calling this once more.
     *
     * @param visibility Private or Public
     */
    AddressBook createAddressBook(String name, String visibility);

    /** The contact with this email or numeric id; empty when it does not exist. */
    Optional<Contact> contact(String emailOrId);

    /** Creates or updates a contact (not in any address book). */
    Contact upsertContact(Contact contact);

    /** Adds the contact to the address book, creating or updating it. */
    Contact addContactToAddressBook(long addressBookId, Contact contact);

    void removeContactFromAddressBook(long addressBookId, long contactId);

    /** Unsubscribes the email from all mailing (global suppression). */
    ContactSuppression unsubscribe(String email);

    ContactSuppression unsubscribeFromAddressBook(long addressBookId, String email);

    /**
     * Starts a bulk import. Throws a {@link DotdigitalApiException} with
     * {@link DotdigitalApiException#isTooManyActiveImports()} when the account already runs 25 imports (or answers
     * 429). Not repeated after a timeout or a 502-504, when the import may have started: the caller decides.
     */
    ImportHandle startImport(ContactImport request);

    /**
     * The import's status; when finished, its counts and per-contact failures. A v2 import that is finished but
     * whose report is not readable yet (ERROR_IMPORT_REPORT_NOT_YET_READY) is reported as NotFinished: poll again.
     */
    ImportResult importStatus(ImportHandle handle);

    /**
     * Campaign sends over this client's transport.
     *
     * @throws UnsupportedOperationException for a client that cannot send campaigns
     */
    default CampaignSends campaignSends() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot send campaigns");
    }

    /**
     * Marketing preference and consent writes; over REST whatever the transport (the SOAP API has none).
     *
     * @throws UnsupportedOperationException for a client that cannot write preferences
     */
    default PreferenceWrites preferenceWrites() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot write preferences");
    }

    /** Releases the transport's resources. Never throws. */
    @Override
    default void close() {
    }
}
