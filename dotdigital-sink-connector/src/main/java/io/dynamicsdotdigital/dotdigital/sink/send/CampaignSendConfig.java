package io.dynamicsdotdigital.dotdigital.sink.send;

import io.dynamicsdotdigital.common.http.HttpConfigDefs;
import io.dynamicsdotdigital.dataverse.client.DataverseConnectionConfig;
import io.dynamicsdotdigital.dataverse.client.DataverseConnectionConfigDefs;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalConfigDefs;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of {@link DotdigitalCampaignSendConnector}: the shared Dotdigital and HTTP ones, the send flow's, and an
 * optional Dataverse connection (the Dynamics connectors' {@code dynamics.*} keys) for the lookups.
 */
public final class CampaignSendConfig extends DataverseConnectionConfig {
    static final String SAFETY_GROUP = "Send safety";
    static final String FIELDS_GROUP = "Send request fields";
    static final String KAFKA_GROUP = "Intents, outcomes and import barrier";
    static final String LOOKUP_GROUP = "Dataverse lookups";

    public static final String ALLOWLIST = "send.campaign.allowlist";
    public static final String SEND_TIME_PAST_TOLERANCE_MS = "send.time.past.tolerance.ms";
    public static final String STATUS_POLL_INTERVAL_MS = "send.status.poll.interval.ms";
    public static final String STATUS_TIMEOUT_MS = "send.status.timeout.ms";
    public static final String FOLLOW_UP_INTERVAL_MS = "send.status.followup.interval.ms";
    public static final String FOLLOW_UP_TIMEOUT_MS = "send.status.followup.timeout.ms";
    /** How often a list send waiting for imports asks for the contact sink's committed offsets. */
    static final long IMPORT_CHECK_INTERVAL_MS = 200;
    public static final String REQUEST_ID_FIELDS = "send.field.request.id";
    public static final String CAMPAIGN_FIELD = "send.field.campaign.id";
    public static final String LISTS_FIELD = "send.field.marketing.lists";
    public static final String EMAIL_FIELD = "send.field.email";
    public static final String SEND_TIME_FIELD = "send.field.send.time";
    public static final String STATUS_FIELD = "send.field.status";
    public static final String STATUS_REQUESTED = "send.status.requested";
    public static final String KAFKA_PREFIX = "send.kafka.";
    public static final String BOOTSTRAP = KAFKA_PREFIX + "bootstrap.servers";
    public static final String INTENTS_TOPIC = "send.intents.topic";
    public static final String RESULT_TOPIC = "send.result.topic";
    public static final String AWAIT_GROUP = "send.await.imports.group";
    public static final String AWAIT_TOPICS = "send.await.imports.topics";
    public static final String AWAIT_TIMEOUT_MS = "send.await.imports.timeout.ms";
    public static final String DATAVERSE_URL = DataverseConnectionConfigDefs.URL;
    public static final String CONTACT_LOOKUP = "send.lookup.contact.column";
    public static final String LEAD_LOOKUP = "send.lookup.lead.column";
    public static final String LISTS_ROW_ID_FIELD = "send.lookup.lists.row.id.field";
    public static final String LISTS_ENTITY_SET = "send.lookup.lists.entity.set";
    public static final String LISTS_NAVIGATION = "send.lookup.lists.navigation";

    public CampaignSendConfig(Map<?, ?> props) {
        super(configDef(), props);
    }

    public static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        DotdigitalConfigDefs.add(def);
        int order = 0;
        def.define(ALLOWLIST, Type.LIST, "", Importance.HIGH,
                        "Dotdigital campaign ids that may be sent. Every other campaign is refused before any call;"
                                + " empty (the default) refuses every send, so nothing goes out until campaigns"
                                + " are listed here.",
                        SAFETY_GROUP, ++order, Width.LONG, "Campaign allow-list")
                .define(SEND_TIME_PAST_TOLERANCE_MS, Type.LONG, 300_000L, Range.atLeast(0), Importance.MEDIUM,
                        "A request whose send time lies further in the past than this is refused (a stale"
                                + " request, for example replayed from an old offset). No send time means now.",
                        SAFETY_GROUP, ++order, Width.SHORT, "Past send time tolerance (ms)")
                .define(STATUS_POLL_INTERVAL_MS, Type.LONG, 2_000L, Range.atLeast(10), Importance.LOW,
                        "How often the status of an accepted send is read.",
                        SAFETY_GROUP, ++order, Width.SHORT, "Status poll interval (ms)")
                .define(STATUS_TIMEOUT_MS, Type.LONG, 60_000L, Range.between(0, 3_600_000), Importance.MEDIUM,
                        "How long an accepted send is polled for Sent, Cancelled or NotSent before it is reported as"
                                + " StillProcessing (and then followed up, see " + "send.status.followup.timeout.ms"
                                + "). Also how long a send call whose answer was lost is checked for having gone"
                                + " out before it is parked as SendOutcomeUnknown. Nothing waits inside put():"
                                + " the record's offset is committed once its outcome is final.",
                        SAFETY_GROUP, ++order, Width.SHORT, "Status timeout (ms)")
                .define(FOLLOW_UP_INTERVAL_MS, Type.LONG, 60_000L, Range.atLeast(10), Importance.LOW,
                        "How often the status of a send reported as StillProcessing is read again.",
                        SAFETY_GROUP, ++order, Width.SHORT, "Follow-up interval (ms)")
                .define(FOLLOW_UP_TIMEOUT_MS, Type.LONG, 21_600_000L, Range.between(0, 604_800_000L),
                        Importance.MEDIUM, "How long after the request a send reported as StillProcessing is"
                                + " followed up. When it ends (Sent, Cancelled, NotSent) within this time, a second"
                                + " outcome with the final status follows the StillProcessing one; after it, the"
                                + " send is no longer followed up (a WARN and the metric sends-followups-ended-total)."
                                + " Until then the request's offset is not committed, so a restarted task resumes"
                                + " the follow-up.",
                        SAFETY_GROUP, ++order, Width.SHORT, "Follow-up timeout (ms)");
        order = 0;
        def.define(REQUEST_ID_FIELDS, Type.LIST, "esc_emailsendid,esc_emailsinglesendid", Importance.HIGH,
                        "Fields holding the request id (the Dynamics row id), first present wins; falls back to a"
                                + " string record key. A request without one is refused: at most once needs an id.",
                        FIELDS_GROUP, ++order, Width.MEDIUM, "Request id fields")
                .define(CAMPAIGN_FIELD, Type.STRING, "esc_dotdigitalcampaignid", Importance.HIGH,
                        "Field holding the Dotdigital campaign id.",
                        FIELDS_GROUP, ++order, Width.MEDIUM, "Campaign id field")
                .define(LISTS_FIELD, Type.STRING, "esc_marketinglists", Importance.HIGH,
                        "Field holding the marketing lists of a list send, comma separated: names of the address"
                                + " books the list sync mirrors them to, or address book ids (digits).",
                        FIELDS_GROUP, ++order, Width.MEDIUM, "Marketing lists field")
                .define(EMAIL_FIELD, Type.STRING, "esc_emailaddress", Importance.HIGH,
                        "Field holding the email of a single send's contact or lead; the Dotdigital contact is"
                                + " looked up by it.",
                        FIELDS_GROUP, ++order, Width.MEDIUM, "Single send email field")
                .define(SEND_TIME_FIELD, Type.STRING, "esc_sendtime", Importance.MEDIUM,
                        "Field holding the optional send time (ISO 8601 text, epoch milliseconds or a Timestamp).",
                        FIELDS_GROUP, ++order, Width.MEDIUM, "Send time field")
                .define(STATUS_FIELD, Type.STRING, "esc_sendstatus", Importance.HIGH,
                        "Field holding the request's status. Only records whose status equals "
                                + STATUS_REQUESTED + " are carried out; others (drafts, and the row coming back"
                                + " after the outcome was written onto it) are skipped without an outcome. Empty:"
                                + " every record is a request (not recommended: a draft row would be sent).",
                        FIELDS_GROUP, ++order, Width.MEDIUM, "Status field")
                .define(STATUS_REQUESTED, Type.STRING, "Requested", Importance.HIGH,
                        "The status value that asks for the send (compared ignoring case).",
                        FIELDS_GROUP, ++order, Width.MEDIUM, "Requested status value");
        order = 0;
        def.define(BOOTSTRAP, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                        Importance.HIGH, "Kafka bootstrap servers for the intents and result topics and the import"
                                + " barrier. Other " + KAFKA_PREFIX + "* settings are passed to those clients"
                                + " (security.protocol, sasl.*, ssl.*).",
                        KAFKA_GROUP, ++order, Width.LONG, "Kafka bootstrap servers")
                .define(INTENTS_TOPIC, Type.STRING, "dotdigital-campaign-send-intents", new ConfigDef.NonEmptyString(),
                        Importance.HIGH, "Compacted topic of send intents, written and acknowledged before every"
                                + " send call: a request whose intent has no recorded answer is never sent again."
                                + " Created (compacted) when missing. One per account; never share it between"
                                + " connectors of different accounts.",
                        KAFKA_GROUP, ++order, Width.LONG, "Intents topic")
                .define(RESULT_TOPIC, Type.STRING, "dotdigital-campaign-send-results", new ConfigDef.NonEmptyString(),
                        Importance.HIGH, "Topic receiving one JSON outcome per request, keyed by request id.",
                        KAFKA_GROUP, ++order, Width.LONG, "Result topic")
                .define(AWAIT_GROUP, Type.STRING, "", Importance.MEDIUM,
                        "Consumer group of the Dotdigital sink connector that imports the list members (connect-"
                                + "<name>). A list send waits until that group has committed every record that was"
                                + " on " + AWAIT_TOPICS + " when the send was taken (the sink commits only finished"
                                + " imports). Empty: no wait.",
                        KAFKA_GROUP, ++order, Width.LONG, "Await imports of group")
                .define(AWAIT_TOPICS, Type.LIST, "", Importance.MEDIUM,
                        "Topics whose imports a list send waits for (list members and contacts).",
                        KAFKA_GROUP, ++order, Width.LONG, "Await imports of topics")
                .define(AWAIT_TIMEOUT_MS, Type.LONG, 120_000L, Range.between(0, 3_600_000), Importance.MEDIUM,
                        "Longest wait for those imports; a list send whose imports are not done by then is"
                                + " refused (IMPORTS_PENDING) rather than sent to an incomplete list. The wait does"
                                + " not block put(): other requests go on meanwhile.",
                        KAFKA_GROUP, ++order, Width.SHORT, "Await imports timeout (ms)");
        addLookups(def);
        HttpConfigDefs.addHttp(def);
        HttpConfigDefs.addResilience(def, 0, 0);
        return def;
    }

    /** The optional Dataverse connection and what is looked up through it. Every table/column name is assumed. */
    private static void addLookups(ConfigDef def) {
        int order = DataverseConnectionConfigDefs.addOptionalUrlAndVersion(def, LOOKUP_GROUP, 0, "to look up what a"
                + " send row does not carry (the email of a single send's contact or lead, the marketing lists of"
                + " an Email Send)");
        DataverseConnectionConfigDefs.addCredentials(def);
        def.define(CONTACT_LOOKUP, Type.STRING, "esc_contactid", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        "Lookup column of a single send row naming its contact (read from the record as _<column>"
                                + "_value, as the Dynamics source emits lookups, or <column>). A row without an"
                                + " email (" + EMAIL_FIELD + ") but with this lookup gets the contact's"
                                + " emailaddress1 from Dataverse (needs " + DATAVERSE_URL + "). The default is an"
                                + " assumed name: the replaced product's schema is not published.",
                        LOOKUP_GROUP, ++order, Width.MEDIUM, "Contact lookup column")
                .define(LEAD_LOOKUP, Type.STRING, "esc_leadid", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        "Lookup column of a single send row naming its lead, read like " + CONTACT_LOOKUP + "; the"
                                + " lead's emailaddress1 is looked up the same way. Assumed default name.",
                        LOOKUP_GROUP, ++order, Width.MEDIUM, "Lead lookup column")
                .define(LISTS_ROW_ID_FIELD, Type.STRING, "esc_emailsendid", new ConfigDef.NonEmptyString(),
                        Importance.MEDIUM, "Field that marks an Email Send (list send) row and holds its id. Such a"
                                + " row without list names (" + LISTS_FIELD + ") gets its marketing lists from"
                                + " Dataverse through the N:N relationship " + LISTS_NAVIGATION + " (needs "
                                + DATAVERSE_URL + "; without it the row is refused as EMPTY_TARGET).",
                        LOOKUP_GROUP, ++order, Width.MEDIUM, "List send row id field")
                .define(LISTS_ENTITY_SET, Type.STRING, "esc_emailsends", new ConfigDef.NonEmptyString(),
                        Importance.LOW, "Entity set of the Email Send table, for GET <set>(<id>)/<navigation>."
                                + " Assumed default name.",
                        LOOKUP_GROUP, ++order, Width.MEDIUM, "Email Send entity set")
                .define(LISTS_NAVIGATION, Type.STRING, "esc_emailsend_list", new ConfigDef.NonEmptyString(),
                        Importance.MEDIUM, "Navigation property of the Email Send <-> marketing list N:N"
                                + " relationship (for an N:N relationship, its schema name). The lists' listname"
                                + " values are the names of the address books the list sync mirrors them to."
                                + " Assumed default name: the replaced product's schema is not published.",
                        LOOKUP_GROUP, ++order, Width.MEDIUM, "Email Send lists relationship");
    }

    Set<Long> allowlist() {
        Set<Long> ids = new HashSet<>();
        for (String s : getList(ALLOWLIST)) {
            try {
                ids.add(Long.parseLong(s.trim()));
            } catch (NumberFormatException e) {
                throw new ConfigException(ALLOWLIST, getList(ALLOWLIST), "'" + s + "' is not a campaign id");
            }
        }
        return ids;
    }

    long pastTolerance() {
        return getLong(SEND_TIME_PAST_TOLERANCE_MS);
    }

    long pollIntervalMs() {
        return getLong(STATUS_POLL_INTERVAL_MS);
    }

    long statusTimeoutMs() {
        return getLong(STATUS_TIMEOUT_MS);
    }

    long followUpIntervalMs() {
        return getLong(FOLLOW_UP_INTERVAL_MS);
    }

    long followUpTimeoutMs() {
        return getLong(FOLLOW_UP_TIMEOUT_MS);
    }

    List<String> requestIdFields() {
        return getList(REQUEST_ID_FIELDS);
    }

    String campaignField() {
        return getString(CAMPAIGN_FIELD);
    }

    String listsField() {
        return getString(LISTS_FIELD);
    }

    String emailField() {
        return getString(EMAIL_FIELD);
    }

    String sendTimeField() {
        return getString(SEND_TIME_FIELD);
    }

    String statusField() {
        return getString(STATUS_FIELD).trim();
    }

    String requestedStatus() {
        return getString(STATUS_REQUESTED).trim();
    }

    String intentsTopic() {
        return getString(INTENTS_TOPIC);
    }

    String resultTopic() {
        return getString(RESULT_TOPIC);
    }

    String awaitGroup() {
        return getString(AWAIT_GROUP).trim();
    }

    List<String> awaitTopics() {
        return getList(AWAIT_TOPICS);
    }

    String contactLookup() {
        return getString(CONTACT_LOOKUP).trim();
    }

    String leadLookup() {
        return getString(LEAD_LOOKUP).trim();
    }

    String listsRowIdField() {
        return getString(LISTS_ROW_ID_FIELD).trim();
    }

    String listsEntitySet() {
        return getString(LISTS_ENTITY_SET).trim();
    }

    String listsNavigation() {
        return getString(LISTS_NAVIGATION).trim();
    }

    long awaitTimeoutMs() {
        return getLong(AWAIT_TIMEOUT_MS);
    }

    /** The Kafka client settings: every send.kafka.* property without the prefix. */
    Map<String, Object> kafkaClientProps() {
        Map<String, Object> out = new HashMap<>();
        originals().forEach((k, v) -> {
            if (k.startsWith(KAFKA_PREFIX)) {
                out.put(k.substring(KAFKA_PREFIX.length()), v);
            }
        });
        return out;
    }
}
