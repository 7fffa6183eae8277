package io.dynamicsdotdigital.dynamics.sink.link;

import io.dynamicsdotdigital.common.config.Validators;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * The "Linking to CRM records" settings: which contact, lead or account a written row concerns, found by the
 * record's email address (or the CRM id and type it carries), bound through the row's lookup columns.
 */
public record LinkSettings(List<LinkEntity> entities, String emailField, String emailColumn,
                           Map<String, String> lookupColumns, boolean everyEntity, String ambiguous,
                           String crmIdField, String crmTypeField, int cacheSize) {
    public static final String GROUP = "Linking to CRM records";
    public static final String ENTITIES = "link.entities";
    public static final String EMAIL_FIELD = "link.email.field";
    public static final String EMAIL_COLUMN = "link.email.column";
    public static final String LOOKUP_COLUMNS = "link.lookup.columns";
    public static final String SCOPE = "link.scope";
    public static final String AMBIGUOUS = "link.ambiguous";
    public static final String CRM_ID_FIELD = "link.crm.id.field";
    public static final String CRM_TYPE_FIELD = "link.crm.type.field";
    public static final String CACHE_SIZE = "link.cache.size";

    public static final String SCOPE_FIRST = "first";
    public static final String SCOPE_EVERY = "every";
    public static final String AMBIGUOUS_ALL = "all";
    public static final String AMBIGUOUS_NEWEST = "newest";
    public static final String AMBIGUOUS_DEAD_LETTER = "dead-letter";

    private static final String NAME = "[A-Za-z_][A-Za-z0-9_]{0,127}";

    public boolean enabled() {
        return !entities.isEmpty();
    }

    public static void define(ConfigDef def) {
        int order = 0;
        def.define(ENTITIES, Type.LIST, "", Importance.HIGH,
                        "The CRM tables a row is linked to, in the order they are tried: contact, lead, account (for"
                                + " example contact,lead). Empty: rows are not linked. Records are matched by email"
                                + " address, looked up in one $batch per put() chunk of up to 1000 records.",
                        GROUP, ++order, Width.LONG, "Linked tables")
                .define(EMAIL_FIELD, Type.STRING, "email", Importance.MEDIUM,
                        "Record field (dotted path) holding the email address the CRM records are found by.",
                        GROUP, ++order, Width.MEDIUM, "Email field")
                .define(EMAIL_COLUMN, Type.STRING, "emailaddress1", Importance.LOW,
                        "Column of the linked tables holding the email address (compared case-insensitively, as"
                                + " Dataverse compares strings).",
                        GROUP, ++order, Width.MEDIUM, "Email column")
                .define(LOOKUP_COLUMNS, Type.LIST, "contact:esc_contactid,lead:esc_leadid,account:esc_accountid",
                        Importance.MEDIUM,
                        "Lookup column of the written table per linked table, as table:column pairs; the row gets"
                                + " <column>@odata.bind=/<entity set>(<id>). The defaults are assumed names of the"
                                + " replaced product's solution (see docs/writeback.md).",
                        GROUP, ++order, Width.LONG, "Lookup columns")
                .define(SCOPE, Type.STRING, SCOPE_FIRST, Validators.oneOf(SCOPE_FIRST, SCOPE_EVERY), Importance.MEDIUM,
                        "first: link to the records of the first table in " + ENTITIES + " that has the email"
                                + " (a contact before a lead). every: link to the records of every listed table"
                                + " (an unsubscribe reaches the contact and the lead).",
                        GROUP, ++order, Width.SHORT, "Scope", Validators.oneOf(SCOPE_FIRST, SCOPE_EVERY))
                .define(AMBIGUOUS, Type.STRING, AMBIGUOUS_NEWEST,
                        Validators.oneOf(AMBIGUOUS_ALL, AMBIGUOUS_NEWEST, AMBIGUOUS_DEAD_LETTER), Importance.MEDIUM,
                        "When several records of one table have the email: all (one write per record; with"
                                + " upserts put the lookup column in key.columns, else the rows overwrite each"
                                + " other), newest (the most recently created), or dead-letter (the record goes to"
                                + " the dead-letter queue naming the records). A record matching none goes to the"
                                + " dead-letter queue with the reason.",
                        GROUP, ++order, Width.SHORT, "Ambiguous matches",
                        Validators.oneOf(AMBIGUOUS_ALL, AMBIGUOUS_NEWEST, AMBIGUOUS_DEAD_LETTER))
                .define(CRM_ID_FIELD, Type.STRING, "", Importance.MEDIUM,
                        "Record field (dotted path, e.g. dataFields.CRMID) holding the CRM record's id, as the"
                                + " Dotdigital sink can store it on the Dotdigital contact. When set and present,"
                                + " it is used instead of the email lookup.",
                        GROUP, ++order, Width.MEDIUM, "CRM id field")
                .define(CRM_TYPE_FIELD, Type.STRING, "", Importance.MEDIUM,
                        "Record field holding the CRM record's table (contact, lead or account) next to "
                                + CRM_ID_FIELD + "; without it the id is taken as a record of the first table of "
                                + ENTITIES + ".",
                        GROUP, ++order, Width.MEDIUM, "CRM type field")
                .define(CACHE_SIZE, Type.INT, 10_000, Range.atLeast(0), Importance.LOW,
                        "Email addresses whose CRM records each task remembers (least recently used dropped first);"
                                + " 0 looks every address up. Only found records are remembered, so a record"
                                + " created later is found on its first use. write.mode=update_linked reads the"
                                + " records afresh every time, to skip updates that would change nothing.",
                        GROUP, ++order, Width.SHORT, "Link cache size");
    }

    public static LinkSettings of(AbstractConfig config) {
        List<LinkEntity> entities = new ArrayList<>();
        for (String name : config.getList(ENTITIES)) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            if (n.isEmpty()) {
                continue;
            }
            LinkEntity entity = LinkEntity.byName(n);
            if (entity == null) {
                throw new ConfigException(ENTITIES, config.getList(ENTITIES), "'" + name + "' is not one of "
                        + LinkEntity.names());
            }
            if (entities.contains(entity)) {
                throw new ConfigException(ENTITIES, config.getList(ENTITIES), "'" + name + "' appears twice");
            }
            entities.add(entity);
        }
        Map<String, String> lookups = new LinkedHashMap<>();
        for (String entry : config.getList(LOOKUP_COLUMNS)) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int colon = e.indexOf(':');
            String table = colon < 0 ? "" : e.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String column = colon < 0 ? "" : e.substring(colon + 1).trim();
            if (LinkEntity.byName(table) == null || !column.matches(NAME)) {
                throw new ConfigException(LOOKUP_COLUMNS, entry, "each entry must be table:column with table one of "
                        + LinkEntity.names() + ", for example contact:esc_contactid");
            }
            lookups.put(table, column);
        }
        for (LinkEntity entity : entities) {
            if (!lookups.containsKey(entity.logicalName())) {
                throw new ConfigException(LOOKUP_COLUMNS, config.getList(LOOKUP_COLUMNS), "names no lookup column"
                        + " for '" + entity.logicalName() + "', which " + ENTITIES + " lists");
            }
        }
        String emailColumn = config.getString(EMAIL_COLUMN).trim();
        if (!emailColumn.matches(NAME)) {
            throw new ConfigException(EMAIL_COLUMN, emailColumn, "must be a column name (letters, digits, _)");
        }
        return new LinkSettings(List.copyOf(entities), config.getString(EMAIL_FIELD).trim(), emailColumn,
                lookups, config.getString(SCOPE).equals(SCOPE_EVERY), config.getString(AMBIGUOUS),
                config.getString(CRM_ID_FIELD).trim(), config.getString(CRM_TYPE_FIELD).trim(),
                config.getInt(CACHE_SIZE));
    }

    /** The lookup column the written table binds a record of this entity through. */
    public String lookupColumn(LinkEntity entity) {
        return lookupColumns.get(entity.logicalName());
    }
}
