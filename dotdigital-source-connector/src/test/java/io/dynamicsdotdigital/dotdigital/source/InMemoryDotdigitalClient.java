package io.dynamicsdotdigital.dotdigital.source;

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
import io.dynamicsdotdigital.dotdigital.client.model.ImportHandle;
import io.dynamicsdotdigital.dotdigital.client.model.ImportResult;
import io.dynamicsdotdigital.dotdigital.client.model.Preference;
import io.dynamicsdotdigital.dotdigital.client.model.Survey;
import io.dynamicsdotdigital.dotdigital.client.model.SurveyPage;
import io.dynamicsdotdigital.dotdigital.client.model.SurveyResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The read calls of the source task over data held in memory, so the task's parts can be tested without a server:
 * {@code campaigns} campaigns (ids 1..n) each with {@code activitiesPerCampaign} send summaries made on demand,
 * unsubscribes and surveys added by the test, and failures the test arms. Sink calls are not supported.
 */
final class InMemoryDotdigitalClient implements DotdigitalClient {
    static final Instant SENT = Instant.parse("2026-11-01T00:00:00Z");

    final List<ContactSuppression> unsubscribes = new ArrayList<>();
    final List<Survey> surveys = new ArrayList<>();
    /** Every read call with its since date, e.g. "surveysWithActivitySince 2026-11-01T00:00:00Z". */
    final ConcurrentLinkedQueue<String> calls = new ConcurrentLinkedQueue<>();
    int campaignCount;
    int activitiesPerCampaign;
    /** Thrown (once) by the next call whose name it is keyed by. */
    final Map<String, RuntimeException> failNext = new java.util.HashMap<>();

    InMemoryDotdigitalClient withCampaigns(int count, int activitiesEach) {
        this.campaignCount = count;
        this.activitiesPerCampaign = activitiesEach;
        return this;
    }

    private void call(String name, Object argument) {
        calls.add(name + " " + argument);
        RuntimeException failure = failNext.remove(name);
        if (failure != null) {
            throw failure;
        }
    }

    static <T> List<T> page(List<T> all, int select, int skip) {
        return skip >= all.size() ? List.of() : List.copyOf(all.subList(skip, Math.min(all.size(), skip + select)));
    }

    static CampaignActivity activity(long campaignId, int index) {
        long contactId = 1_000_000L + index;
        return new CampaignActivity(contactId, "contact" + index + "@example.com", index % 3, 0, index % 2, 0, 0, 0,
                SENT.plusSeconds(campaignId), null, null, null, false, false, false);
    }

    @Override
    public List<Campaign> campaignsWithActivitySince(Instant since, int select, int skip) {
        call("campaignsWithActivitySince", since);
        List<Campaign> all = new ArrayList<>();
        for (long id = 1; id <= campaignCount && activitiesPerCampaign > 0; id++) {
            all.add(new Campaign(id, "Campaign " + id, "Subject", "Shop", "shop@example.com", "Sent"));
        }
        return page(all, select, skip);
    }

    @Override
    public List<CampaignActivity> campaignActivitiesSince(long campaignId, Instant since, int select, int skip) {
        call("campaignActivitiesSince", campaignId);
        List<CampaignActivity> out = new ArrayList<>();
        for (int i = skip; i < Math.min(activitiesPerCampaign, skip + select); i++) {
            out.add(activity(campaignId, i));
        }
        return out;
    }

    @Override
    public List<ContactSuppression> unsubscribedSince(Instant since, int select, int skip) {
        call("unsubscribedSince", since);
        return page(unsubscribes, select, skip);
    }

    @Override
    public List<Survey> surveysWithActivitySince(Instant since, int select, int skip) {
        call("surveysWithActivitySince", since);
        return page(surveys, select, skip);
    }

    @Override
    public List<SurveyResponse> surveyResponsesSince(long surveyId, Instant since, int select, int skip) {
        call("surveyResponsesSince", surveyId);
        return List.of();
    }

    @Override
    public List<SurveyPage> surveyFields(long surveyId) {
        call("surveyFields", surveyId);
        return List.of();
    }

    @Override
    public List<ContactSuppression> suppressedSince(Instant since, int select, int skip) {
        call("suppressedSince", since);
        return List.of();
    }

    @Override
    public List<ContactSuppression> addressBookUnsubscribedSince(long addressBookId, Instant since, int select,
                                                                 int skip) {
        call("addressBookUnsubscribedSince", addressBookId);
        return List.of();
    }

    @Override
    public List<Contact> modifiedContactsSince(Instant since, int select, int skip) {
        call("modifiedContactsSince", since);
        return List.of();
    }

    @Override
    public List<Campaign> campaigns(int select, int skip) {
        call("campaigns", skip);
        return page(campaignsWithActivitySince(Instant.EPOCH, Integer.MAX_VALUE, 0), select, skip);
    }

    @Override
    public List<CampaignClick> campaignClicksSince(long campaignId, Instant since, int select, int skip) {
        call("campaignClicksSince", campaignId);
        return List.of();
    }

    @Override
    public List<CampaignOpen> campaignOpensSince(long campaignId, Instant since, int select, int skip) {
        call("campaignOpensSince", campaignId);
        return List.of();
    }

    @Override
    public List<CampaignPageView> campaignPageViewsSince(long campaignId, Instant since, int select, int skip) {
        call("campaignPageViewsSince", campaignId);
        return List.of();
    }

    @Override
    public List<CampaignRoiDetail> campaignRoiDetailsSince(long campaignId, Instant since, int select, int skip) {
        call("campaignRoiDetailsSince", campaignId);
        return List.of();
    }

    @Override
    public List<Contact> campaignHardBouncingContacts(long campaignId, int select, int skip) {
        call("campaignHardBouncingContacts", campaignId);
        return List.of();
    }

    @Override
    public List<AddressBook> addressBooks() {
        call("addressBooks", "");
        return List.of();
    }

    @Override
    public List<Preference> preferences() {
        call("preferences", "");
        return List.of();
    }

    @Override
    public List<ContactPreferenceOptIns> preferenceOptInsSince(long preferenceId, Instant since, int select,
                                                              int skip) {
        call("preferenceOptInsSince", preferenceId);
        return List.of();
    }

    @Override
    public AccountInfo accountInfo() {
        call("accountInfo", "");
        return new AccountInfo(1, Map.of());
    }

    @Override
    public CampaignSummary campaignSummary(long campaignId) {
        throw new UnsupportedOperationException("not held in memory");
    }

    // The sink's calls: not part of the source task.

    @Override
    public List<DataField> dataFields() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void createDataField(DataField field) {
        throw new UnsupportedOperationException();
    }

    @Override
    public AddressBook createAddressBook(String name, String visibility) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Contact> contact(String emailOrId) {
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
    public void removeContactFromAddressBook(long addressBookId, long contactId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ContactSuppression unsubscribe(String email) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ContactSuppression unsubscribeFromAddressBook(long addressBookId, String email) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ImportHandle startImport(ContactImport request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ImportResult importStatus(ImportHandle handle) {
        throw new UnsupportedOperationException();
    }
}
