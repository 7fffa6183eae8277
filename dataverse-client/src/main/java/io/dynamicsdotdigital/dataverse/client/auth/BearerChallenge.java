package io.dynamicsdotdigital.dataverse.client.auth;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The parameters of a {@code WWW-Authenticate: Bearer k=v, k="v"} challenge, keys lower-cased. */
final class BearerChallenge {
    private BearerChallenge() {
    }

    static Map<String, String> parse(String header) {
        Map<String, String> params = new LinkedHashMap<>();
        String rest = header.trim();
        if (rest.regionMatches(true, 0, "Bearer", 0, 6)) {
            rest = rest.substring(6);
        }
        for (String part : rest.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String value = part.substring(eq + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            params.put(part.substring(0, eq).trim().toLowerCase(Locale.ROOT), value);
        }
        return params;
    }
}
