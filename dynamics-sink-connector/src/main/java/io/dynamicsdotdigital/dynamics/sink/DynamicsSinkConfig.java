package io.dynamicsdotdigital.dynamics.sink;

import com.fasterxml.jackson.databind.JsonNode;
import io.dynamicsdotdigital.common.config.Validators;
import io.dynamicsdotdigital.dataverse.client.DataverseConnectionConfig;
import io.dynamicsdotdigital.dataverse.client.DataverseConnectionConfigDefs;
import io.dynamicsdotdigital.common.http.HttpConfigDefs;
import io.dynamicsdotdigital.dynamics.sink.link.LinkSettings;
import io.dynamicsdotdigital.dynamics.sink.link.ListMembership;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** The sink's settings: where Dataverse is, which table the records go to, how a record becomes a row. */
public final class DynamicsSinkConfig extends DataverseConnectionConfig {
    public static final String CONNECTION_GROUP = "Dynamics connection";
    public static final String TABLE_GROUP = "Target table";
    public static final String WRITING_GROUP = "Writing";

    public static final String URL = DataverseConnectionConfigDefs.URL;
    public static final String CLIENT_SECRET = DataverseConnectionConfigDefs.CLIENT_SECRET;

    public static final String ENTITY_SET = "dynamics.entity.set";
    public static final String WRITE_MODE = "write.mode";
    public static final String KEY_COLUMNS = "key.columns";
    public static final String ID_FIELD = "id.field";
    public static final String MATCH_COLUMN = "match.column";
    public static final String MATCH_ID_COLUMN = "match.id.column";

    public static final String FIELD_MAPPING = MappingSettings.FIELD_MAPPING;
    public static final String LOOKUP_BINDINGS = MappingSettings.LOOKUP_BINDINGS;

    public static final String BATCH_SIZE = "batch.size";
    public static final String TOMBSTONE_ACTION = "tombstone.action";

    public static final String MODE_UPSERT = "upsert";
    public static final String MODE_CREATE = "create";
    public static final String MODE_UPDATE_MATCHING = "update_matching";
    public static final String MODE_UPDATE_LINKED = "update_linked";
    public static final String MODE_REMOVE_LIST_MEMBER = "remove_list_member";
    public static final String TOMBSTONE_DELETE = "delete";
    public static final String TOMBSTONE_IGNORE = "ignore";

    /** Dataverse accepts at most 1000 requests in one $batch. */
    public static final int MAX_BATCH_SIZE = 1000;

    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    public DynamicsSinkConfig(Map<String, String> props) {
        super(configDef(), props);
        fieldMapping();
        lookupBindings();
        columnValues();
        if (writeMode().equals(MODE_UPDATE_MATCHING) && (matchColumn().isEmpty() || matchIdColumn().isEmpty())) {
            throw new ConfigException(MATCH_COLUMN, getString(MATCH_COLUMN), "write.mode=update_matching needs "
                    + MATCH_COLUMN + " (the column to look rows up by, e.g. emailaddress1) and " + MATCH_ID_COLUMN
                    + " (the table's primary id column, e.g. contactid)");
        }
        LinkSettings link = linkSettings();
        ListMembership lists = listMembership();
        if ((writeMode().equals(MODE_UPDATE_LINKED) || writeMode().equals(MODE_REMOVE_LIST_MEMBER)) && !link.enabled()) {
            throw new ConfigException(LinkSettings.ENTITIES, "", "write.mode=" + writeMode() + " needs "
                    + LinkSettings.ENTITIES + " (the tables whose records with the email are changed, e.g."
                    + " contact,lead)");
        }
        if (writeMode().equals(MODE_REMOVE_LIST_MEMBER) && lists.listByAddressBook().isEmpty()) {
            throw new ConfigException(ListMembership.MAPPING, "", "write.mode=remove_list_member needs the lists"
                    + " and their address books as listid:addressBookId pairs");
        }
        resolvedLookup();
        if (newerWins().enabled() && !writeMode().equals(MODE_UPSERT)) {
            throw new ConfigException(NewerWinsSettings.FIELD, newerWins().field(), "newer wins compares the record"
                    + " with the row its key addresses, so it needs write.mode=upsert, not " + writeMode());
        }
        if (writeMode().equals(MODE_UPSERT) && keyColumns().isEmpty() && idField().isEmpty()) {
            throw new ConfigException(KEY_COLUMNS, "", "write.mode=upsert needs the row's key: set " + KEY_COLUMNS
                    + " (an alternate key of the table) or " + ID_FIELD + " (a record field holding the primary id)");
        }
    }

