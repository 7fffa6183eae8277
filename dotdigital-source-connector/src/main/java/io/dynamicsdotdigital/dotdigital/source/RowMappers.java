package io.dynamicsdotdigital.dotdigital.source;

import static io.dynamicsdotdigital.dotdigital.source.RecordSchemas.decimal;

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
import io.dynamicsdotdigital.dotdigital.client.model.MarketingPreferenceOptIn;
import io.dynamicsdotdigital.dotdigital.client.model.SurveyAnswer;
import io.dynamicsdotdigital.dotdigital.client.model.SurveyResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.data.Struct;

/** Turns Dotdigital model rows into {@link StreamRow}s: the key, the value and the identity used for dedup. */
public final class RowMappers {
    private static final char SEP = '\u001f';

    private RowMappers() {
    }

    // --------------------------------------------------------------------------------------------- campaigns

    /** The catalogue entry, with its summary when the campaign had activity in this read's window. */
    public static StreamRow campaign(Campaign c, CampaignSummary summary, Instant summaryRetrievedAt) {
        Struct key = new Struct(RecordSchemas.CAMPAIGN_KEY).put("campaignId", c.id());
        Struct value = new Struct(RecordSchemas.CAMPAIGN)
                .put("campaignId", c.id())
                .put("name", c.name())
                .put("subject", c.subject())
                .put("fromName", c.fromName())
                .put("fromAddress", c.fromAddress())
                .put("status", c.status());
        if (summary == null) {
            return new StreamRow(key, value, catalogueIdentity(c), null);
        }
        value.put("summary", summary(summary)).put("summaryRetrievedAt", date(summaryRetrievedAt));
        return new StreamRow(key, value, summaryIdentity(c, summary), null, 0L, catalogueIdentity(c));
    }

    /** What a campaign's catalogue-only record stands for. */
    public static String catalogueIdentity(Campaign c) {
        return join("catalogue", c.id(), c.name(), c.subject(), c.fromName(), c.fromAddress(), c.status());
    }

    static String summaryIdentity(Campaign c, CampaignSummary s) {
        // The retrieval time is not part of it: an unchanged summary read again is a duplicate.
        return join("summary", catalogueIdentity(c), s.toString());
    }

    static Struct summary(CampaignSummary s) {
        return new Struct(RecordSchemas.CAMPAIGN_SUMMARY)
                .put("dateSent", date(s.dateSent()))
                .put("numSent", s.numSent())
                .put("numDelivered", s.numDelivered())
                .put("numOpens", s.numOpens())
                .put("numUniqueOpens", s.numUniqueOpens())
                .put("numClicks", s.numClicks())
                .put("numRecipientsClicked", s.numRecipientsClicked())
                .put("numPageViews", s.numPageViews())
                .put("numForwards", s.numForwards())
                .put("numReplies", s.numReplies())
                .put("numHardBounces", s.numHardBounces())
                .put("numSoftBounces", s.numSoftBounces())
                .put("numUnsubscribes", s.numUnsubscribes())
                .put("numIspComplaints", s.numIspComplaints())
                .put("numMailBlocks", s.numMailBlocks())
                .put("numOrders", s.numOrders())
                .put("percentageDelivered", decimal(s.percentageDelivered()))
                .put("percentageUniqueOpens", decimal(s.percentageUniqueOpens()))
                .put("percentageUsersClicked", decimal(s.percentageUsersClicked()))
                .put("revenue", decimal(s.revenue()))
                .put("assistedRevenue", decimal(s.assistedRevenue()));
    }

    // ------------------------------------------------------------------------------------- campaign streams

    public static StreamRow activity(long campaignId, CampaignActivity a) {
        Struct key = new Struct(RecordSchemas.CAMPAIGN_CONTACT_KEY).put("campaignId", campaignId)
                .put("contactId", a.contactId());
        Struct value = new Struct(RecordSchemas.CAMPAIGN_ACTIVITY)
                .put("campaignId", campaignId)
                .put("contactId", a.contactId())
                .put("email", a.email())
                .put("numOpens", a.numOpens())
                .put("numPageViews", a.numPageViews())
                .put("numClicks", a.numClicks())
                .put("numForwards", a.numForwards())
                .put("numEstimatedForwards", a.numEstimatedForwards())
                .put("numReplies", a.numReplies())
                .put("dateSent", date(a.dateSent()))
                .put("dateFirstOpened", date(a.dateFirstOpened()))
                .put("dateLastOpened", date(a.dateLastOpened()))
                .put("firstOpenIp", a.firstOpenIp())
                .put("unsubscribed", a.unsubscribed())
                .put("softBounced", a.softBounced())
                .put("hardBounced", a.hardBounced());
        // A send summary is cumulative: the same contact comes back with new counts, which is a new version.
        return new StreamRow(key, value, a.toString(), latest(a.dateSent(), a.dateFirstOpened(), a.dateLastOpened()));
    }

