package io.dynamicsdotdigital.dotdigital.sink;

import io.dynamicsdotdigital.dotdigital.sink.record.FieldMapping;
import io.dynamicsdotdigital.dotdigital.sink.record.TopicRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The sink connector's settings: the names of its keys and typed accessors. The {@link ConfigDef} (shared fragments
 * plus the sink's own groups) is in {@link DotdigitalSinkConfigDef}.
 */
public final class DotdigitalSinkConfig extends AbstractConfig {
    public static final String RECORDS_GROUP = "Records and data fields";
    public static final String IMPORT_GROUP = "Bulk import";
    public static final String ADDRESS_BOOK_GROUP = "Address books and list members";
    public static final String SUBSCRIPTION_GROUP = "Unsubscribes and tombstones";

    public static final String EMAIL_FIELD = "email.field";
    public static final String DATAFIELD_MAPPING = "datafield.mapping";
    public static final String DATAFIELDS_AUTO_CREATE = "datafields.auto.create";
    public static final String STRING_MAX_LENGTH = "datafield.string.max.length";
    public static final String CONTACT_ID_FIELDS = "contact.id.fields";
    public static final String EMAIL_CACHE_MAX_ENTRIES = "email.cache.max.entries";
    /** Per-topic overrides, not in the ConfigDef because the topic names are the user's. */
    public static final String TOPIC_PREFIX = "topic.";
    public static final String TOPIC_EMAIL_FIELD_SUFFIX = ".email.field";
    public static final String TOPIC_MAPPING_SUFFIX = ".mapping";

    public static final String IMPORT_API = "import.api";
    public static final String IMPORT_BATCH_SIZE = "import.batch.size";
    public static final String IMPORT_MAX_BODY_BYTES = "import.max.body.bytes";
    public static final String IMPORT_FLUSH_INTERVAL_MS = "import.flush.interval.ms";
    public static final String IMPORT_MAX_ACTIVE = "import.max.active";
    public static final String IMPORT_POLL_INTERVAL_MS = "import.poll.interval.ms";
    public static final String IMPORT_MAX_ATTEMPTS = "import.max.attempts";
    public static final String IMPORT_MAX_BUFFERED_RECORDS = "import.max.buffered.records";
    public static final String IMPORT_MAX_BUFFERED_BYTES = "import.max.buffered.bytes";
    public static final String OUTAGE_MAX_DURATION_MS = "outage.max.duration.ms";

    public static final String ADDRESS_BOOK_ID = "addressbook.id";
    public static final String ADDRESS_BOOK_NAME = "addressbook.name";
    public static final String ADDRESS_BOOK_VISIBILITY = "addressbook.visibility";
    public static final String LISTMEMBER_TOPIC = "listmember.topic";
    public static final String LISTMEMBER_MAPPING = "listmember.addressbook.mapping";
    public static final String LIST_TOPIC = "list.topic";
    public static final String LISTMEMBER_UNRESOLVED_WAIT_MS = "listmember.unresolved.wait.ms";

    public static final String UNSUBSCRIBE_FIELD = "unsubscribe.field";
    public static final String UNSUBSCRIBE_SCOPE = "unsubscribe.scope";
    public static final String RESUBSCRIBE_SUPPRESSED_ALLOWED = "resubscribe.suppressed.allowed";
    public static final String TOMBSTONE_ACTION = "tombstone.action";

    public static final String IMPORT_API_V3 = "v3";
    public static final String IMPORT_API_V2_CSV = "v2_csv";
    public static final String SCOPE_GLOBAL = "global";
    public static final String SCOPE_ADDRESS_BOOK = "addressbook";
    public static final String TOMBSTONE_REMOVE = "remove_from_addressbook";
    public static final String TOMBSTONE_UNSUBSCRIBE = "unsubscribe";
    public static final String TOMBSTONE_IGNORE = "ignore";

    /** The documented v3/v2 import body limit is 50 MB; stay under it. */
    public static final int MAX_IMPORT_BODY_BYTES = 50 * 1024 * 1024;

    static final Pattern MAPPING_ENTRY =
            Pattern.compile("[^:\\s]+:[A-Za-z0-9_-]{1,20}(:(?i)(String|Numeric|Date|Boolean))?");

    public DotdigitalSinkConfig(Map<?, ?> props) {
        super(configDef(), props);
    }

    public static ConfigDef configDef() {
        return DotdigitalSinkConfigDef.build();
    }

    // --- typed accessors --------------------------------------------------------------------------------------

    public String emailField() {
        return getString(EMAIL_FIELD).trim();
    }

    public List<String> defaultMapping() {
        return getList(DATAFIELD_MAPPING);
    }

    /** topic -> email field overrides. */
    public Map<String, String> topicEmailFields() {
        return topicOverrides(TOPIC_EMAIL_FIELD_SUFFIX);
    }

    /** topic -> raw mapping list overrides. */
    public Map<String, String> topicMappings() {
        return topicOverrides(TOPIC_MAPPING_SUFFIX);
    }

