package io.dynamicsdotdigital.dynamics.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamicsdotdigital.common.config.Validators;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * The "Mapping" settings: how a record's fields become a row's columns (field mapping, lookup bindings, unmapped
 * fields, fixed values, one row per array element), and their parsing, which rejects a malformed entry naming it.
 */
final class MappingSettings {
    static final String GROUP = "Mapping";
    static final String FIELD_MAPPING = "field.mapping";
    static final String LOOKUP_BINDINGS = "lookup.bindings";
    static final String UNMAPPED_FIELDS = "unmapped.fields";
    static final String COLUMN_VALUES = "column.values";
    static final String SPLIT_FIELD = "split.field";
    static final String UNMAPPED_IGNORE = "ignore";
    static final String UNMAPPED_WRITE = "write";

    private static final ObjectMapper JSON = new ObjectMapper();

    private MappingSettings() {
    }

    static void define(ConfigDef def) {
        int order = 0;
        def.define(FIELD_MAPPING, Type.LIST, "", Importance.HIGH,
                        "Record field to column, as field:column pairs, for example"
                                + " campaignId:esc_campaignid,numOpens:esc_opens. Nested fields with dots"
                                + " (summary.numSent:esc_sent).",
                        GROUP, ++order, Width.LONG, "Field mapping")
                .define(LOOKUP_BINDINGS, Type.LIST, "", LookupBinding.validator(), Importance.MEDIUM,
                        "Lookup columns bound by id, as column:entityset pairs, for example"
                                + " esc_contactid:contacts: the mapped value (a GUID) is written as"
                                + " esc_contactid@odata.bind=/contacts(<guid>). Or bound by the target row's"
                                + " alternate key, as column:entityset(keycolumn=field,...), naming each key column"
                                + " of the target and the record field (dotted path) holding its value, for example"
                                + " esc_formresponseid:esc_formresponses(esc_dotdigitalsurveyid=surveyId,"
                                + "esc_dotdigitalresponseid=responseId), written as esc_formresponseid@odata.bind="
                                + "/esc_formresponses(esc_dotdigitalsurveyid=12,esc_dotdigitalresponseid=34)"
                                + " (text values quoted with ' doubled, numbers and booleans bare). A record"
                                + " missing any of those fields is written without that lookup (a required lookup"
                                + " column then makes Dataverse refuse the row, which goes to the dead-letter"
                                + " queue); a key naming no row makes Dataverse refuse the row (404, Does Not"
                                + " Exist), which goes to the dead-letter queue too.",
                        GROUP, ++order, Width.LONG, "Lookup bindings")
                .define(UNMAPPED_FIELDS, Type.STRING, UNMAPPED_IGNORE,
                        Validators.oneOf(UNMAPPED_IGNORE, UNMAPPED_WRITE), Importance.MEDIUM,
                        "Top-level record fields that " + FIELD_MAPPING + " does not name: ignore them, or write"
                                + " each to the column of the same name lower-cased.",
                        GROUP, ++order, Width.SHORT, "Unmapped fields",
                        Validators.oneOf(UNMAPPED_IGNORE, UNMAPPED_WRITE))
                .define(COLUMN_VALUES, Type.LIST, "", Importance.MEDIUM,
                        "Fixed values written to every row, as column:value pairs with JSON values, for example"
                                + " donotbulkemail:true for a topic of unsubscribes, or esc_source:\"dotdigital\".",
                        GROUP, ++order, Width.LONG, "Fixed column values")
                .define(SPLIT_FIELD, Type.STRING, "", Importance.LOW,
                        "A top-level record field holding an array (for example answers of a survey response):"
                                + " each element becomes its own row, with the record's other fields and the"
                                + " element's fields (a plain element is the field 'value'). Empty: one row per"
                                + " record.",
                        GROUP, ++order, Width.MEDIUM, "Split field");
    }

    static boolean writeUnmappedFields(AbstractConfig c) {
        return c.getString(UNMAPPED_FIELDS).equals(UNMAPPED_WRITE);
    }

    /** Record field (dotted path) to column, in configured order. */
    static Map<String, String> fieldMapping(AbstractConfig c) {
        return pairs(c, FIELD_MAPPING, "field:column");
    }

    /** Column to the JSON value every row gets. */
    static Map<String, JsonNode> columnValues(AbstractConfig c) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (String entry : c.getList(COLUMN_VALUES)) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int colon = e.indexOf(':');
            String column = colon < 0 ? "" : e.substring(0, colon).trim();
            String json = colon < 0 ? "" : e.substring(colon + 1).trim();
            JsonNode value = null;
            try {
                value = JSON.readTree(json);
            } catch (JsonProcessingException ignored) {
                // reported below
            }
            if (!DynamicsSinkConfig.NAME.matcher(column).matches() || value == null || value.isMissingNode() || value.isContainerNode()) {
                throw new ConfigException(COLUMN_VALUES, entry, "each entry must be column:value with a JSON value"
                        + " (true, 3, \"text\" or null), for example donotbulkemail:true");
            }
            out.put(column, value);
        }
        return out;
    }

    /** Lookup column to the entity set its ids belong to (the entries bound by GUID). */
    static Map<String, String> lookupBindings(AbstractConfig c) {
        Map<String, String> out = new LinkedHashMap<>();
        for (LookupBinding binding : LookupBinding.parseAll(c.getList(LOOKUP_BINDINGS))) {
            if (!binding.byAlternateKey()) {
                out.put(binding.column(), binding.entitySet());
            }
        }
        return out;
    }

    /** The entries of lookup.bindings that bind the target row by its alternate key. */
    static List<LookupBinding> lookupKeyBindings(AbstractConfig c) {
        return LookupBinding.parseAll(c.getList(LOOKUP_BINDINGS)).stream().filter(LookupBinding::byAlternateKey)
                .toList();
    }

    private static Map<String, String> pairs(AbstractConfig c, String key, String shape) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String entry : c.getList(key)) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int colon = e.indexOf(':');
            String left = colon < 0 ? "" : e.substring(0, colon).trim();
            String right = colon < 0 ? "" : e.substring(colon + 1).trim();
            if (left.isEmpty() || !DynamicsSinkConfig.NAME.matcher(right).matches()
                    || !left.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
                throw new ConfigException(key, entry, "each entry must be " + shape + " (names of letters, digits"
                        + " and _), for example numOpens:esc_opens");
            }
            if (out.put(left, right) != null) {
                throw new ConfigException(key, entry, "'" + left + "' appears twice");
            }
        }
        return out;
    }
}