    public static StreamRow click(long campaignId, CampaignClick c) {
        Struct key = new Struct(RecordSchemas.CLICK_KEY).put("campaignId", campaignId).put("contactId", c.contactId())
                .put("url", c.url()).put("dateClicked", date(c.dateClicked()));
        Struct value = new Struct(RecordSchemas.CAMPAIGN_CLICK)
                .put("campaignId", campaignId)
                .put("contactId", c.contactId())
                .put("email", c.email())
                .put("url", c.url())
                .put("ipAddress", c.ipAddress())
                .put("userAgent", c.userAgent())
                .put("dateClicked", date(c.dateClicked()))
                .put("keyword", c.keyword());
        return new StreamRow(key, value, join(c.contactId(), c.url(), c.dateClicked()), c.dateClicked());
    }

    public static StreamRow open(long campaignId, CampaignOpen o) {
        Struct key = new Struct(RecordSchemas.OPEN_KEY).put("campaignId", campaignId).put("contactId", o.contactId())
                .put("dateOpened", date(o.dateOpened()));
        Struct value = new Struct(RecordSchemas.CAMPAIGN_OPEN)
                .put("campaignId", campaignId)
                .put("contactId", o.contactId())
                .put("email", o.email())
                .put("mailClient", o.mailClient())
                .put("mailClientVersion", o.mailClientVersion())
                .put("ipAddress", o.ipAddress())
                .put("userAgent", o.userAgent())
                .put("isHtml", o.isHtml())
                .put("isForward", o.isForward())
                .put("dateOpened", date(o.dateOpened()));
        return new StreamRow(key, value, join(o.contactId(), o.dateOpened()), o.dateOpened());
    }

    public static StreamRow pageView(long campaignId, CampaignPageView p) {
        Struct key = new Struct(RecordSchemas.PAGE_VIEW_KEY).put("campaignId", campaignId)
                .put("contactId", p.contactId()).put("url", p.url()).put("dateViewed", date(p.dateViewed()));
        Struct value = new Struct(RecordSchemas.CAMPAIGN_PAGE_VIEW)
                .put("campaignId", campaignId)
                .put("contactId", p.contactId())
                .put("email", p.email())
                .put("url", p.url())
                .put("dateViewed", date(p.dateViewed()));
        return new StreamRow(key, value, join(p.contactId(), p.url(), p.dateViewed()), p.dateViewed());
    }

    public static StreamRow roi(long campaignId, CampaignRoiDetail r) {
        Struct key = new Struct(RecordSchemas.ROI_KEY).put("campaignId", campaignId).put("contactId", r.contactId())
                .put("markerName", r.markerName()).put("dateEntered", date(r.dateEntered()));
        Struct value = new Struct(RecordSchemas.CAMPAIGN_ROI)
                .put("campaignId", campaignId)
                .put("contactId", r.contactId())
                .put("email", r.email())
                .put("markerName", r.markerName())
                .put("dataType", r.dataType())
                .put("value", r.value())
                .put("dateEntered", date(r.dateEntered()));
        return new StreamRow(key, value, join(r.contactId(), r.markerName(), r.dateEntered()), r.dateEntered());
    }

    /** The list has no dates: {@code detectedAt} is when this connector first saw the contact in it. */
    public static StreamRow hardBounce(long campaignId, Contact c, Instant detectedAt) {
        Struct key = new Struct(RecordSchemas.CAMPAIGN_CONTACT_KEY).put("campaignId", campaignId)
                .put("contactId", c.id());
        Struct value = new Struct(RecordSchemas.CAMPAIGN_HARD_BOUNCE)
                .put("campaignId", campaignId)
                .put("contactId", c.id())
                .put("email", c.email())
                .put("status", c.status())
                .put("detectedAt", Date.from(detectedAt));
        return new StreamRow(key, value, join(c.id()), null);
    }

    // ------------------------------------------------------------------------------------- account streams

    public static StreamRow suppression(ContactSuppression s) {
        Contact c = s.suppressedContact();
        String email = normalisedEmail(s.email());
        Struct key = new Struct(RecordSchemas.EMAIL_KEY).put("email", email);
        Struct value = new Struct(RecordSchemas.SUPPRESSION)
                .put("email", email)
                .put("contactId", c == null || c.id() == 0 ? null : c.id())
                .put("reason", s.reason())
                .put("dateRemoved", date(s.dateRemoved()))
                .put("status", c == null ? null : c.status())
                .put("optInType", c == null ? null : c.optInType())
                .put("emailType", c == null ? null : c.emailType());
        return new StreamRow(key, value, join(email, s.dateRemoved(), s.reason()), s.dateRemoved());
    }

