package io.dynamicsdotdigital.dotdigital.client.rest;

import static io.dynamicsdotdigital.dotdigital.client.rest.RestCalls.date;

import com.fasterxml.jackson.databind.JsonNode;
import io.dynamicsdotdigital.dotdigital.client.ActivityReads;
import io.dynamicsdotdigital.dotdigital.client.model.Campaign;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignActivity;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignClick;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignOpen;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignPageView;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignRoiDetail;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignSummary;
import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import io.dynamicsdotdigital.dotdigital.client.model.ContactPreferenceOptIns;
import io.dynamicsdotdigital.dotdigital.client.model.ContactSuppression;
import io.dynamicsdotdigital.dotdigital.client.model.Preference;
import io.dynamicsdotdigital.dotdigital.client.model.Survey;
import io.dynamicsdotdigital.dotdigital.client.model.SurveyPage;
import io.dynamicsdotdigital.dotdigital.client.model.SurveyResponse;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** The since-date reads the source makes over REST: suppressions, modified contacts, campaigns, surveys, preferences. */
final class RestActivityReads implements ActivityReads {
    private final RestCalls calls;

    RestActivityReads(RestCalls calls) {
        this.calls = calls;
    }

    @Override
    public List<ContactSuppression> unsubscribedSince(Instant since, int select, int skip) {
        return calls.page("/v2/contacts/unsubscribed-since/" + date(since), select, skip,
                "GET /v2/contacts/unsubscribed-since/{date}", "unsubscribes", RestModelReader::suppression);
    }

    @Override
    public List<ContactSuppression> suppressedSince(Instant since, int select, int skip) {
        return calls.page("/v2/contacts/suppressed-since/" + date(since), select, skip,
                "GET /v2/contacts/suppressed-since/{date}", "suppressions", RestModelReader::suppression);
    }

    @Override
    public List<ContactSuppression> addressBookUnsubscribedSince(long addressBookId, Instant since, int select,
                                                                 int skip) {
        return calls.page("/v2/address-books/" + addressBookId + "/contacts/unsubscribed-since/" + date(since), select,
                skip, "GET /v2/address-books/" + addressBookId + "/contacts/unsubscribed-since/{date}",
                "unsubscribes", RestModelReader::suppression);
    }

    @Override
    public List<Contact> modifiedContactsSince(Instant since, int select, int skip) {
        return calls.page("/v2/contacts/modified-since/" + date(since) + "?withFullData=true&", select, skip,
                "GET /v2/contacts/modified-since/{date}", "contacts", RestModelReader::contact);
    }

    @Override
    public List<Campaign> campaigns(int select, int skip) {
        return calls.page("/v2/campaigns", select, skip, "GET /v2/campaigns", "campaigns", RestModelReader::campaign);
    }

    @Override
    public List<Campaign> campaignsWithActivitySince(Instant since, int select, int skip) {
        return calls.page("/v2/campaigns/with-activity-since/" + date(since), select, skip,
                "GET /v2/campaigns/with-activity-since/{date}", "campaigns", RestModelReader::campaign);
    }

    @Override
    public CampaignSummary campaignSummary(long campaignId) {
        String path = "/v2/campaigns/" + campaignId + "/summary";
        return RestModelReader.campaignSummary(campaignId, calls.getJson(path, "GET " + path, "campaign-summary"));
    }

    @Override
    public List<CampaignActivity> campaignActivitiesSince(long campaignId, Instant since, int select, int skip) {
        return campaignPage(campaignId, "activities", since, select, skip, RestModelReader::campaignActivity);
    }

    @Override
    public List<CampaignClick> campaignClicksSince(long campaignId, Instant since, int select, int skip) {
        return campaignPage(campaignId, "clicks", since, select, skip, RestModelReader::campaignClick);
    }

    @Override
    public List<CampaignOpen> campaignOpensSince(long campaignId, Instant since, int select, int skip) {
        return campaignPage(campaignId, "opens", since, select, skip, RestModelReader::campaignOpen);
    }

    @Override
    public List<CampaignPageView> campaignPageViewsSince(long campaignId, Instant since, int select, int skip) {
        return campaignPage(campaignId, "page-views", since, select, skip, RestModelReader::campaignPageView);
    }

    @Override
    public List<CampaignRoiDetail> campaignRoiDetailsSince(long campaignId, Instant since, int select, int skip) {
        return campaignPage(campaignId, "roi-details", since, select, skip, RestModelReader::campaignRoiDetail);
    }

    private <T> List<T> campaignPage(long campaignId, String kind, Instant since, int select, int skip,
                                     Function<JsonNode, T> reader) {
        String base = "/v2/campaigns/" + campaignId + "/" + kind + "/since-date/";
        return calls.page(base + date(since), select, skip, "GET " + base + "{date}", "campaign-" + kind, reader);
    }

    @Override
    public List<Contact> campaignHardBouncingContacts(long campaignId, int select, int skip) {
        String path = "/v2/campaigns/" + campaignId + "/hard-bouncing-contacts";
        return calls.page(path + "?withFullData=true&", select, skip, "GET " + path, "campaign-hard-bounces",
                RestModelReader::contact);
    }

    @Override
    public List<Survey> surveysWithActivitySince(Instant since, int select, int skip) {
        return calls.page("/v2/surveys/with-activity-since/" + date(since), select, skip,
                "GET /v2/surveys/with-activity-since/{date}", "surveys", RestModelReader::survey);
    }

    @Override
    public List<SurveyResponse> surveyResponsesSince(long surveyId, Instant since, int select, int skip) {
        String base = "/v2/surveys/" + surveyId + "/responses/with-activity-since/";
        return calls.page(base + date(since), select, skip, "GET " + base + "{date}", "survey-responses",
                RestModelReader::surveyResponse);
    }

    @Override
    public List<SurveyPage> surveyFields(long surveyId) {
        return RestModelReader.list(calls.getJson("/v2/surveys/" + surveyId + "/fields",
                "GET /v2/surveys/" + surveyId + "/fields", "survey-fields"), RestModelReader::surveyPage);
    }

    @Override
    public List<ContactPreferenceOptIns> preferenceOptInsSince(long preferenceId, Instant since, int select,
                                                               int minContactId) {
        String base = "/v2/contacts/with-preference/" + preferenceId + "/opt-ins-since/";
        String path = base + date(since) + (minContactId > 0 ? "?minContactId=" + minContactId : "");
        return RestModelReader.list(calls.getJson(path, "GET " + base + "{date}", "preference-opt-ins"),
                RestModelReader::preferenceOptIns);
    }

    @Override
    public List<Preference> preferences() {
        return RestModelReader.list(calls.getJson("/v2/preferences", "GET /v2/preferences", "preferences"),
                RestModelReader::preference);
    }
}
