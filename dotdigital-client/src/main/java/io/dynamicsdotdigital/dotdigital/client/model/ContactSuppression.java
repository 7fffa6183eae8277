package io.dynamicsdotdigital.dotdigital.client.model;

import java.time.Instant;

/**
 * A contact removed from mailing (unsubscribed, bounced, complained...).
 *
 * @param dateRemoved when it was removed, null when the API gives no date
 * @param reason      the status that removed it, for example Unsubscribed or HardBounced
 */
public record ContactSuppression(Contact suppressedContact, Instant dateRemoved, String reason) {
    public String email() {
        return suppressedContact == null ? null : suppressedContact.email();
    }
}
