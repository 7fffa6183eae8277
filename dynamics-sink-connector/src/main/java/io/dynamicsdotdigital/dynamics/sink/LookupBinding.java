package io.dynamicsdotdigital.dynamics.sink;

import io.dynamicsdotdigital.dataverse.client.ODataLiterals;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * One {@code lookup.bindings} entry. {@code column:entityset} binds the mapped value, a GUID, as
 * {@code column@odata.bind=/entityset(<guid>)}. {@code column:entityset(keycol=field,keycol2=field2)} binds the target
 * row by its alternate key, filled from the record's fields: {@code /entityset(keycol='text',keycol2=12)}.
 *
 * @param keyFields the target's key column to the record field (dotted path) filling it; empty when bound by GUID
 */
record LookupBinding(String column, String entitySet, Map<String, String> keyFields) {
    private static final String NAME = "[A-Za-z_][A-Za-z0-9_]{0,127}";
    private static final Pattern ENTRY = Pattern.compile("(" + NAME + ")\\s*:\\s*(" + NAME + ")\\s*(?:\\((.*)\\))?");
    private static final Pattern KEY_PART = Pattern.compile("\\s*(" + NAME + ")\\s*=\\s*([A-Za-z_][A-Za-z0-9_.]*)\\s*");

    boolean byAlternateKey() {
        return !keyFields.isEmpty();
    }

    /**
     * The bind target for a record bound by alternate key: strings quoted (' doubled), numbers and booleans bare;
     * null when a key field is absent or null (the row is then written without this lookup).
     */
    String target(Map<String, Object> fields) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> key : keyFields.entrySet()) {
            Object value = RowMapper.value(fields, key.getValue());
            if (value == null) {
                return null;
            }
            try {
                parts.add(key.getKey() + "=" + ODataLiterals.keyValue(value));
            } catch (IllegalArgumentException e) {
                throw new UnwritableRecordException("lookup column '" + column + "': key field '" + key.getValue()
                        + "': " + e.getMessage());
            }
        }
        return "/" + entitySet + "(" + String.join(",", parts) + ")";
    }

    /** Validates {@code lookup.bindings} as a ConfigDef validator, naming the faulty entry. */
    static ConfigDef.Validator validator() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value instanceof List<?> list) {
                    parseAll(list.stream().map(String::valueOf).toList());
                }
            }

            @Override
            public String toString() {
                return "column:entityset or column:entityset(keycolumn=field,...) entries";
            }
        };
    }

    /**
     * The entries of the setting. A LIST setting is split at every comma, so the parts of one key binding
     * ({@code set(a=x,b=y)}) are joined again here.
     */
    static List<LookupBinding> parseAll(List<String> raw) {
        List<LookupBinding> out = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>();
        StringBuilder pending = null;
        for (String item : raw) {
            String e = item.trim();
            if (pending != null) {
                pending.append(',').append(e);
                if (!e.contains(")")) {
                    continue;
                }
                e = pending.toString();
                pending = null;
            } else if (e.contains("(") && !e.contains(")")) {
                pending = new StringBuilder(e);
                continue;
            }
            if (e.isEmpty()) {
                continue;
            }
            LookupBinding binding = parse(e);
            if (seen.put(binding.column, e) != null) {
                throw new ConfigException(MappingSettings.LOOKUP_BINDINGS, e, "'" + binding.column
                        + "' appears twice");
            }
            out.add(binding);
        }
        if (pending != null) {
            throw new ConfigException(MappingSettings.LOOKUP_BINDINGS, pending.toString(),
                    "the key list has no closing ')'");
        }
        return out;
    }

    private static LookupBinding parse(String entry) {
        Matcher m = ENTRY.matcher(entry);
        if (!m.matches()) {
            throw new ConfigException(MappingSettings.LOOKUP_BINDINGS, entry, "each entry must be"
                    + " column:entityset (bound by the GUID the column's mapped field holds), for example"
                    + " esc_contactid:contacts, or column:entityset(keycolumn=field,...) (bound by the target's"
                    + " alternate key, filled from record fields), for example"
                    + " esc_formresponseid:esc_formresponses(esc_dotdigitalsurveyid=surveyId,"
                    + "esc_dotdigitalresponseid=responseId); names of letters, digits and _");
        }
        if (m.group(3) == null) {
            return new LookupBinding(m.group(1), m.group(2), Map.of());
        }
        Map<String, String> keys = new LinkedHashMap<>();
        for (String part : m.group(3).split(",", -1)) {
            Matcher k = KEY_PART.matcher(part);
            if (!k.matches()) {
                throw new ConfigException(MappingSettings.LOOKUP_BINDINGS, entry, "'" + part.trim() + "' is not"
                        + " keycolumn=field (the target's alternate key column and the record field, a dotted"
                        + " path, holding its value), for example esc_dotdigitalsurveyid=surveyId");
            }
            if (keys.put(k.group(1), k.group(2)) != null) {
                throw new ConfigException(MappingSettings.LOOKUP_BINDINGS, entry, "key column '" + k.group(1)
                        + "' appears twice");
            }
        }
        return new LookupBinding(m.group(1), m.group(2), Collections.unmodifiableMap(keys));
    }
}
