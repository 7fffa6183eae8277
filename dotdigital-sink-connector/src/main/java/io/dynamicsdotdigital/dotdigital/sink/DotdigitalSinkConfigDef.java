package io.dynamicsdotdigital.dotdigital.sink;

import static io.dynamicsdotdigital.dotdigital.sink.DotdigitalSinkConfig.*;

import io.dynamicsdotdigital.common.config.Validators;
import io.dynamicsdotdigital.common.http.HttpConfigDefs;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalConfigDefs;
import io.dynamicsdotdigital.dotdigital.sink.preference.PreferenceConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * The sink's {@link ConfigDef}: the shared Dotdigital, HTTP and resilience fragments plus one method per group of the
 * sink's own settings (records, bulk import, address books, subscriptions), in the order the reference lists them.
 */
final class DotdigitalSinkConfigDef {
    private DotdigitalSinkConfigDef() {
    }

    static ConfigDef build() {
        ConfigDef def = new ConfigDef();
        DotdigitalConfigDefs.add(def);
        addRecords(def);
        addImport(def);
        addAddressBooks(def);
        addSubscriptions(def);
        PreferenceConfig.addTo(def);
        HttpConfigDefs.addHttp(def);
        // Budgets off by default: the server's X-RateLimit-* headers and 429s are honoured anyway.
        HttpConfigDefs.addResilience(def, 0, 0);
        return def;
    }

    private static void addRecords(ConfigDef def) {
        int order = 0;
        def.define(EMAIL_FIELD, Type.STRING, "emailaddress1", new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "Record field holding the contact's email address. A topic can override it with"
                                + " topic.<topic>.email.field (for example topic.leads.email.field=emailaddress1).",
                        RECORDS_GROUP, ++order, Width.MEDIUM, "Email field")
                .define(DATAFIELD_MAPPING, Type.LIST, "firstname:FIRSTNAME,lastname:LASTNAME",
                        Validators.listOf(MAPPING_ENTRY, "recordField:DATAFIELD or recordField:DATAFIELD:Type"),
                        Importance.HIGH,
                        "Record field to Dotdigital data field mapping, comma separated entries"
                                + " recordField:DATAFIELD[:Type] where Type is String, Numeric, Date or Boolean"
                                + " (used when the data field must be created; otherwise the type is the one"
                                + " Dotdigital reports). Dotted paths reach into nested structs (address.city)."
                                + " A topic can have its own mapping with topic.<topic>.mapping, which replaces this"
                                + " one for that topic (so contacts, leads and accounts can each map differently).",
                        RECORDS_GROUP, ++order, Width.LONG, "Data-field mapping")
                .define(DATAFIELDS_AUTO_CREATE, Type.BOOLEAN, false, Importance.MEDIUM,
                        "Create mapped data fields that do not exist in Dotdigital, with the type from the mapping"
                                + " (or inferred from the record schema). When false, a record that maps to an"
                                + " unknown data field fails with an error naming the field.",
                        RECORDS_GROUP, ++order, Width.SHORT, "Create missing data fields")
                .define(STRING_MAX_LENGTH, Type.INT, 255, Range.between(1, 4000), Importance.LOW,
                        "Longest value accepted for a String data field. Dotdigital does not document the limit;"
                                + " 255 characters is assumed. Longer values fail the record (never truncated).",
                        RECORDS_GROUP, ++order, Width.SHORT, "String data-field max length")
                .define(CONTACT_ID_FIELDS, Type.LIST, "contactid,leadid,accountid", Importance.LOW,
                        "Fields that hold a record's CRM id when the record key does not. The task remembers"
                                + " id -> email for the records it sees, to resolve list members and tombstones.",
                        RECORDS_GROUP, ++order, Width.MEDIUM, "Contact id fields")
                .define(EMAIL_CACHE_MAX_ENTRIES, Type.INT, 1_000_000, Range.between(0, 50_000_000), Importance.LOW,
                        "How many id -> email pairs each task remembers (least recently used dropped first).",
                        RECORDS_GROUP, ++order, Width.SHORT, "Email cache size");
    }

