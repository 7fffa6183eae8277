package io.dynamicsdotdigital.emulator.dataverse;

import static io.dynamicsdotdigital.emulator.dataverse.AttributeDefinition.of;

import java.util.List;

/**
 * The replaced product's Email Send and Email Single Send tables, defined empty (seeded only when a test or the
 * quickstart adds rows). The product's schema is not published, so every column name here is an ASSUMPTION of
 * this project, documented in docs/campaign-sends.md; the connectors take the names as settings.
 */
final class SendTables {
    private SendTables() {
    }

    static List<TableDefinition> all() {
        return List.of(emailSend(), emailSingleSend());
    }

    /** A campaign sent to marketing lists (their mirrored address books). */
    static TableDefinition emailSend() {
        return TableDefinition.of("esc_emailsend", "esc_emailsends", "esc_emailsendid", "esc_name", true, List.of(
                of("esc_name", AttributeType.String),
                of("esc_dotdigitalcampaignid", AttributeType.Integer),
                // The CRM campaign the send belongs to (assumed name; the write-back binds Email Campaign rows to it).
                of("esc_campaignid", AttributeType.Lookup),
                // The marketing lists as their names (= the names of the address books the list sync mirrors them
                // to), comma separated; digits are taken as address book ids.
                of("esc_marketinglists", AttributeType.Memo),
                of("esc_sendtime", AttributeType.DateTime),
                of("esc_sendstatus", AttributeType.String),
                of("esc_dotdigitalsendid", AttributeType.String),
                of("esc_senton", AttributeType.DateTime),
                of("esc_recipientcount", AttributeType.Integer),
                of("esc_outcomereason", AttributeType.Memo),
                of("statecode", AttributeType.State),
                of("statuscode", AttributeType.Status)));
    }

    /** One campaign to one contact or lead, for example a welcome email. */
    static TableDefinition emailSingleSend() {
        return TableDefinition.of("esc_emailsinglesend", "esc_emailsinglesends", "esc_emailsinglesendid",
                "esc_name", true, List.of(
                        of("esc_name", AttributeType.String),
                        of("esc_dotdigitalcampaignid", AttributeType.Integer),
                        of("esc_contactid", AttributeType.Lookup),
                        of("esc_leadid", AttributeType.Lookup),
                        // The recipient's email, copied from the contact or lead: the Dotdigital contact is found by it.
                        of("esc_emailaddress", AttributeType.String),
                        of("esc_sendtime", AttributeType.DateTime),
                        of("esc_sendstatus", AttributeType.String),
                        of("esc_dotdigitalsendid", AttributeType.String),
                        of("esc_senton", AttributeType.DateTime),
                        of("esc_outcomereason", AttributeType.Memo),
                        of("statecode", AttributeType.State),
                        of("statuscode", AttributeType.Status)));
    }
}
