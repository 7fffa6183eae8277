package io.dynamicsdotdigital.dynamics.sink;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * The "Lookup resolved from a row" settings: a lookup the record cannot carry itself, copied from another Dataverse
 * row the record names by id. For example an Email Campaign row's CRM campaign ({@code esc_campaignid}) is the
 * campaign of the Email Send row ({@code esc_emailsends}) whose id the campaign-send outcome carries as requestId.
 *
 * @param column       the written table's lookup column, bound by {@code lookup.bindings}; empty: off
 * @param entitySet    the entity set of the row read
 * @param idField      record field holding that row's primary id (a GUID)
 * @param sourceColumn that row's lookup column holding the id to bind
 */
public record ResolvedLookupSettings(String column, String entitySet, String idField, String sourceColumn) {
    public static final String GROUP = "Lookup resolved from a row";
    public static final String COLUMN = "lookup.resolve.column";
    public static final String ENTITY_SET = "lookup.resolve.entity.set";
    public static final String ID_FIELD = "lookup.resolve.id.field";
    public static final String SOURCE_COLUMN = "lookup.resolve.source.column";

    public boolean enabled() {
        return !column.isEmpty();
    }

    public static void define(ConfigDef def) {
        int order = 0;
        def.define(COLUMN, Type.STRING, "", Importance.LOW,
                        "A lookup column of the written table whose value is copied from another row: the lookup"
                                + " " + SOURCE_COLUMN + " of the row of " + ENTITY_SET + " whose id is in the"
                                + " record's " + ID_FIELD + " (read in one $batch per batch of records). Its entity"
                                + " set comes from lookup.bindings, which must name it. A record naming no such"
                                + " row, or a row with an empty lookup, is written without it. For example"
                                + " esc_campaignid, the CRM campaign of an Email Campaign row. Not with"
                                + " link.entities. Empty: off.",
                        GROUP, ++order, Width.MEDIUM, "Resolved lookup column")
                .define(ENTITY_SET, Type.STRING, "", Importance.LOW,
                        "The entity set of the row the lookup is read from, for example esc_emailsends.",
                        GROUP, ++order, Width.MEDIUM, "Row entity set")
                .define(ID_FIELD, Type.STRING, "", Importance.LOW,
                        "Record field (dotted path) holding that row's primary id, for example requestId of a"
                                + " campaign-send outcome (the Email Send row's id). A record without a GUID there"
                                + " goes to the dead-letter queue.",
                        GROUP, ++order, Width.MEDIUM, "Row id field")
                .define(SOURCE_COLUMN, Type.STRING, "", Importance.LOW,
                        "That row's lookup column holding the id to bind, by its logical name, for example"
                                + " esc_campaignid (read as _esc_campaignid_value).",
                        GROUP, ++order, Width.MEDIUM, "Row lookup column");
    }

    public static ResolvedLookupSettings of(AbstractConfig config, Map<String, String> lookupBindings,
                                            boolean linked) {
        ResolvedLookupSettings s = new ResolvedLookupSettings(config.getString(COLUMN).trim(),
                config.getString(ENTITY_SET).trim(), config.getString(ID_FIELD).trim(),
                config.getString(SOURCE_COLUMN).trim());
        if (!s.enabled()) {
            return s;
        }
        for (Map.Entry<String, String> e : Map.of(COLUMN, s.column, ENTITY_SET, s.entitySet, SOURCE_COLUMN,
                s.sourceColumn).entrySet()) {
            if (!DynamicsSinkConfig.NAME.matcher(e.getValue()).matches()) {
                throw new ConfigException(e.getKey(), e.getValue(), "must be a name (letters, digits, _) when "
                        + COLUMN + " is set");
            }
        }
        if (s.idField.isEmpty()) {
            throw new ConfigException(ID_FIELD, "", "names the record field holding the id of the "
                    + s.entitySet + " row that " + COLUMN + " is read from");
        }
        if (!lookupBindings.containsKey(s.column)) {
            throw new ConfigException(COLUMN, s.column, "must also be in lookup.bindings (column:entityset), which"
                    + " says what its ids are, for example " + s.column + ":campaigns");
        }
        if (linked) {
            throw new ConfigException(COLUMN, s.column, "cannot be combined with link.entities");
        }
        return s;
    }
}
