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

/**
 * The since-date reads of {@link DotdigitalClient}: suppressions, modified contacts, campaigns, surveys, preferences.
 * Each returns one page ({@code select} at most 1000, {@code skip} rows skipped): callers page until a page is
 * shorter than {@code select}. The order of rows is not guaranteed stable by the API.
 */
public interface ActivityReads {

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
     * {@code GET /v2/surveys/{id}/fields}: the survey's pages and their questions, which the answers of its responses
     * name by field id.
     *
     * @throws UnsupportedOperationException for a client that cannot read survey questions
     */
    default List<SurveyPage> surveyFields(long surveyId) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot read survey fields");
    }

    /**
     * Contacts whose opt-in to the preference changed since the date. This call pages by contact id, not skip:
     * pass 0 first, then the largest contact id of the previous page plus one; {@code select} is ignored by the
     * API and kept for symmetry.
     */
    List<ContactPreferenceOptIns> preferenceOptInsSince(long preferenceId, Instant since, int select, int skip);

    List<Preference> preferences();
}
