package io.dynamicsdotdigital.dotdigital.client.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The account behind the API user: its id and the {@code properties[]} name/value pairs of account-info. */
public record AccountInfo(long id, Map<String, String> properties) {
    public static final String API_ENDPOINT = "ApiEndpoint";

    public AccountInfo {
        properties = properties == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** The regional API base URL without a trailing slash, for example {@code https://r2-api.dotdigital.com}. */
    public Optional<String> apiEndpoint() {
        String value = properties.get(API_ENDPOINT);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        return Optional.of(v);
    }

    public Optional<String> property(String name) {
        return Optional.ofNullable(properties.get(name));
    }
}
