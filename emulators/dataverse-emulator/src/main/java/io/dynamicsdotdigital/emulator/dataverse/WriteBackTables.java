package io.dynamicsdotdigital.emulator.dataverse;

import static io.dynamicsdotdigital.emulator.dataverse.AttributeDefinition.of;

import java.util.ArrayList;
import java.util.List;

/**
 * The tracking-data entities of the replaced product's solution ("Email Service Connector", prefix {@code esc_}) the
 * write-back fills, each with an alternate key on the Dotdigital ids and lookups to the CRM records it concerns.
 * Only {@code esc_emailcampaigncontactsummary} and {@code esc_marketingpreferencesubscription} have public logical
 * names; every other table and column name here is an assumption (listed in docs/writeback.md), which is why the
 * connector takes them all as settings. Not defined by default: {@link DataverseEmulator#defineTable} them, or call
 * {@link #defineAll(DataverseEmulator)}.
 */
public final class WriteBackTables {
    private WriteBackTables() {
    }

    /** Defines every table of {@link #all()} in the emulator. */
    public static void defineAll(DataverseEmulator emulator) {
        all().forEach(emulator::defineTable);
    }

    public static List<TableDefinition> all() {
        return List.of(sendSummary(), campaign(), click(), roiDetail(), suppression(), listUnsubscriber(),
                formResponse(), formAnswer(), preferenceSubscription(), marketingPreference());
    }

    /** Email Send Summary: one row per Dotdigital campaign and contact, with its send statistics. */
    public static TableDefinition sendSummary() {
        return table("esc_emailcampaigncontactsummary", "esc_emailcampaigncontactsummaries", linked(
                of("esc_name", AttributeType.String),
                of("esc_dotdigitalcampaignid", AttributeType.BigInt),
                of("esc_dotdigitalcontactid", AttributeType.BigInt),
                of("esc_email", AttributeType.String),
                of("esc_numopens", AttributeType.Integer),
                of("esc_numclicks", AttributeType.Integer),
                of("esc_numpageviews", AttributeType.Integer),
                of("esc_numforwards", AttributeType.Integer),
                of("esc_numreplies", AttributeType.Integer),
                of("esc_datesent", AttributeType.DateTime),
                of("esc_datefirstopened", AttributeType.DateTime),
                of("esc_datelastopened", AttributeType.DateTime),
                of("esc_unsubscribed", AttributeType.Boolean),
                of("esc_softbounced", AttributeType.Boolean),
                of("esc_hardbounced", AttributeType.Boolean)))
                .withAlternateKey("esc_dotdigitalcampaignid", "esc_dotdigitalcontactid");
    }

    /** Email Campaign: aggregate statistics per Dotdigital campaign, linked to the CRM campaign it came from. */
    public static TableDefinition campaign() {
        return table("esc_emailcampaign", "esc_emailcampaigns", List.of(
                of("esc_name", AttributeType.String),
                of("esc_dotdigitalcampaignid", AttributeType.BigInt),
                of("esc_subject", AttributeType.String),
                of("esc_fromname", AttributeType.String),
                of("esc_fromaddress", AttributeType.String),
                of("esc_status", AttributeType.String),
                of("esc_datesent", AttributeType.DateTime),
                of("esc_numsent", AttributeType.Integer),
                of("esc_numdelivered", AttributeType.Integer),
                of("esc_numopens", AttributeType.Integer),
                of("esc_numuniqueopens", AttributeType.Integer),
                of("esc_numclicks", AttributeType.Integer),
                of("esc_numhardbounces", AttributeType.Integer),
                of("esc_numsoftbounces", AttributeType.Integer),
                of("esc_numunsubscribes", AttributeType.Integer),
                AttributeDefinition.withPrecision("esc_revenue", AttributeType.Money, 2),
                of("esc_campaignid", AttributeType.Lookup)))
                .withAlternateKey("esc_dotdigitalcampaignid");
    }

    /** Email Click: each click, what, when and from where. */
    public static TableDefinition click() {
        return table("esc_emailclick", "esc_emailclicks", linked(
                of("esc_name", AttributeType.String),
                of("esc_dotdigitalcampaignid", AttributeType.BigInt),
                of("esc_dotdigitalcontactid", AttributeType.BigInt),
                of("esc_email", AttributeType.String),
                of("esc_url", AttributeType.String),
                of("esc_ipaddress", AttributeType.String),
                of("esc_useragent", AttributeType.String),
                of("esc_keyword", AttributeType.String),
                of("esc_dateclicked", AttributeType.DateTime)))
                .withAlternateKey("esc_dotdigitalcampaignid", "esc_dotdigitalcontactid", "esc_url", "esc_dateclicked");
    }

    /** Email ROI Detail: each ROI marker a contact reached. */
    public static TableDefinition roiDetail() {
        return table("esc_emailroidetail", "esc_emailroidetails", linked(
                of("esc_name", AttributeType.String),
                of("esc_dotdigitalcampaignid", AttributeType.BigInt),
                of("esc_dotdigitalcontactid", AttributeType.BigInt),
                of("esc_email", AttributeType.String),
                of("esc_markername", AttributeType.String),
                of("esc_datatype", AttributeType.String),
                of("esc_value", AttributeType.String),
                of("esc_dateentered", AttributeType.DateTime)))
                .withAlternateKey("esc_dotdigitalcampaignid", "esc_dotdigitalcontactid", "esc_markername",
                        "esc_dateentered");
    }