    public static StreamRow addressBookUnsubscribe(long addressBookId, ContactSuppression s) {
        Contact c = s.suppressedContact();
        String email = normalisedEmail(s.email());
        Struct key = new Struct(RecordSchemas.ADDRESS_BOOK_EMAIL_KEY).put("addressBookId", addressBookId)
                .put("email", email);
        Struct value = new Struct(RecordSchemas.ADDRESS_BOOK_UNSUBSCRIBE)
                .put("addressBookId", addressBookId)
                .put("email", email)
                .put("contactId", c == null || c.id() == 0 ? null : c.id())
                .put("reason", s.reason())
                .put("dateRemoved", date(s.dateRemoved()));
        return new StreamRow(key, value, join(email, s.dateRemoved(), s.reason()), s.dateRemoved());
    }

    /** Contacts carry no modified date: identity is the whole content, so only real changes are emitted. */
    public static StreamRow contact(Contact c) {
        Struct key = new Struct(RecordSchemas.CONTACT_KEY).put("contactId", c.id());
        Struct value = new Struct(RecordSchemas.CONTACT)
                .put("contactId", c.id())
                .put("email", c.email())
                .put("optInType", c.optInType())
                .put("emailType", c.emailType())
                .put("status", c.status())
                .put("dataFields", c.dataFields());
        String identity = join(c.id(), c.email(), c.optInType(), c.emailType(), c.status(),
                new TreeMap<>(c.dataFields()));
        return new StreamRow(key, value, identity, null);
    }

    public static StreamRow surveyResponse(long surveyId, SurveyResponse r) {
        Struct key = new Struct(RecordSchemas.SURVEY_RESPONSE_KEY).put("surveyId", surveyId)
                .put("responseId", r.id());
        List<Struct> answers = new ArrayList<>();
        for (SurveyAnswer a : r.givenAnswers()) {
            answers.add(new Struct(RecordSchemas.SURVEY_ANSWER).put("fieldId", a.fieldId())
                    .put("subFieldId", a.subFieldId()).put("value", a.value()));
        }
        Struct value = new Struct(RecordSchemas.SURVEY_RESPONSE)
                .put("surveyId", surveyId)
                .put("responseId", r.id())
                .put("email", r.email())
                .put("started", r.started())
                .put("dateStarted", date(r.dateStarted()))
                .put("complete", r.complete())
                .put("dateCompleted", date(r.dateCompleted()))
                .put("answers", answers);
        return new StreamRow(key, value, r.toString(), latest(r.dateStarted(), r.dateCompleted()));
    }

    public static StreamRow preferenceOptIns(long preferenceId, ContactPreferenceOptIns row) {
        Contact c = row.contact();
        long contactId = c == null ? 0 : c.id();
        Struct key = new Struct(RecordSchemas.PREFERENCE_CONTACT_KEY).put("preferenceId", preferenceId)
                .put("contactId", contactId);
        List<Struct> optIns = new ArrayList<>();
        Instant newest = null;
        for (MarketingPreferenceOptIn o : row.marketingPreferenceOptIns()) {
            optIns.add(new Struct(RecordSchemas.PREFERENCE_OPT_IN)
                    .put("marketingPreferenceId", o.marketingPreferenceId())
                    .put("addressBookId", o.addressBookId())
                    .put("isOptedIn", o.isOptedIn())
                    .put("dateModified", date(o.dateModified())));
            newest = latest(newest, o.dateModified());
        }
        Struct value = new Struct(RecordSchemas.CONTACT_PREFERENCE_OPT_INS)
                .put("preferenceId", preferenceId)
                .put("contactId", contactId)
                .put("email", c == null ? null : c.email())
                .put("optIns", optIns);
        return new StreamRow(key, value, join(contactId, row.marketingPreferenceOptIns()), newest, contactId);
    }

    // ---------------------------------------------------------------------------------------------- helpers

    static Date date(Instant i) {
        return i == null ? null : Date.from(i);
    }

    static Instant latest(Instant... times) {
        Instant out = null;
        for (Instant t : times) {
            if (t != null && (out == null || t.isAfter(out))) {
                out = t;
            }
        }
        return out;
    }

    /** Emails are case-insensitive in Dotdigital; keys use lower case so re-reads match. */
    static String normalisedEmail(String email) {
        return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    }

    static String join(Object... parts) {
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            if (!sb.isEmpty()) {
                sb.append(SEP);
            }
            sb.append(p instanceof Map<?, ?> m ? new TreeMap<>(m).toString() : String.valueOf(p));
        }
        return sb.toString();
    }
}