    private Map<String, String> topicOverrides(String suffix) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : originals().entrySet()) {
            String key = e.getKey();
            if (key.startsWith(TOPIC_PREFIX) && key.endsWith(suffix) && key.length() > TOPIC_PREFIX.length() + suffix.length()) {
                String topic = key.substring(TOPIC_PREFIX.length(), key.length() - suffix.length());
                out.put(topic, e.getValue() == null ? "" : e.getValue().toString().trim());
            }
        }
        return out;
    }

    /** Checks the syntax of per-topic mappings; throws naming the key. */
    public void checkTopicOverrides() {
        for (Map.Entry<String, String> e : topicMappings().entrySet()) {
            for (String item : splitList(e.getValue())) {
                if (!MAPPING_ENTRY.matcher(item).matches()) {
                    throw new ConfigException(TOPIC_PREFIX + e.getKey() + TOPIC_MAPPING_SUFFIX, e.getValue(),
                            "'" + item + "' is not recordField:DATAFIELD or recordField:DATAFIELD:Type");
                }
            }
        }
        for (Map.Entry<String, String> e : topicEmailFields().entrySet()) {
            if (e.getValue().isEmpty()) {
                throw new ConfigException(TOPIC_PREFIX + e.getKey() + TOPIC_EMAIL_FIELD_SUFFIX, e.getValue(),
                        "must name a field");
            }
        }
    }

    public static List<String> splitList(String raw) {
        List<String> out = new ArrayList<>();
        if (raw == null) {
            return out;
        }
        for (String s : raw.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    public boolean autoCreateDataFields() {
        return getBoolean(DATAFIELDS_AUTO_CREATE);
    }

    public int stringMaxLength() {
        return getInt(STRING_MAX_LENGTH);
    }

    public List<String> contactIdFields() {
        return getList(CONTACT_ID_FIELDS);
    }

    public int emailCacheMaxEntries() {
        return getInt(EMAIL_CACHE_MAX_ENTRIES);
    }

    public boolean v2CsvImport() {
        return IMPORT_API_V2_CSV.equalsIgnoreCase(getString(IMPORT_API));
    }

    public int batchSize() {
        return getInt(IMPORT_BATCH_SIZE);
    }

    public int maxBodyBytes() {
        return getInt(IMPORT_MAX_BODY_BYTES);
    }

    public long flushIntervalMs() {
        return getLong(IMPORT_FLUSH_INTERVAL_MS);
    }

    public int maxActiveImports() {
        return getInt(IMPORT_MAX_ACTIVE);
    }

    public long pollIntervalMs() {
        return getLong(IMPORT_POLL_INTERVAL_MS);
    }

    public int importMaxAttempts() {
        return getInt(IMPORT_MAX_ATTEMPTS);
    }

    public int maxBufferedRecords() {
        return getInt(IMPORT_MAX_BUFFERED_RECORDS);
    }

    public long maxBufferedBytes() {
        return getLong(IMPORT_MAX_BUFFERED_BYTES);
    }

    public long outageMaxDurationMs() {
        return getLong(OUTAGE_MAX_DURATION_MS);
    }

    public Long addressBookId() {
        return getLong(ADDRESS_BOOK_ID);
    }

    public String addressBookName() {
        return getString(ADDRESS_BOOK_NAME).trim();
    }

    public boolean hasFixedAddressBook() {
        return addressBookId() != null || !addressBookName().isEmpty();
    }

    public String addressBookVisibility() {
        String v = getString(ADDRESS_BOOK_VISIBILITY);
        return v.equalsIgnoreCase("public") ? "Public" : "Private";
    }

    public long listMemberUnresolvedWaitMs() {
        return getLong(LISTMEMBER_UNRESOLVED_WAIT_MS);
    }

    public String listMemberTopic() {
        return getString(LISTMEMBER_TOPIC).trim();
    }

    /** listid (lower case) -> address book id or name. */
    public Map<String, String> listMemberMapping() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String entry : getList(LISTMEMBER_MAPPING)) {
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new ConfigException(LISTMEMBER_MAPPING, entry, "entries are listid:addressBookIdOrName");
            }
            out.put(entry.substring(0, colon).trim().toLowerCase(Locale.ROOT), entry.substring(colon + 1).trim());
        }
        return out;
    }

    public String listTopic() {
        return getString(LIST_TOPIC).trim();
    }

    public String unsubscribeField() {
        return getString(UNSUBSCRIBE_FIELD).trim();
    }

    public boolean unsubscribeFromAddressBookOnly() {
        return SCOPE_ADDRESS_BOOK.equalsIgnoreCase(getString(UNSUBSCRIBE_SCOPE));
    }

    public boolean resubscribeSuppressedAllowed() {
        return getBoolean(RESUBSCRIBE_SUPPRESSED_ALLOWED);
    }

    public String tombstoneAction() {
        return getString(TOMBSTONE_ACTION).toLowerCase(Locale.ROOT);
    }

    /** The email field and data-field mapping of each topic. */
    public TopicRules topicRules() {
        Map<String, List<FieldMapping>> mappings = new LinkedHashMap<>();
        topicMappings().forEach((topic, raw) -> mappings.put(topic, FieldMapping.parse(splitList(raw))));
        return new TopicRules(emailField(), FieldMapping.parse(defaultMapping()), topicEmailFields(), mappings);
    }
}
