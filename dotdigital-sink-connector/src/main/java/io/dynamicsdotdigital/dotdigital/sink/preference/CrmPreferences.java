package io.dynamicsdotdigital.dotdigital.sink.preference;

import io.dynamicsdotdigital.dotdigital.client.model.ConsentRecord;
import java.util.List;

/**
 * What one Dynamics record says about a contact's marketing preferences, consent and opt-in type.
 *
 * @param consent   null when the record carries none
 * @param optInType Single, Double or VerifiedDouble; null when the record carries none
 */
public record CrmPreferences(String email, List<PreferenceChange> changes, ConsentRecord consent, OptInType optInType) {
    public CrmPreferences {
        changes = List.copyOf(changes);
    }

    public boolean isEmpty() {
        return changes.isEmpty() && consent == null && optInType == null;
    }
}
