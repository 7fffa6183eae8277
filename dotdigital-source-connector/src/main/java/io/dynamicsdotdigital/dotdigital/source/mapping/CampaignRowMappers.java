package io.dynamicsdotdigital.dotdigital.source.mapping;

import static io.dynamicsdotdigital.dotdigital.source.mapping.RecordSchemas.decimal;
import static io.dynamicsdotdigital.dotdigital.source.mapping.RowValues.date;
import static io.dynamicsdotdigital.dotdigital.source.mapping.RowValues.join;
import static io.dynamicsdotdigital.dotdigital.source.mapping.RowValues.latest;

import io.dynamicsdotdigital.dotdigital.client.model.Campaign;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignActivity;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignClick;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignOpen;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignPageView;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignRoiDetail;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignSummary;
import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import java.time.Instant;
import java.util.Date;
import org.apache.kafka.connect.data.Struct;

/**
 * Rows of the campaign streams (the catalogue with summaries, send summaries, clicks, opens, page views, ROI, hard
 * bounces) as {@link StreamRow}s: the key, the value and the identity used for dedup.
 */
public final class CampaignRowMappers {
    private CampaignRowMappers() {
    }

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
}
