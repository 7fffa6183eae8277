package io.dynamicsdotdigital.dotdigital.client.model;

import java.time.Instant;
import java.util.List;

/**
 * One campaign send: to address books and/or contacts (Dotdigital ids), now or at {@code sendDate}. A send with no
 * address book and no contact cannot be built: Dotdigital would mail every contact of the account.
 *
 * @param sendDate when to send; null sends now
 */
public record CampaignSendRequest(long campaignId, List<Long> addressBookIds, List<Long> contactIds,
                                  Instant sendDate) {
    public CampaignSendRequest {
        addressBookIds = addressBookIds == null ? List.of() : List.copyOf(addressBookIds);
        contactIds = contactIds == null ? List.of() : List.copyOf(contactIds);
        if (addressBookIds.isEmpty() && contactIds.isEmpty()) {
            throw new IllegalArgumentException("a campaign send to campaign " + campaignId
                    + " names no address book and no contact; Dotdigital would send it to ALL contacts of the"
                    + " account, so it is never sent");
        }
        if (campaignId <= 0) {
            throw new IllegalArgumentException("campaign id must be positive, was " + campaignId);
        }
    }
}