    /** Email Suppression: unsubscribes, suppressions and hard bounces, one row per email address. */
    public static TableDefinition suppression() {
        return table("esc_emailsuppression", "esc_emailsuppressions", linked(
                of("esc_email", AttributeType.String),
                of("esc_dotdigitalcontactid", AttributeType.BigInt),
                of("esc_reason", AttributeType.String),
                of("esc_status", AttributeType.String),
                of("esc_dateremoved", AttributeType.DateTime),
                of("esc_optintype", AttributeType.String),
                of("esc_emailtype", AttributeType.String)))
                .withAlternateKey("esc_email");
    }

    /** Email List Unsubscriber: a record that left an address book (and so its marketing list). */
    public static TableDefinition listUnsubscriber() {
        return table("esc_emaillistunsubscriber", "esc_emaillistunsubscribers", linked(
                of("esc_email", AttributeType.String),
                of("esc_dotdigitaladdressbookid", AttributeType.BigInt),
                of("esc_dotdigitalcontactid", AttributeType.BigInt),
                of("esc_reason", AttributeType.String),
                of("esc_dateremoved", AttributeType.DateTime),
                of("esc_listid", AttributeType.Lookup)))
                .withAlternateKey("esc_dotdigitaladdressbookid", "esc_email");
    }

    /** Form Response: one survey response, its answers as JSON. */
    public static TableDefinition formResponse() {
        return table("esc_formresponse", "esc_formresponses", linked(
                of("esc_email", AttributeType.String),
                of("esc_dotdigitalsurveyid", AttributeType.BigInt),
                of("esc_dotdigitalresponseid", AttributeType.BigInt),
                of("esc_started", AttributeType.Boolean),
                of("esc_datestarted", AttributeType.DateTime),
                of("esc_complete", AttributeType.Boolean),
                of("esc_datecompleted", AttributeType.DateTime),
                of("esc_answers", AttributeType.Memo)))
                .withAlternateKey("esc_dotdigitalsurveyid", "esc_dotdigitalresponseid");
    }

    /** Form Answer: one answer of a response, with the question text. */
    public static TableDefinition formAnswer() {
        return table("esc_formanswer", "esc_formanswers", List.of(
                of("esc_question", AttributeType.String),
                // The sub-question of a matrix answer (the answer's subQuestionText), beside its question.
                of("esc_subquestion", AttributeType.String),
                of("esc_dotdigitalsurveyid", AttributeType.BigInt),
                of("esc_dotdigitalresponseid", AttributeType.BigInt),
                of("esc_fieldid", AttributeType.BigInt),
                of("esc_subfieldid", AttributeType.BigInt),
                of("esc_value", AttributeType.Memo),
                of("esc_formresponseid", AttributeType.Lookup)))
                .withAlternateKey("esc_dotdigitalsurveyid", "esc_dotdigitalresponseid", "esc_fieldid");
    }

    /** Marketing Preference Subscription: a record's opt-ins to one Dotdigital preference. */
    public static TableDefinition preferenceSubscription() {
        return table("esc_marketingpreferencesubscription", "esc_marketingpreferencesubscriptions", linked(
                of("esc_email", AttributeType.String),
                of("esc_dotdigitalpreferenceid", AttributeType.BigInt),
                of("esc_dotdigitalcontactid", AttributeType.BigInt),
                of("esc_optins", AttributeType.Memo),
                // The opt-in to this row's preference, so the Dotdigital sink reads the same row back (no echo).
                of("esc_optedin", AttributeType.Boolean),
                // When the opt-ins last changed in Dotdigital (the record's dateModified), kept beside modifiedon.
                of("esc_dotdigitalmodifiedon", AttributeType.DateTime),
                of("esc_marketingpreferenceid", AttributeType.Lookup),
                // Who last changed the row (standard on every Dataverse table; declared here only where the
                // newer-wins comparison reads it): the connector's own writes stamp its WhoAmI user.
                of("modifiedby", AttributeType.Lookup)))
                .withAlternateKey("esc_dotdigitalpreferenceid", "esc_dotdigitalcontactid");
    }

    /**
     * Marketing Preferences: one node of the Dotdigital preference tree (a preference, or a category holding
     * preferences), keyed by its Dotdigital id; its category by the category's Dotdigital id (0: top level).
     */
    public static TableDefinition marketingPreference() {
        return table("esc_marketingpreference", "esc_marketingpreferences", List.of(
                of("esc_name", AttributeType.String),
                of("esc_privatename", AttributeType.String),
                of("esc_dotdigitalpreferenceid", AttributeType.BigInt),
                of("esc_ispreference", AttributeType.Boolean),
                of("esc_dotdigitalcategoryid", AttributeType.BigInt),
                of("esc_dotdigitalmodifiedon", AttributeType.DateTime),
                of("esc_parentmarketingpreferenceid", AttributeType.Lookup),
                of("modifiedby", AttributeType.Lookup)))
                .withAlternateKey("esc_dotdigitalpreferenceid");
    }

    /** The columns plus the lookups to the contact, lead and account the row concerns. */
    private static List<AttributeDefinition> linked(AttributeDefinition... columns) {
        List<AttributeDefinition> all = new ArrayList<>(List.of(columns));
        all.add(of("esc_contactid", AttributeType.Lookup));
        all.add(of("esc_leadid", AttributeType.Lookup));
        all.add(of("esc_accountid", AttributeType.Lookup));
        return all;
    }

    private static TableDefinition table(String logicalName, String entitySet, List<AttributeDefinition> columns) {
        return TableDefinition.custom(logicalName, entitySet, logicalName + "id", true,
                columns.toArray(new AttributeDefinition[0]));
    }
}
