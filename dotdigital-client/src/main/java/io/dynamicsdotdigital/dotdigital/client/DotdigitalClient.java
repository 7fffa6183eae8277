package io.dynamicsdotdigital.dotdigital.client;

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
import io.dynamicsdotdigital.dotdigital.client.model.ImportHandle;
import io.dynamicsdotdigital.dotdigital.client.model.ImportResult;
import io.dynamicsdotdigital.dotdigital.client.model.Preference;
import io.dynamicsdotdigital.dotdigital.client.model.Survey;
import io.dynamicsdotdigital.dotdigital.client.model.SurveyResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The Dotdigital calls the connectors make, over REST (v2 + v3) or SOAP (v2). Every failure is a
 * {@link DotdigitalApiException} naming the call; throttling and transient failures are retried before that.
 *
 * <p>The since-date reads return one page ({@code select} at most 1000, {@code skip} rows skipped): callers page
 * until a page is shorter than {@code select}. The order of rows is not guaranteed stable by the API.
 */
public interface DotdigitalClient extends AutoCloseable {

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

    List<ContactSuppression> unsubscribedSince(Instant since, int select, int skip);

    List<ContactSuppression> suppressedSince(Instant since, int select, int skip);

    List<ContactSuppression> addressBookUnsubscribedSince(long addressBookId, Instant since, int select, int skip);

    /** Contacts modified since the date, with their data fields. */
    List<Contact> modifiedContactsSince(Instant since, int select, int skip);

    List<Campaign> campaigns(int select, int skip);

    List<Campaign> campaignsWithActivitySince(Instant since, int select, int skip);

    CampaignSummary campaignSummary(long campaignId);

    List<CampaignActivity> campaignActivitiesSince(long campaignId, Instant since, int select, int skip);

    List<CampaignClick> campaignClicksSince(long campaignId, Instant since, int select, int skip);

    List<CampaignOpen> campaignOpensSince(long campaignId, Instant since, int select, int skip);

    List<CampaignPageView> campaignPageViewsSince(long campaignId, Instant since, int select, int skip);

    List<CampaignRoiDetail> campaignRoiDetailsSince(long campaignId, Instant since, int select, int skip);

    /** Contacts that hard-bounced on the campaign; there is no since-date form of this call. */
    List<Contact> campaignHardBouncingContacts(long campaignId, int select, int skip);

    List<Survey> surveysWithActivitySince(Instant since, int select, int skip);

    List<SurveyResponse> surveyResponsesSince(long surveyId, Instant since, int select, int skip);

    /**
     * Contacts whose opt-in to the preference changed since the date. This call pages by contact id, not skip:
     * pass 0 first, then the largest contact id of the previous page plus one; {@code select} is ignored by the
     * API and kept for symmetry.
     */
    List<ContactPreferenceOptIns> preferenceOptInsSince(long preferenceId, Instant since, int select, int skip);

    List<Preference> preferences();

    /** Releases the transport's resources. Never throws. */
    @Override
    default void close() {
    }
}
