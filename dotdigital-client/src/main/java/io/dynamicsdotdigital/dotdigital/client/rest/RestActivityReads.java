package io.dynamicsdotdigital.dotdigital.client.rest;

import static io.dynamicsdotdigital.dotdigital.client.rest.RestCalls.date;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.dynamicsdotdigital.dotdigital.client.model.SurveyResponse;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** The since-date reads the source makes over REST: suppressions, modified contacts, campaigns, surveys, preferences. */
final class RestActivityReads {
    private final RestCalls calls;

    RestActivityReads(RestCalls calls) {
        this.calls = calls;
    }

    List<ContactSuppression> unsubscribedSince(Instant since, int select, int skip) {
        return calls.page("/v2/contacts/unsubscribed-since/" + date(since), select, skip,
                "GET /v2/contacts/unsubscribed-since/{date}", "unsubscribes", RestModelReader::suppression);
    }

    List<ContactSuppression> suppressedSince(Instant since, int select, int skip) {
        return calls.page("/v2/contacts/suppressed-since/" + date(since), select, skip,
                "GET /v2/contacts/suppressed-since/{date}", "suppressions", RestModelReader::suppression);
    }

    List<ContactSuppression> addressBookUnsubscribedSince(long addressBookId, Instant since, int select,
                                                                 int skip) {
        return calls.page("/v2/address-books/" + addressBookId + "/contacts/unsubscribed-since/" + date(since), select,
                skip, "GET /v2/address-books/" + addressBookId + "/contacts/unsubscribed-since/{date}",
                "unsubscribes", RestModelReader::suppression);
    }

    List<Contact> modifiedContactsSince(Instant since, int select, int skip) {
        return calls.page("/v2/contacts/modified-since/" + date(since) + "?withFullData=true&", select, skip,
                "GET /v2/contacts/modified-since/{date}", "contacts", RestModelReader::contact);
    }

    List<Campaign> campaigns(int select, int skip) {
        return calls.page("/v2/campaigns", select, skip, "GET /v2/campaigns", "campaigns", RestModelReader::campaign);
    }

    List<Campaign> campaignsWithActivitySince(Instant since, int select, int skip) {
        return calls.page("/v2/campaigns/with-activity-since/" + date(since), select, skip,
                "GET /v2/campaigns/with-activity-since/{date}", "campaigns", RestModelReader::campaign);
    }

    CampaignSummary campaignSummary(long campaignId) {
        String path = "/v2/campaigns/" + campaignId + "/summary";
        return RestModelReader.campaignSummary(campaignId, calls.getJson(path, "GET " + path, "campaign-summary"));
    }

    List<CampaignActivity> campaignActivitiesSince(long campaignId, Instant since, int select, int skip) {
        return campaignPage(campaignId, "activities", since, select, skip, RestModelReader::campaignActivity);
    }

    List<CampaignClick> campaignClicksSince(long campaignId, Instant since, int select, int skip) {
        return campaignPage(campaignId, "clicks", since, select, skip, RestModelReader::campaignClick);
    }

    List<CampaignOpen> campaignOpensSince(long campaignId, Instant since, int select, int skip) {
        return campaignPage(campaignId, "opens", since, select, skip, RestModelReader::campaignOpen);
    }

    List<CampaignPageView> campaignPageViewsSince(long campaignId, Instant since, int select, int skip) {
        return campaignPage(campaignId, "page-views", since, select, skip, RestModelReader::campaignPageView);
    }

    List<CampaignRoiDetail> campaignRoiDetailsSince(long campaignId, Instant since, int select, int skip) {
        return campaignPage(campaignId, "roi-details", since, select, skip, RestModelReader::campaignRoiDetail);
    }

    private <T> List<T> campaignPage(long campaignId, String kind, Instant since, int select, int skip,
                                     Function<JsonNode, T> reader) {
        String base = "/v2/campaigns/" + campaignId + "/" + kind + "/since-date/";
        return calls.page(base + date(since), select, skip, "GET " + base + "{date}", "campaign-" + kind, reader);
    }

    List<Contact> campaignHardBouncingContacts(long campaignId, int select, int skip) {
        String path = "/v2/campaigns/" + campaignId + "/hard-bouncing-contacts";
        return calls.page(path + "?withFullData=true&", select, skip, "GET " + path, "campaign-hard-bounces",
                RestModelReader::contact);
    }

    List<Survey> surveysWithActivitySince(Instant since, int select, int skip) {
        return calls.page("/v2/surveys/with-activity-since/" + date(since), select, skip,
                "GET /v2/surveys/with-activity-since/{date}", "surveys", RestModelReader::survey);
    }

    List<SurveyResponse> surveyResponsesSince(long surveyId, Instant since, int select, int skip) {
        String base = "/v2/surveys/" + surveyId + "/responses/with-activity-since/";
        return calls.page(base + date(since), select, skip, "GET " + base + "{date}", "survey-responses",
                RestModelReader::surveyResponse);
    }

    List<ContactPreferenceOptIns> preferenceOptInsSince(long preferenceId, Instant since, int select,
                                                               int minContactId) {
        String base = "/v2/contacts/with-preference/" + preferenceId + "/opt-ins-since/";
        String path = base + date(since) + (minContactId > 0 ? "?minContactId=" + minContactId : "");
        return RestModelReader.list(calls.getJson(path, "GET " + base + "{date}", "preference-opt-ins"),
                RestModelReader::preferenceOptIns);
    }

    List<Preference> preferences() {
        return RestModelReader.list(calls.getJson("/v2/preferences", "GET /v2/preferences", "preferences"),
                RestModelReader::preference);
    }
}
