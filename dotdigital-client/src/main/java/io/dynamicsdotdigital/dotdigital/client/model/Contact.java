package io.dynamicsdotdigital.dotdigital.client.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A v2 contact.
 *
 * @param id         0 for a contact not yet created
 * @param optInType  Unknown, Single, Double or VerifiedDouble; null to leave unchanged
 * @param emailType  PlainText or Html; null to leave unchanged
 * @param dataFields data-field name to value as text (dates ISO 8601); a null value clears the field
 * @param status     Subscribed, Unsubscribed, HardBounced, ... as the API reports it; null when sending
 */
public record Contact(long id, String email, String optInType, String emailType, Map<String, String> dataFields,
                      String status) {

    public Contact {
        dataFields = dataFields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(dataFields));
    }

    public static Contact of(String email, Map<String, String> dataFields) {
        return new Contact(0, email, null, null, dataFields, null);
    }

    public Contact withId(long newId) {
        return new Contact(newId, email, optInType, emailType, dataFields, status);
    }
}
