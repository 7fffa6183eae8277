package io.dynamicsdotdigital.dynamics.source;

import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Checks a per-table OData filter ({@code table.<name>.filter}) before it is added to a query. */
final class ODataFilterValidator implements ConfigDef.Validator {
    /**
     * What a configured filter may contain: names, numbers, quoted literals, comparison words, parentheses, commas,
     * dots, dashes, colons (timestamps) and slashes (lookup paths). Everything that could end the query option or
     * add another one (&, #, ?, ;, %, quotes other than ') is refused.
     */
    static final Pattern SAFE_FILTER = Pattern.compile("[A-Za-z0-9_ .,'():/\\-]*");

    @Override
    public void ensureValid(String name, Object value) {
        String v = value == null ? "" : value.toString();
        if (!SAFE_FILTER.matcher(v).matches()) {
            throw new ConfigException(name, value, "contains characters that are not allowed in a filter"
                    + " (allowed: letters, digits, spaces, ' ( ) , . : / - _)");
        }
        if (v.chars().filter(c -> c == '\'').count() % 2 != 0) {
            throw new ConfigException(name, value, "has an unterminated string literal (odd number of ')");
        }
        int depth = 0;
        for (char c : v.toCharArray()) {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth < 0) {
                break;
            }
        }
        if (depth != 0) {
            throw new ConfigException(name, value, "has unbalanced parentheses");
        }
    }

    @Override
    public String toString() {
        return "an OData filter of letters, digits, spaces and ' ( ) , . : / - _";
    }
}
