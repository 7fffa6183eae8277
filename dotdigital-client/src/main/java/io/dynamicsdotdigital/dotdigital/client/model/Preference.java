package io.dynamicsdotdigital.dotdigital.client.model;

import java.time.Instant;
import java.util.List;

/** A marketing preference, or a category ({@code isPreference == false}) holding child preferences. */
public record Preference(long id, String publicName, String privateName, boolean isPreference, boolean isPublic,
                         Long categoryId, Instant lastModified, List<Preference> preferences) {
    public Preference {
        preferences = preferences == null ? List.of() : List.copyOf(preferences);
    }
}
