package io.dynamicsdotdigital.dotdigital.client;

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

/** {@link ActivityReads} answered by the part a transport keeps them in, so each client need not forward them. */
public interface DelegatedActivityReads extends ActivityReads {

    /** The transport's since-date reads. */
    ActivityReads activityReads();

    @Override
    default List<ContactSuppression> unsubscribedSince(Instant since, int select, int skip) {
        return activityReads().unsubscribedSince(since, select, skip);
    }

    @Override
    default List<ContactSuppression> suppressedSince(Instant since, int select, int skip) {
        return activityReads().suppressedSince(since, select, skip);
    }

    @Override
    default List<ContactSuppression> addressBookUnsubscribedSince(long addressBookId, Instant since, int select,
                                                                  int skip) {
        return activityReads().addressBookUnsubscribedSince(addressBookId, since, select, skip);
    }

    @Override
    default List<Contact> modifiedContactsSince(Instant since, int select, int skip) {
        return activityReads().modifiedContactsSince(since, select, skip);
    }

    @Override
    default List<Campaign> campaigns(int select, int skip) {
        return activityReads().campaigns(select, skip);
    }

    @Override
    default List<Campaign> campaignsWithActivitySince(Instant since, int select, int skip) {
        return activityReads().campaignsWithActivitySince(since, select, skip);
    }

    @Override
    default CampaignSummary campaignSummary(long campaignId) {
        return activityReads().campaignSummary(campaignId);
    }

    @Override
    default List<CampaignActivity> campaignActivitiesSince(long campaignId, Instant since, int select, int skip) {
        return activityReads().campaignActivitiesSince(campaignId, since, select, skip);
    }

    @Override
    default List<CampaignClick> campaignClicksSince(long campaignId, Instant since, int select, int skip) {
        return activityReads().campaignClicksSince(campaignId, since, select, skip);
    }

    @Override
    default List<CampaignOpen> campaignOpensSince(long campaignId, Instant since, int select, int skip) {
        return activityReads().campaignOpensSince(campaignId, since, select, skip);
    }

    @Override
    default List<CampaignPageView> campaignPageViewsSince(long campaignId, Instant since, int select, int skip) {
        return activityReads().campaignPageViewsSince(campaignId, since, select, skip);
    }

    @Override
    default List<CampaignRoiDetail> campaignRoiDetailsSince(long campaignId, Instant since, int select, int skip) {
        return activityReads().campaignRoiDetailsSince(campaignId, since, select, skip);
    }

    @Override
    default List<Contact> campaignHardBouncingContacts(long campaignId, int select, int skip) {
        return activityReads().campaignHardBouncingContacts(campaignId, select, skip);
    }

    @Override
    default List<Survey> surveysWithActivitySince(Instant since, int select, int skip) {
        return activityReads().surveysWithActivitySince(since, select, skip);
    }

    @Override
    default List<SurveyResponse> surveyResponsesSince(long surveyId, Instant since, int select, int skip) {
        return activityReads().surveyResponsesSince(surveyId, since, select, skip);
    }

    @Override
    default List<SurveyPage> surveyFields(long surveyId) {
        return activityReads().surveyFields(surveyId);
    }

    @Override
    default List<ContactPreferenceOptIns> preferenceOptInsSince(long preferenceId, Instant since, int select,
                                                                int skip) {
        return activityReads().preferenceOptInsSince(preferenceId, since, select, skip);
    }

    @Override
    default List<Preference> preferences() {
        return activityReads().preferences();
    }
}
