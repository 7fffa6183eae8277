package io.dynamicsdotdigital.dotdigital.source.mapping;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Key and value schemas of every stream. Times are Connect Timestamps (UTC milliseconds); money and percentages
 * are Connect Decimals with {@link #DECIMAL_SCALE} decimal places, never doubles. The README documents each shape.
 */
public final class RecordSchemas {
    private static final String NS = "io.dynamicsdotdigital.dotdigital.source.";
    /** Four decimals: exact for currency amounts and the API's percentages, and what Dynamics money fields hold. */
    public static final int DECIMAL_SCALE = 4;

    public static final Schema OPTIONAL_TIMESTAMP = Timestamp.builder().optional().build();
    public static final Schema TIMESTAMP = Timestamp.builder().build();
    public static final Schema OPTIONAL_DECIMAL = Decimal.builder(DECIMAL_SCALE).optional().build();

    // ------------------------------------------------------------------------------------------------ keys

    public static final Schema CAMPAIGN_KEY = SchemaBuilder.struct().name(NS + "CampaignKey")
            .field("campaignId", Schema.INT64_SCHEMA).build();

    public static final Schema CAMPAIGN_CONTACT_KEY = SchemaBuilder.struct().name(NS + "CampaignContactKey")
            .field("campaignId", Schema.INT64_SCHEMA).field("contactId", Schema.INT64_SCHEMA).build();

    public static final Schema CLICK_KEY = SchemaBuilder.struct().name(NS + "CampaignClickKey")
            .field("campaignId", Schema.INT64_SCHEMA).field("contactId", Schema.INT64_SCHEMA)
            .field("url", Schema.OPTIONAL_STRING_SCHEMA).field("dateClicked", OPTIONAL_TIMESTAMP).build();

    public static final Schema OPEN_KEY = SchemaBuilder.struct().name(NS + "CampaignOpenKey")
            .field("campaignId", Schema.INT64_SCHEMA).field("contactId", Schema.INT64_SCHEMA)
            .field("dateOpened", OPTIONAL_TIMESTAMP).build();

    public static final Schema PAGE_VIEW_KEY = SchemaBuilder.struct().name(NS + "CampaignPageViewKey")
            .field("campaignId", Schema.INT64_SCHEMA).field("contactId", Schema.INT64_SCHEMA)
            .field("url", Schema.OPTIONAL_STRING_SCHEMA).field("dateViewed", OPTIONAL_TIMESTAMP).build();

    public static final Schema ROI_KEY = SchemaBuilder.struct().name(NS + "CampaignRoiKey")
            .field("campaignId", Schema.INT64_SCHEMA).field("contactId", Schema.INT64_SCHEMA)
            .field("markerName", Schema.OPTIONAL_STRING_SCHEMA).field("dateEntered", OPTIONAL_TIMESTAMP).build();

    public static final Schema EMAIL_KEY = SchemaBuilder.struct().name(NS + "EmailKey")
            .field("email", Schema.STRING_SCHEMA).build();

    public static final Schema ADDRESS_BOOK_EMAIL_KEY = SchemaBuilder.struct().name(NS + "AddressBookEmailKey")
            .field("addressBookId", Schema.INT64_SCHEMA).field("email", Schema.STRING_SCHEMA).build();

    public static final Schema CONTACT_KEY = SchemaBuilder.struct().name(NS + "ContactKey")
            .field("contactId", Schema.INT64_SCHEMA).build();

    public static final Schema SURVEY_RESPONSE_KEY = SchemaBuilder.struct().name(NS + "SurveyResponseKey")
            .field("surveyId", Schema.INT64_SCHEMA).field("responseId", Schema.INT64_SCHEMA).build();

    public static final Schema PREFERENCE_CONTACT_KEY = SchemaBuilder.struct().name(NS + "PreferenceContactKey")
            .field("preferenceId", Schema.INT64_SCHEMA).field("contactId", Schema.INT64_SCHEMA).build();

    public static final Schema PREFERENCE_KEY = SchemaBuilder.struct().name(NS + "PreferenceKey")
            .field("preferenceId", Schema.INT64_SCHEMA).build();

    // ---------------------------------------------------------------------------------------------- values

    public static final Schema CAMPAIGN_SUMMARY = SchemaBuilder.struct().name(NS + "CampaignSummary").optional()
            .field("dateSent", OPTIONAL_TIMESTAMP)
            .field("numSent", Schema.INT32_SCHEMA)
            .field("numDelivered", Schema.INT32_SCHEMA)
            .field("numOpens", Schema.INT32_SCHEMA)
            .field("numUniqueOpens", Schema.INT32_SCHEMA)
            .field("numClicks", Schema.INT32_SCHEMA)
            .field("numRecipientsClicked", Schema.INT32_SCHEMA)
            .field("numPageViews", Schema.INT32_SCHEMA)
            .field("numForwards", Schema.INT32_SCHEMA)
            .field("numReplies", Schema.INT32_SCHEMA)
            .field("numHardBounces", Schema.INT32_SCHEMA)
            .field("numSoftBounces", Schema.INT32_SCHEMA)
            .field("numUnsubscribes", Schema.INT32_SCHEMA)
            .field("numIspComplaints", Schema.INT32_SCHEMA)
            .field("numMailBlocks", Schema.INT32_SCHEMA)
            .field("numOrders", Schema.INT32_SCHEMA)
            .field("percentageDelivered", OPTIONAL_DECIMAL)
            .field("percentageUniqueOpens", OPTIONAL_DECIMAL)
            .field("percentageUsersClicked", OPTIONAL_DECIMAL)
            .field("revenue", OPTIONAL_DECIMAL)
            .field("assistedRevenue", OPTIONAL_DECIMAL)
            .build();

    public static final Schema CAMPAIGN = SchemaBuilder.struct().name(NS + "Campaign")
            .field("campaignId", Schema.INT64_SCHEMA)
            .field("name", Schema.OPTIONAL_STRING_SCHEMA)
            .field("subject", Schema.OPTIONAL_STRING_SCHEMA)
            .field("fromName", Schema.OPTIONAL_STRING_SCHEMA)
            .field("fromAddress", Schema.OPTIONAL_STRING_SCHEMA)
            .field("status", Schema.OPTIONAL_STRING_SCHEMA)
            .field("summary", CAMPAIGN_SUMMARY)
            .field("summaryRetrievedAt", OPTIONAL_TIMESTAMP)
            .build();

    public static final Schema CAMPAIGN_ACTIVITY = SchemaBuilder.struct().name(NS + "CampaignActivity")
            .field("campaignId", Schema.INT64_SCHEMA)
            .field("contactId", Schema.INT64_SCHEMA)
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("numOpens", Schema.INT32_SCHEMA)
            .field("numPageViews", Schema.INT32_SCHEMA)
            .field("numClicks", Schema.INT32_SCHEMA)
            .field("numForwards", Schema.INT32_SCHEMA)
            .field("numEstimatedForwards", Schema.INT32_SCHEMA)
            .field("numReplies", Schema.INT32_SCHEMA)
            .field("dateSent", OPTIONAL_TIMESTAMP)
            .field("dateFirstOpened", OPTIONAL_TIMESTAMP)
            .field("dateLastOpened", OPTIONAL_TIMESTAMP)
            .field("firstOpenIp", Schema.OPTIONAL_STRING_SCHEMA)
            .field("unsubscribed", Schema.BOOLEAN_SCHEMA)
            .field("softBounced", Schema.BOOLEAN_SCHEMA)
            .field("hardBounced", Schema.BOOLEAN_SCHEMA)
            .build();

    public static final Schema CAMPAIGN_CLICK = SchemaBuilder.struct().name(NS + "CampaignClick")
            .field("campaignId", Schema.INT64_SCHEMA)
            .field("contactId", Schema.INT64_SCHEMA)
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("url", Schema.OPTIONAL_STRING_SCHEMA)
            .field("ipAddress", Schema.OPTIONAL_STRING_SCHEMA)
            .field("userAgent", Schema.OPTIONAL_STRING_SCHEMA)
            .field("dateClicked", OPTIONAL_TIMESTAMP)
            .field("keyword", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    public static final Schema CAMPAIGN_OPEN = SchemaBuilder.struct().name(NS + "CampaignOpen")
            .field("campaignId", Schema.INT64_SCHEMA)
            .field("contactId", Schema.INT64_SCHEMA)
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("mailClient", Schema.OPTIONAL_STRING_SCHEMA)
            .field("mailClientVersion", Schema.OPTIONAL_STRING_SCHEMA)
            .field("ipAddress", Schema.OPTIONAL_STRING_SCHEMA)
            .field("userAgent", Schema.OPTIONAL_STRING_SCHEMA)
            .field("isHtml", Schema.BOOLEAN_SCHEMA)
            .field("isForward", Schema.BOOLEAN_SCHEMA)
            .field("dateOpened", OPTIONAL_TIMESTAMP)
            .build();

    public static final Schema CAMPAIGN_PAGE_VIEW = SchemaBuilder.struct().name(NS + "CampaignPageView")
            .field("campaignId", Schema.INT64_SCHEMA)
            .field("contactId", Schema.INT64_SCHEMA)
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("url", Schema.OPTIONAL_STRING_SCHEMA)
            .field("dateViewed", OPTIONAL_TIMESTAMP)
            .build();

    public static final Schema CAMPAIGN_ROI = SchemaBuilder.struct().name(NS + "CampaignRoiDetail")
            .field("campaignId", Schema.INT64_SCHEMA)
            .field("contactId", Schema.INT64_SCHEMA)
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("markerName", Schema.OPTIONAL_STRING_SCHEMA)
            .field("dataType", Schema.OPTIONAL_STRING_SCHEMA)
            .field("value", Schema.OPTIONAL_STRING_SCHEMA)
            .field("dateEntered", OPTIONAL_TIMESTAMP)
            .build();

    public static final Schema CAMPAIGN_HARD_BOUNCE = SchemaBuilder.struct().name(NS + "CampaignHardBounce")
            .field("campaignId", Schema.INT64_SCHEMA)
            .field("contactId", Schema.INT64_SCHEMA)
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("status", Schema.OPTIONAL_STRING_SCHEMA)
            .field("detectedAt", TIMESTAMP)
            .build();

    public static final Schema SUPPRESSION = SchemaBuilder.struct().name(NS + "ContactSuppression")
            .field("email", Schema.STRING_SCHEMA)
            .field("contactId", Schema.OPTIONAL_INT64_SCHEMA)
            .field("reason", Schema.OPTIONAL_STRING_SCHEMA)
            .field("dateRemoved", OPTIONAL_TIMESTAMP)
            .field("status", Schema.OPTIONAL_STRING_SCHEMA)
            .field("optInType", Schema.OPTIONAL_STRING_SCHEMA)
            .field("emailType", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    public static final Schema ADDRESS_BOOK_UNSUBSCRIBE = SchemaBuilder.struct().name(NS + "AddressBookUnsubscribe")
            .field("addressBookId", Schema.INT64_SCHEMA)
            .field("email", Schema.STRING_SCHEMA)
            .field("contactId", Schema.OPTIONAL_INT64_SCHEMA)
            .field("reason", Schema.OPTIONAL_STRING_SCHEMA)
            .field("dateRemoved", OPTIONAL_TIMESTAMP)
            .build();

    public static final Schema CONTACT = SchemaBuilder.struct().name(NS + "Contact")
            .field("contactId", Schema.INT64_SCHEMA)
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("optInType", Schema.OPTIONAL_STRING_SCHEMA)
            .field("emailType", Schema.OPTIONAL_STRING_SCHEMA)
            .field("status", Schema.OPTIONAL_STRING_SCHEMA)
            .field("dataFields", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA).build())
            .build();

    /**
     * One answer. It repeats its response's {@code surveyId} and {@code responseId} so that an answer split out of
     * its response (a Form Answer row) still names the response it belongs to; the texts come from the survey's
     * questions (null when the question no longer exists). Added fields are optional for older readers.
     */
    public static final Schema SURVEY_ANSWER = SchemaBuilder.struct().name(NS + "SurveyAnswer")
            .field("fieldId", Schema.INT64_SCHEMA)
            .field("subFieldId", Schema.OPTIONAL_INT64_SCHEMA)
            .field("value", Schema.OPTIONAL_STRING_SCHEMA)
            .field("surveyId", Schema.OPTIONAL_INT64_SCHEMA)
            .field("responseId", Schema.OPTIONAL_INT64_SCHEMA)
            .field("questionText", Schema.OPTIONAL_STRING_SCHEMA)
            .field("subQuestionText", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    public static final Schema SURVEY_RESPONSE = SchemaBuilder.struct().name(NS + "SurveyResponse")
            .field("surveyId", Schema.INT64_SCHEMA)
            .field("responseId", Schema.INT64_SCHEMA)
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("started", Schema.BOOLEAN_SCHEMA)
            .field("dateStarted", OPTIONAL_TIMESTAMP)
            .field("complete", Schema.BOOLEAN_SCHEMA)
            .field("dateCompleted", OPTIONAL_TIMESTAMP)
            .field("answers", SchemaBuilder.array(SURVEY_ANSWER).build())
            .build();

    public static final Schema PREFERENCE_OPT_IN = SchemaBuilder.struct().name(NS + "PreferenceOptIn")
            .field("marketingPreferenceId", Schema.INT64_SCHEMA)
            .field("addressBookId", Schema.INT64_SCHEMA)
            .field("isOptedIn", Schema.BOOLEAN_SCHEMA)
            .field("dateModified", OPTIONAL_TIMESTAMP)
            .build();

    /**
     * A contact's opt-ins. {@code isOptedIn} and {@code dateModified} repeat the opt-in to this record's own
     * preference (the API's {@code dateModifed}), so a write-back can compare modified times without reading the
     * array; null when the API listed no opt-in for it.
     */
    public static final Schema CONTACT_PREFERENCE_OPT_INS = SchemaBuilder.struct()
            .name(NS + "ContactPreferenceOptIns")
            .field("preferenceId", Schema.INT64_SCHEMA)
            .field("contactId", Schema.INT64_SCHEMA)
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("optIns", SchemaBuilder.array(PREFERENCE_OPT_IN).build())
            .field("isOptedIn", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("dateModified", OPTIONAL_TIMESTAMP)
            .build();

    /** A marketing preference or a category of them ({@code isPreference} false), flattened out of the tree. */
    public static final Schema PREFERENCE = SchemaBuilder.struct().name(NS + "Preference")
            .field("preferenceId", Schema.INT64_SCHEMA)
            .field("publicName", Schema.OPTIONAL_STRING_SCHEMA)
            .field("privateName", Schema.OPTIONAL_STRING_SCHEMA)
            .field("isPreference", Schema.BOOLEAN_SCHEMA)
            .field("isPublic", Schema.BOOLEAN_SCHEMA)
            .field("categoryId", Schema.OPTIONAL_INT64_SCHEMA)
            .field("lastModified", OPTIONAL_TIMESTAMP)
            .build();

    private RecordSchemas() {
    }

    /** A Decimal at the schema's scale; null stays null. */
    public static BigDecimal decimal(BigDecimal v) {
        return v == null ? null : v.setScale(DECIMAL_SCALE, RoundingMode.HALF_UP);
    }
}
