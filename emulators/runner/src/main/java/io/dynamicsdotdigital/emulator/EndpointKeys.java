package io.dynamicsdotdigital.emulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Folds request-log keys such as {@code GET /v2/campaigns/17/activities/since-date/2026-11-26T10:00:00Z} into
 * endpoint families ({@code GET /v2/campaigns/{id}/activities/since-date/{date}}) so that counts stay readable.
 */
final class EndpointKeys {
    private static final Pattern GUID_IN_PARENS = Pattern.compile(
            "\\((?:[^)]*=)?'?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'?\\)");
    private static final Pattern NUMBER_SEGMENT = Pattern.compile("/\\d+(?=/|$)");
    private static final Pattern GUID_SEGMENT = Pattern.compile(
            "/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?=/|$)");
    private static final Pattern DATE_SEGMENT = Pattern.compile("/\\d{4}-\\d{2}-\\d{2}[^/]*(?=/|$)");

    private EndpointKeys() {
    }

    static String family(String key) {
        String k = GUID_IN_PARENS.matcher(key).replaceAll("({id})");
        k = DATE_SEGMENT.matcher(k).replaceAll("/{date}");
        k = GUID_SEGMENT.matcher(k).replaceAll("/{id}");
        return NUMBER_SEGMENT.matcher(k).replaceAll("/{id}");
    }

    static Map<String, Long> families(Map<String, Long> counts) {
        Map<String, Long> folded = new TreeMap<>();
        counts.forEach((key, n) -> folded.merge(family(key), n, Long::sum));
        return folded;
    }
}
