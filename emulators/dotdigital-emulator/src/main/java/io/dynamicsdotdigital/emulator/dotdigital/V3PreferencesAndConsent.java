package io.dynamicsdotdigital.emulator.dotdigital;

import com.fasterxml.jackson.databind.JsonNode;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalState.StoredContact;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Preference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code preferences} ({@code [{id, isOptedIn}]}, preferences only, not categories) and {@code consentRecords}
 * (at most five) of a v3 contact body, read and checked before the contact is written so a bad body changes nothing.
 */
record V3PreferencesAndConsent(Map<Integer, Boolean> optIns, List<ContactConsents.Consent> consents, Instant when) {

    /** @throws IllegalArgumentException naming the member at fault */
    static V3PreferencesAndConsent read(DotdigitalState state, JsonNode body, Instant now) {
        Map<Integer, Boolean> optIns = new LinkedHashMap<>();
        for (JsonNode p : body.path("preferences")) {
            if (!p.path("id").canConvertToInt() || !p.has("isOptedIn") || !p.path("isOptedIn").isBoolean()) {
                throw new IllegalArgumentException("preferences: each item needs an integer 'id' and a boolean"
                        + " 'isOptedIn'");
            }
            int id = p.path("id").asInt();
            Preference pref = state.preference(id).orElseThrow(() -> new IllegalArgumentException(
                    "preferences: the preference " + id + " does not exist"));
            if (!pref.isPreference()) {
                throw new IllegalArgumentException("preferences: " + id + " is a preference category, not a"
                        + " preference");
            }
            optIns.put(id, p.path("isOptedIn").asBoolean());
        }
        JsonNode records = body.path("consentRecords");
        if (records.size() > ContactConsents.MAX_RECORDS_PER_WRITE) {
            throw new IllegalArgumentException("consentRecords: at most " + ContactConsents.MAX_RECORDS_PER_WRITE
                    + " records per write");
        }
        List<ContactConsents.Consent> consents = new ArrayList<>();
        for (JsonNode r : records) {
            consents.add(ContactConsents.fromV3(r, now));
        }
        return new V3PreferencesAndConsent(optIns, consents, now);
    }

    /** Caller holds the state's lock. */
    void applyTo(DotdigitalState state, StoredContact c) {
        optIns.forEach((id, optedIn) -> state.setOptIn(c.email, id, optedIn, when));
        consents.forEach(consent -> state.consents().add(c.id, consent));
    }
}