    private static void addImport(ConfigDef def) {
        int order = 0;
        def.define(IMPORT_API, Type.STRING, IMPORT_API_V3, Validators.oneOf(IMPORT_API_V3, IMPORT_API_V2_CSV),
                        Importance.MEDIUM,
                        "Bulk import API: v3 (PUT /contacts/v3/import, JSON) or v2_csv (CSV import into an"
                                + " address book; needs an address book for every record).",
                        IMPORT_GROUP, ++order, Width.SHORT, "Import API", Validators.oneOf(IMPORT_API_V3,
                                IMPORT_API_V2_CSV))
                .define(IMPORT_BATCH_SIZE, Type.INT, 10_000, Range.between(1, 1_000_000), Importance.MEDIUM,
                        "Most contacts in one bulk import. A batch is also cut when its body would exceed"
                                + " import.max.body.bytes.",
                        IMPORT_GROUP, ++order, Width.SHORT, "Batch size")
                .define(IMPORT_MAX_BODY_BYTES, Type.INT, 45 * 1024 * 1024, Range.between(1024, MAX_IMPORT_BODY_BYTES),
                        Importance.LOW,
                        "Estimated body size at which a batch is cut; Dotdigital accepts at most 50 MB.",
                        IMPORT_GROUP, ++order, Width.SHORT, "Max import body (bytes)")
                .define(IMPORT_FLUSH_INTERVAL_MS, Type.LONG, 2_000L, Range.between(0, 3_600_000), Importance.MEDIUM,
                        "A partly filled batch is sent once its oldest record waited this long.",
                        IMPORT_GROUP, ++order, Width.SHORT, "Flush interval (ms)")
                .define(IMPORT_MAX_ACTIVE, Type.INT, 25, Range.between(1, 25), Importance.LOW,
                        "Most unfinished imports this task keeps in flight. Dotdigital allows 25 per account;"
                                + " when it answers tooManyActiveImports the batch waits and is sent again.",
                        IMPORT_GROUP, ++order, Width.SHORT, "Max active imports")
                .define(IMPORT_POLL_INTERVAL_MS, Type.LONG, 1_000L, Range.between(10, 600_000), Importance.LOW,
                        "How often the status of unfinished imports is read.",
                        IMPORT_GROUP, ++order, Width.SHORT, "Import poll interval (ms)")
                .define(IMPORT_MAX_ATTEMPTS, Type.INT, 5, Range.between(1, 100), Importance.LOW,
                        "Attempts for an import Dotdigital reports as Failed/RejectedByWatchdog/Unknown before its"
                                + " records are treated as failed (dead-letter queue or task failure).",
                        IMPORT_GROUP, ++order, Width.SHORT, "Import attempts")
                .define(IMPORT_MAX_BUFFERED_RECORDS, Type.INT, 200_000, Range.between(1, 10_000_000),
                        Importance.LOW,
                        "Records accepted but not yet imported above which put() asks the worker to pause and"
                                + " redeliver (backpressure instead of blocking).",
                        IMPORT_GROUP, ++order, Width.SHORT, "Max buffered records")
                .define(IMPORT_MAX_BUFFERED_BYTES, Type.LONG, 64L * 1024 * 1024,
                        Range.between(1024 * 1024, 64L * 1024 * 1024 * 1024), Importance.LOW,
                        "Estimated heap held by records accepted but not yet imported (each record with its key,"
                                + " value and headers, kept for the dead-letter queue) above which put() asks the"
                                + " worker to pause and redeliver, like import.max.buffered.records. The default"
                                + " (64 MiB) lets a task run in a 256 MB heap with records of any size; raise it"
                                + " with the worker's heap.",
                        IMPORT_GROUP, ++order, Width.SHORT, "Max buffered bytes")
                .define(OUTAGE_MAX_DURATION_MS, Type.LONG, 900_000L, Range.between(1_000, 86_400_000),
                        Importance.LOW,
                        "How long the task waits out Dotdigital calls that keep failing for reasons no record is"
                                + " to blame for: no answer, 429 or 5xx beyond the client's retries, and account-wide"
                                + " errors (401 after a password change, 403 or a wrong region, a deleted address"
                                + " book). Meanwhile the calls are retried with backoff (up to a minute), nothing is"
                                + " dead-lettered and the offsets of the waiting records are not committed; after it"
                                + " the task fails naming the error.",
                        IMPORT_GROUP, ++order, Width.SHORT, "Max outage (ms)");
    }

