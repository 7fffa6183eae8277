package io.dynamicsdotdigital.dotdigital.client.soap;

import io.dynamicsdotdigital.dotdigital.client.rest.RestDotdigitalClient;
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
import io.dynamicsdotdigital.dotdigital.soap.v2.ApiService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The since-date reads over SOAP; those the 2013 WSDL lacks (clicks and opens since a date, surveys, preferences)
 * go to the REST client.
 */
final class SoapActivityReads implements ActivityReads {
    private final ApiService port;
    private final SoapCallPolicy policy;
    private final RestDotdigitalClient rest;

    SoapActivityReads(ApiService port, SoapCallPolicy policy, RestDotdigitalClient rest) {
        this.port = port;
        this.policy = policy;
        this.rest = rest;
    }

    @Override
    public List<ContactSuppression> unsubscribedSince(Instant since, int select, int skip) {
        requirePaging(select, skip);
        var rows = policy.call("GetUnsubscribedContacts",
                () -> port.getUnsubscribedContacts(SoapModelMapper.xmlDate(since), select, skip));
        return rows == null ? List.of() : map(rows.getApiContactSuppression(), SoapModelMapper::suppression);
    }

    @Override
    public List<ContactSuppression> suppressedSince(Instant since, int select, int skip) {
        requirePaging(select, skip);
        var rows = policy.call("GetSuppressedContacts",
                () -> port.getSuppressedContacts(SoapModelMapper.xmlDate(since), select, skip));
        return rows == null ? List.of() : map(rows.getApiContactSuppression(), SoapModelMapper::suppression);
    }

    @Override
    public List<ContactSuppression> addressBookUnsubscribedSince(long addressBookId, Instant since, int select,
                                                                 int skip) {
        requirePaging(select, skip);
        var rows = policy.call("GetUnsubscribedContactsInAddressBook", () -> port.getUnsubscribedContactsInAddressBook(
                Math.toIntExact(addressBookId), SoapModelMapper.xmlDate(since), select, skip));
        return rows == null ? List.of() : map(rows.getApiContactSuppression(), SoapModelMapper::suppression);
    }

    @Override
    public List<Contact> modifiedContactsSince(Instant since, int select, int skip) {
        requirePaging(select, skip);
        var rows = policy.call("GetModifiedContacts",
                () -> port.getModifiedContacts(SoapModelMapper.xmlDate(since), true, select, skip));
        return rows == null ? List.of() : map(rows.getApiContact(), SoapModelMapper::contact);
    }

    @Override
    public List<Campaign> campaigns(int select, int skip) {
        requirePaging(select, skip);
        var rows = policy.call("GetCampaigns", () -> port.getCampaigns(select, skip));
        return rows == null ? List.of() : map(rows.getApiCampaign(), SoapModelMapper::campaign);
    }

    @Override
    public List<Campaign> campaignsWithActivitySince(Instant since, int select, int skip) {
        requirePaging(select, skip);
        var rows = policy.call("GetSentCampaignsWithActivitySinceDate",
                () -> port.getSentCampaignsWithActivitySinceDate(SoapModelMapper.xmlDate(since), select, skip));
        return rows == null ? List.of() : map(rows.getApiCampaign(), SoapModelMapper::campaign);
    }

    /** The SOAP summary has no revenue: revenue, assistedRevenue are null and numOrders 0. */
    @Override
    public CampaignSummary campaignSummary(long campaignId) {
        return SoapModelMapper.campaignSummary(campaignId, policy.call("GetCampaignSummary",
                () -> port.getCampaignSummary(Math.toIntExact(campaignId))));
    }

    @Override
    public List<CampaignActivity> campaignActivitiesSince(long campaignId, Instant since, int select, int skip) {
        requirePaging(select, skip);
        var rows = policy.call("GetCampaignActivitiesSinceDate", () -> port.getCampaignActivitiesSinceDate(
                Math.toIntExact(campaignId), SoapModelMapper.xmlDate(since), select, skip));
        return rows == null ? List.of() : map(rows.getApiCampaignContactSummary(), SoapModelMapper::campaignActivity);
    }

    /** The SOAP API has clicks only without a since-date: over REST. */
    @Override
    public List<CampaignClick> campaignClicksSince(long campaignId, Instant since, int select, int skip) {
        return rest.campaignClicksSince(campaignId, since, select, skip);
    }

    /** The SOAP API has opens only without a since-date: over REST. */
    @Override
    public List<CampaignOpen> campaignOpensSince(long campaignId, Instant since, int select, int skip) {
        return rest.campaignOpensSince(campaignId, since, select, skip);
    }

    @Override
    public List<CampaignPageView> campaignPageViewsSince(long campaignId, Instant since, int select, int skip) {
        requirePaging(select, skip);
        var rows = policy.call("GetCampaignPageViewsSinceDate", () -> port.getCampaignPageViewsSinceDate(
                Math.toIntExact(campaignId), SoapModelMapper.xmlDate(since), select, skip));
        return rows == null ? List.of() : map(rows.getApiCampaignContactPageView(), SoapModelMapper::campaignPageView);
    }

    @Override
    public List<CampaignRoiDetail> campaignRoiDetailsSince(long campaignId, Instant since, int select, int skip) {
        requirePaging(select, skip);
        var rows = policy.call("GetCampaignRoiDetailsSinceDate", () -> port.getCampaignRoiDetailsSinceDate(
                Math.toIntExact(campaignId), SoapModelMapper.xmlDate(since), select, skip));
        return rows == null ? List.of()
                : map(rows.getApiCampaignContactRoiDetail(), SoapModelMapper::campaignRoiDetail);
    }

    @Override
    public List<Contact> campaignHardBouncingContacts(long campaignId, int select, int skip) {
        requirePaging(select, skip);
        var rows = policy.call("GetCampaignHardBouncingContacts", () -> port.getCampaignHardBouncingContacts(
                Math.toIntExact(campaignId), true, select, skip));
        return rows == null ? List.of() : map(rows.getApiContact(), SoapModelMapper::contact);
    }

    /** Not in the SOAP API: over REST. */
    @Override
    public List<Survey> surveysWithActivitySince(Instant since, int select, int skip) {
        return rest.surveysWithActivitySince(since, select, skip);
    }

    /** Not in the SOAP API: over REST. */
    @Override
    public List<SurveyResponse> surveyResponsesSince(long surveyId, Instant since, int select, int skip) {
        return rest.surveyResponsesSince(surveyId, since, select, skip);
    }

    /** Not in the SOAP API: over REST. */
    @Override
    public List<SurveyPage> surveyFields(long surveyId) {
        return rest.surveyFields(surveyId);
    }

    /** Not in the SOAP API: over REST. */
    @Override
    public List<ContactPreferenceOptIns> preferenceOptInsSince(long preferenceId, Instant since, int select,
                                                               int minContactId) {
        return rest.preferenceOptInsSince(preferenceId, since, select, minContactId);
    }

    /** Not in the SOAP API: over REST. */
    @Override
    public List<Preference> preferences() {
        return rest.preferences();
    }

    private static <A, B> List<B> map(List<A> rows, Function<A, B> mapper) {
        List<B> out = new ArrayList<>(rows.size());
        for (A row : rows) {
            out.add(mapper.apply(row));
        }
        return out;
    }

    private static void requirePaging(int select, int skip) {
        if (select < 1 || select > 1000) {
            throw new IllegalArgumentException("select must be 1..1000 over SOAP but was " + select);
        }
        if (skip < 0) {
            throw new IllegalArgumentException("skip must not be negative but was " + skip);
        }
    }
}
