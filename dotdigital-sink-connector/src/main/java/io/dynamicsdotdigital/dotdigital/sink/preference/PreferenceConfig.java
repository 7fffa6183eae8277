package io.dynamicsdotdigital.dotdigital.sink.preference;

import io.dynamicsdotdigital.common.config.Validators;
import io.dynamicsdotdigital.dotdigital.sink.DotdigitalSinkConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * The marketing preference, consent and opt-in type settings of the sink (their ConfigDef group) and their parsed
 * values. Everything is off until a column or the subscription topic is configured.
 */
public record PreferenceConfig(Map<String, Long> columns, String modifiedColumn, String subscriptionTopic,
                               List<String> subscriptionContactColumns, String subscriptionPreferenceColumn,
                               String subscriptionOptedInColumn, String subscriptionModifiedColumn,
                               String subscriptionEmailColumn, Map<String, Long> idMapping, Duration clockSkewTolerance,
                               int cacheMaxEntries, Duration cacheTtl, ConsentColumns consent, String optInTypeColumn,
                               String ownWritesDataField, int ownWritesMaxLength, String consentTopic) {

    public static final String GROUP = "Marketing preferences and consent";
    public static final String COLUMNS = "preferences.columns";
    public static final String MODIFIED_COLUMN = "preferences.modified.column";
    public static final String TOPIC = "preferences.topic";
    public static final String SUBSCRIPTION_CONTACT_COLUMNS = "preferences.subscription.contact.columns";
    public static final String SUBSCRIPTION_PREFERENCE_COLUMN = "preferences.subscription.preference.column";
    public static final String SUBSCRIPTION_OPTEDIN_COLUMN = "preferences.subscription.optedin.column";
    public static final String SUBSCRIPTION_MODIFIED_COLUMN = "preferences.subscription.modified.column";
    public static final String SUBSCRIPTION_EMAIL_COLUMN = "preferences.subscription.email.column";
    public static final String ID_MAPPING = "preferences.id.mapping";
    public static final String CLOCK_SKEW_TOLERANCE_MS = "preferences.clock.skew.tolerance.ms";
    public static final String CACHE_MAX_ENTRIES = "preferences.cache.max.entries";
    public static final String CACHE_TTL_MS = "preferences.cache.ttl.ms";
    public static final String WRITTEN_DATAFIELD = "preferences.written.datafield";
    private static final Pattern DATA_FIELD_NAME = Pattern.compile("|[A-Za-z0-9_-]{1,20}");
    public static final String CONSENT_TOPIC = "consent.topic";
    public static final String CONSENT_TEXT_COLUMN = "consent.text.column";
    public static final String CONSENT_URL_COLUMN = "consent.url.column";
    public static final String CONSENT_DATE_COLUMN = "consent.date.column";
    public static final String CONSENT_IP_COLUMN = "consent.ip.column";
    public static final String CONSENT_USERAGENT_COLUMN = "consent.useragent.column";
    public static final String OPTIN_TYPE_COLUMN = "optintype.column";

    private static final Pattern COLUMN_TO_ID = Pattern.compile("[^:,\\s]+:\\d{1,9}");

    /** The record columns a consent record is read from; text empty means consent is not read. */
    public record ConsentColumns(String text, String url, String date, String ip, String userAgent) {
        public boolean enabled() {
            return !text.isEmpty();
        }
    }

    public static void addTo(ConfigDef def) {
        int order = 0;
        def.define(COLUMNS, Type.LIST, "", Validators.listOf(COLUMN_TO_ID, "column:dotdigitalPreferenceId"),
                        Importance.MEDIUM, "Boolean columns of the contact and lead records that hold a marketing"
                                + " preference, as column:dotdigitalPreferenceId entries (for example"
                                + " esc_newsletter:14,esc_offers:15). true opts the contact in, false out. Empty: no"
                                + " preference is read from contact records.",
                        GROUP, ++order, Width.LONG, "Preference columns")
                .define(MODIFIED_COLUMN, Type.STRING, "modifiedon", new ConfigDef.NonEmptyString(), Importance.LOW,
                        "Column of the contact and lead records holding when Dynamics last modified the record; a"
                                + " preference change is applied only when this is newer than Dotdigital's time"
                                + " for that contact and preference.",
                        GROUP, ++order, Width.MEDIUM, "Contact modified-on column")
                .define(TOPIC, Type.STRING, "", Importance.MEDIUM,
                        "Topic of Marketing Preference Subscription (esc_marketingpreferencesubscription) rows; it"
                                + " must also be listed in topics. Empty: no subscription rows are read.",
                        GROUP, ++order, Width.MEDIUM, "Preference subscription topic")
                .define(SUBSCRIPTION_CONTACT_COLUMNS, Type.LIST, "_esc_contactid_value,_esc_leadid_value",
                        Importance.LOW, "Columns of a subscription row holding the contact or lead it belongs to;"
                                + " the first one set is looked up among the contact records this task has seen"
                                + " (their id fields, contact.id.fields). Assumed names: see docs/preferences.md.",
                        GROUP, ++order, Width.LONG, "Subscription contact columns")
                .define(SUBSCRIPTION_PREFERENCE_COLUMN, Type.STRING, "_esc_marketingpreferenceid_value",
                        new ConfigDef.NonEmptyString(), Importance.LOW, "Column of a subscription row naming the"
                                + " preference: a Dotdigital preference id, or an id that preferences.id.mapping maps"
                                + " to one.",
                        GROUP, ++order, Width.MEDIUM, "Subscription preference column")
                .define(SUBSCRIPTION_OPTEDIN_COLUMN, Type.STRING, "esc_optedin", new ConfigDef.NonEmptyString(),
                        Importance.LOW, "Boolean column of a subscription row: opted in (true) or out (false).",
                        GROUP, ++order, Width.MEDIUM, "Subscription opted-in column")
                .define(SUBSCRIPTION_MODIFIED_COLUMN, Type.STRING, "modifiedon", new ConfigDef.NonEmptyString(),
                        Importance.LOW, "Column of a subscription row holding when Dynamics last modified it.",
                        GROUP, ++order, Width.MEDIUM, "Subscription modified-on column")
                .define(SUBSCRIPTION_EMAIL_COLUMN, Type.STRING, "", Importance.LOW,
                        "Optional column of a subscription row holding the contact's email (for example an"
                                + " expanded lookup); when set and filled it is used instead of the contact lookup.",
                        GROUP, ++order, Width.MEDIUM, "Subscription email column")
                .define(ID_MAPPING, Type.LIST, "", Validators.listOf(Pattern.compile("[^:,\\s]+:\\d{1,9}"),
                                "crmPreferenceId:dotdigitalPreferenceId"), Importance.LOW,
                        "Maps the preference a subscription row names (for example the esc_marketingpreference"
                                + " GUID) to a Dotdigital preference id, as crmId:dotdigitalId entries. A value"
                                + " not mapped here must itself be a Dotdigital preference id.",
                        GROUP, ++order, Width.LONG, "Preference id mapping")
                .define(CLOCK_SKEW_TOLERANCE_MS, Type.LONG, 0L, Range.between(0, 86_400_000), Importance.LOW,
                        "A Dynamics change is applied when its modified time is later than Dotdigital's time for"
                                + " the contact and preference minus this tolerance, so a change made after"
                                + " Dotdigital's but stamped by a clock up to this much behind still wins. 0: only"
                                + " strictly newer changes are applied.",
                        GROUP, ++order, Width.SHORT, "Clock skew tolerance (ms)")
                .define(CACHE_MAX_ENTRIES, Type.INT, 10_000, Range.between(1, 10_000_000), Importance.LOW,
                        "Contacts whose Dotdigital preferences, opt-in type and consent this task keeps in memory"
                                + " (least recently used dropped first).",
                        GROUP, ++order, Width.SHORT, "Preference cache size")
                .define(CACHE_TTL_MS, Type.LONG, 300_000L, Range.between(0, 86_400_000), Importance.LOW,
                        "How long a contact's cached Dotdigital preferences are trusted before they are read"
                                + " again (changes made in Dotdigital meanwhile are not seen until then).",
                        GROUP, ++order, Width.SHORT, "Preference cache TTL (ms)")
                .define(WRITTEN_DATAFIELD, Type.STRING, "", ConfigDef.LambdaValidator.with((name, value) -> {
                            if (!DATA_FIELD_NAME.matcher(String.valueOf(value).trim()).matches()) {
                                throw new ConfigException(name, value, "not a Dotdigital data-field name (up to 20"
                                        + " letters, digits, _ or -)");
                            }
                        }, () -> "empty, or a data-field name of up to 20 letters, digits, _ or -"), Importance.MEDIUM,
                        "Dotdigital String data field (created, Private, when missing) in which the sink keeps, per"
                                + " contact, the preference changes it wrote: the value, the Dynamics time of the"
                                + " change and Dotdigital's stamp of the write (one more opt-in read and one contact"
                                + " update per write). While Dotdigital still holds that value with that stamp, a"
                                + " Dynamics change is compared with the Dynamics time written, so after a restart or"
                                + " once the cache expired the sink's own write is not taken for a newer Dotdigital"
                                + " change. Empty: this is known only to the task's in-memory cache, and a Dynamics"
                                + " change stamped before Dotdigital's stamp of an earlier write of the sink is"
                                + " skipped once that is forgotten.",
                        GROUP, ++order, Width.MEDIUM, "Data field of the sink's own preference writes")
                .define(CONSENT_TOPIC, Type.STRING, "", Importance.MEDIUM,
                        "Topic of consent records, one per consent given; it must also be listed in topics. The"
                                + " record key is the contact's email or its Dynamics id (a contact or lead this task"
                                + " has seen on a contact topic); the value (JSON or Struct) has text (required),"
                                + " date (required: ISO 8601, a Timestamp or epoch milliseconds), url, ip, userAgent,"
                                + " and optionally email or contactId instead of the key. Each distinct record is"
                                + " stored once with the contact (PUT /v2/contacts/{id}/with-consent). Empty: no"
                                + " consent topic is read.",
                        GROUP, ++order, Width.MEDIUM, "Consent topic")
                .define(CONSENT_TEXT_COLUMN, Type.STRING, "", Importance.LOW, "Column holding the consent text"
                                + " shown to the contact; a record with it filled carries a consent record. Empty: no"
                                + " consent is read.",
                        GROUP, ++order, Width.MEDIUM, "Consent text column")
                .define(CONSENT_URL_COLUMN, Type.STRING, "", Importance.LOW, "Column holding the URL consent was"
                        + " given on.", GROUP, ++order, Width.MEDIUM, "Consent URL column")
                .define(CONSENT_DATE_COLUMN, Type.STRING, "", Importance.LOW, "Column holding when consent was"
                                + " given (ISO 8601, or a timestamp); empty or unset: the record's modified time.",
                        GROUP, ++order, Width.MEDIUM, "Consent date column")
                .define(CONSENT_IP_COLUMN, Type.STRING, "", Importance.LOW, "Column holding the IP address consent"
                        + " was given from.", GROUP, ++order, Width.MEDIUM, "Consent IP column")
                .define(CONSENT_USERAGENT_COLUMN, Type.STRING, "", Importance.LOW, "Column holding the browser user"
                        + " agent consent was given with.", GROUP, ++order, Width.MEDIUM, "Consent user agent column")
                .define(OPTIN_TYPE_COLUMN, Type.STRING, "", Importance.LOW, "Column holding the contact's opt-in"
                                + " type (Single, Double or VerifiedDouble). It only ever raises Dotdigital's opt-in"
                                + " type; a lower value is ignored and counted. Empty: not read.",
                        GROUP, ++order, Width.MEDIUM, "Opt-in type column");
    }

    public static PreferenceConfig from(AbstractConfig c) {
        return new PreferenceConfig(idMap(c.getList(COLUMNS)), c.getString(MODIFIED_COLUMN), c.getString(TOPIC).trim(),
                c.getList(SUBSCRIPTION_CONTACT_COLUMNS), c.getString(SUBSCRIPTION_PREFERENCE_COLUMN),
                c.getString(SUBSCRIPTION_OPTEDIN_COLUMN), c.getString(SUBSCRIPTION_MODIFIED_COLUMN),
                c.getString(SUBSCRIPTION_EMAIL_COLUMN).trim(), idMap(c.getList(ID_MAPPING)),
                Duration.ofMillis(c.getLong(CLOCK_SKEW_TOLERANCE_MS)), c.getInt(CACHE_MAX_ENTRIES),
                Duration.ofMillis(c.getLong(CACHE_TTL_MS)),
                new ConsentColumns(c.getString(CONSENT_TEXT_COLUMN).trim(), c.getString(CONSENT_URL_COLUMN).trim(),
                        c.getString(CONSENT_DATE_COLUMN).trim(), c.getString(CONSENT_IP_COLUMN).trim(),
                        c.getString(CONSENT_USERAGENT_COLUMN).trim()),
                c.getString(OPTIN_TYPE_COLUMN).trim(), c.getString(WRITTEN_DATAFIELD).trim(),
                c.getInt(DotdigitalSinkConfig.STRING_MAX_LENGTH), c.getString(CONSENT_TOPIC).trim());
    }

    private static Map<String, Long> idMap(List<String> entries) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String e : entries) {
            int colon = e.lastIndexOf(':');
            out.put(e.substring(0, colon).trim(), Long.parseLong(e.substring(colon + 1).trim()));
        }
        return out;
    }

    /** True when contact records can carry preference, consent or opt-in type data. */
    public boolean readsContactRecords() {
        return !columns.isEmpty() || consent.enabled() || !optInTypeColumn.isEmpty();
    }

    public boolean isConsentTopic(String topic) {
        return !consentTopic.isEmpty() && consentTopic.equals(topic);
    }

    public boolean isSubscriptionTopic(String topic) {
        return !subscriptionTopic.isEmpty() && subscriptionTopic.equals(topic);
    }
}