    private static void addAddressBooks(ConfigDef def) {
        int order = 0;
        def.define(ADDRESS_BOOK_ID, Type.LONG, null, Importance.HIGH,
                        "Id of the address book every contact is added to. Leave empty to use addressbook.name"
                                + " or no fixed address book.",
                        ADDRESS_BOOK_GROUP, ++order, Width.SHORT, "Address book id")
                .define(ADDRESS_BOOK_NAME, Type.STRING, "", Importance.HIGH,
                        "Name of the address book every contact is added to, created when missing (at most 128"
                                + " characters). Set this or addressbook.id, not both.",
                        ADDRESS_BOOK_GROUP, ++order, Width.MEDIUM, "Address book name")
                .define(ADDRESS_BOOK_VISIBILITY, Type.STRING, "Private", Validators.oneOf("Private", "Public"),
                        Importance.LOW, "Visibility of address books the connector creates.",
                        ADDRESS_BOOK_GROUP, ++order, Width.SHORT, "Created address book visibility",
                        Validators.oneOf("Private", "Public"))
                .define(LISTMEMBER_TOPIC, Type.STRING, "", Importance.MEDIUM,
                        "Topic of Dynamics marketing-list members (records with _listid_value and"
                                + " _entityid_value). A member added is added to the list's address book, a"
                                + " tombstone removes it. The member's email is read from the record when present,"
                                + " else from the contacts this task has seen (see contact.id.fields). Empty: off.",
                        ADDRESS_BOOK_GROUP, ++order, Width.MEDIUM, "List-member topic")
                .define(LISTMEMBER_MAPPING, Type.LIST, "", Importance.MEDIUM,
                        "Marketing list id to address book, entries listid:target where target is an address"
                                + " book id (digits) or name. Lists not mapped go to the address book named after"
                                + " the list (name from list.topic or the member record), else named by the list id.",
                        ADDRESS_BOOK_GROUP, ++order, Width.LONG, "List to address book mapping")
                .define(LISTMEMBER_UNRESOLVED_WAIT_MS, Type.LONG, 300_000L, Range.atLeast(0), Importance.LOW,
                        "How long a list member whose contact this task has not seen yet waits for that contact's"
                                + " record before it fails as UnknownContact. Its offset is not committed while it"
                                + " waits. Members and their contacts must reach the same task: run one task, or"
                                + " put the email on the member record. With list.topic set, a member whose list"
                                + " this task has not seen named yet waits as long for the list's record, so its"
                                + " address book gets the list's name; after the wait it goes to the address book"
                                + " 'Dynamics list <list id>'.",
                        ADDRESS_BOOK_GROUP, ++order, Width.SHORT, "Unresolved member wait (ms)")
                .define(LIST_TOPIC, Type.STRING, "", Importance.LOW,
                        "Optional topic of Dynamics marketing lists (listid, listname): the task learns list names"
                                + " from it to name address books.",
                        ADDRESS_BOOK_GROUP, ++order, Width.MEDIUM, "Marketing list topic");
    }

    private static void addSubscriptions(ConfigDef def) {
        int order = 0;
        def.define(UNSUBSCRIBE_FIELD, Type.STRING, "donotbulkemail", Importance.MEDIUM,
                        "Boolean record field that, when true, unsubscribes the contact. Empty: off.",
                        SUBSCRIPTION_GROUP, ++order, Width.MEDIUM, "Unsubscribe field")
                .define(UNSUBSCRIBE_SCOPE, Type.STRING, SCOPE_GLOBAL, Validators.oneOf(SCOPE_GLOBAL, SCOPE_ADDRESS_BOOK),
                        Importance.MEDIUM,
                        "global unsubscribes the contact from all email; addressbook only from the record's"
                                + " address book (needs one).",
                        SUBSCRIPTION_GROUP, ++order, Width.SHORT, "Unsubscribe scope",
                        Validators.oneOf(SCOPE_GLOBAL, SCOPE_ADDRESS_BOOK))
                .define(RESUBSCRIBE_SUPPRESSED_ALLOWED, Type.BOOLEAN, false, Importance.MEDIUM,
                        "Whether a contact Dotdigital has unsubscribed or suppressed may be made subscribed again."
                                + " When false (the default) the connector never sets such a contact subscribed;"
                                + " its GloballySuppressed import failures are reported, not retried.",
                        SUBSCRIPTION_GROUP, ++order, Width.SHORT, "Allow resubscribing suppressed contacts")
                .define(TOMBSTONE_ACTION, Type.STRING, TOMBSTONE_REMOVE,
                        Validators.oneOf(TOMBSTONE_REMOVE, TOMBSTONE_UNSUBSCRIBE, TOMBSTONE_IGNORE), Importance.MEDIUM,
                        "What a tombstone (null value) on a contact topic does: remove_from_addressbook, unsubscribe"
                                + " (global) or ignore. The contact is found by the record key through the emails"
                                + " this task has seen.",
                        SUBSCRIPTION_GROUP, ++order, Width.SHORT, "Tombstone action",
                        Validators.oneOf(TOMBSTONE_REMOVE, TOMBSTONE_UNSUBSCRIBE, TOMBSTONE_IGNORE));
    }
}