    public static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        int order = 0;
        DataverseConnectionConfigDefs.addUrlAndVersion(def, CONNECTION_GROUP, order);
        DataverseConnectionConfigDefs.addCredentials(def);
        order = 0;
        def.define(ENTITY_SET, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, pattern(NAME, "an entity set name"),
                        Importance.HIGH,
                        "Entity set (Web API collection) the rows are written to, for example contacts or"
                                + " esc_emailsendsummaries.",
                        TABLE_GROUP, ++order, Width.MEDIUM, "Entity set")
                .define(WRITE_MODE, Type.STRING, MODE_UPSERT, Validators.oneOf(MODE_UPSERT, MODE_CREATE,
                                MODE_UPDATE_MATCHING, MODE_UPDATE_LINKED, MODE_REMOVE_LIST_MEMBER), Importance.HIGH,
                        "upsert: PATCH the row addressed by its key, creating it when missing, so a re-delivered"
                                + " record changes nothing. create: POST a new row per record (a re-delivered"
                                + " record creates a duplicate row; a $batch of creations whose answer is lost to a"
                                + " timeout, a dropped connection or 502-504 is not sent again: its records go to"
                                + " the dead-letter queue, by errors.tolerance, as CreateOutcomeUnknown)."
                                + " update_matching: update every"
                                + " existing row whose " + MATCH_COLUMN + " equals the record's value (for example"
                                + " the contacts with an unsubscribed email address), never creating one; records"
                                + " that match no row are counted and skipped. update_linked: update every record"
                                + " that link.* finds for the record (for example donotbulkemail on every contact"
                                + " and lead with an unsubscribed email), never creating one. remove_list_member:"
                                + " remove those records from the marketing list that list.addressbook.mapping"
                                + " names for the record's address book. With these two, " + ENTITY_SET + " is"
                                + " only checked for access; the writes go to the linked tables.",
                        TABLE_GROUP, ++order, Width.SHORT, "Write mode", Validators.oneOf(MODE_UPSERT, MODE_CREATE,
                                MODE_UPDATE_MATCHING, MODE_UPDATE_LINKED, MODE_REMOVE_LIST_MEMBER))
                .define(KEY_COLUMNS, Type.LIST, "", Importance.HIGH,
                        "Columns of an alternate key of the table, for upserts addressed as"
                                + " <entity set>(col1='a',col2=5). Each column's value comes from the record field"
                                + " that " + FIELD_MAPPING + " maps to it (or the field of the same name).",
                        TABLE_GROUP, ++order, Width.LONG, "Alternate key columns")
                .define(ID_FIELD, Type.STRING, "", Importance.MEDIUM,
                        "Record field holding the row's primary id (a GUID), for upserts addressed as"
                                + " <entity set>(<guid>), when no " + KEY_COLUMNS + " are set.",
                        TABLE_GROUP, ++order, Width.MEDIUM, "Primary id field")
                .define(MATCH_COLUMN, Type.STRING, "", Importance.MEDIUM,
                        "For write.mode=update_matching: the column rows are looked up by (one $batch of"
                                + " $filter=<column> eq <value> reads per batch of records). Its value comes from"
                                + " the record field that " + FIELD_MAPPING + " maps to it (or the field of the"
                                + " same name); the column itself is not written.",
                        TABLE_GROUP, ++order, Width.MEDIUM, "Match column")
                .define(MATCH_ID_COLUMN, Type.STRING, "", Importance.MEDIUM,
                        "For write.mode=update_matching: the table's primary id column (contactid for contacts),"
                                + " read from the matching rows to address their updates.",
                        TABLE_GROUP, ++order, Width.MEDIUM, "Match id column");
        MappingSettings.define(def);
        order = 0;
        def.define(BATCH_SIZE, Type.INT, 500, Range.between(1, MAX_BATCH_SIZE), Importance.MEDIUM,
                        "Rows per Web API $batch call (Dataverse allows 1000). Each put() writes its records in"
                                + " batches of this size before returning, so committed offsets only cover written"
                                + " rows.",
                        WRITING_GROUP, ++order, Width.SHORT, "Batch size")
                .define(TOMBSTONE_ACTION, Type.STRING, TOMBSTONE_DELETE,
                        Validators.oneOf(TOMBSTONE_DELETE, TOMBSTONE_IGNORE), Importance.MEDIUM,
                        "What a tombstone (null value) does: delete the row its key addresses (key fields are"
                                + " read from the record key), or ignore it.",
                        WRITING_GROUP, ++order, Width.SHORT, "Tombstone action",
                        Validators.oneOf(TOMBSTONE_DELETE, TOMBSTONE_IGNORE));
        LinkSettings.define(def);
        ListMembership.define(def);
        NewerWinsSettings.define(def);
        ResolvedLookupSettings.define(def);
        HttpConfigDefs.addHttp(def);
        HttpConfigDefs.addResilience(def, 0, 0);
        return def;
    }

    private static ConfigDef.Validator pattern(Pattern pattern, String what) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null || !pattern.matcher(value.toString()).matches()) {
                    throw new ConfigException(name, value, "must be " + what + " (letters, digits, _)");
                }
            }

            @Override
            public String toString() {
                return what + " (letters, digits, _)";
            }
        };
    }

    public String entitySet() {
        return getString(ENTITY_SET);
    }

    public String writeMode() {
        return getString(WRITE_MODE);
    }

    public List<String> keyColumns() {
        return getList(KEY_COLUMNS).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public String idField() {
        return getString(ID_FIELD).trim();
    }

    public String matchColumn() {
        return getString(MATCH_COLUMN).trim();
    }

    public String matchIdColumn() {
        return getString(MATCH_ID_COLUMN).trim();
    }

    public String splitField() {
        return getString(MappingSettings.SPLIT_FIELD).trim();
    }

    public LinkSettings linkSettings() {
        return LinkSettings.of(this);
    }

    public ResolvedLookupSettings resolvedLookup() {
        return ResolvedLookupSettings.of(this, lookupBindings(), linkSettings().enabled());
    }

    public NewerWinsSettings newerWins() {
        return NewerWinsSettings.of(this);
    }

    public ListMembership listMembership() {
        return ListMembership.of(this);
    }

    public int batchSize() {
        return getInt(BATCH_SIZE);
    }

    public boolean deleteOnTombstone() {
        return getString(TOMBSTONE_ACTION).equals(TOMBSTONE_DELETE);
    }

    public boolean writeUnmappedFields() {
        return MappingSettings.writeUnmappedFields(this);
    }

    /** Record field (dotted path) to column, in configured order. */
    public Map<String, String> fieldMapping() {
        return MappingSettings.fieldMapping(this);
    }

    /** Column to the JSON value every row gets. */
    public Map<String, JsonNode> columnValues() {
        return MappingSettings.columnValues(this);
    }

    /** Lookup column to the entity set its ids belong to (the entries bound by GUID). */
    public Map<String, String> lookupBindings() {
        return MappingSettings.lookupBindings(this);
    }

    /** The entries of lookup.bindings that bind the target row by its alternate key. */
    List<LookupBinding> lookupKeyBindings() {
        return MappingSettings.lookupKeyBindings(this);
    }
}
