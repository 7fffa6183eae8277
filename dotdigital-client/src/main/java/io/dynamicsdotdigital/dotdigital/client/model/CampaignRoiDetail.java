package io.dynamicsdotdigital.dotdigital.client.model;

import java.time.Instant;

/** A ROI marker value a contact produced; {@code value} is text whatever its {@code dataType}. */
public record CampaignRoiDetail(long contactId, String email, String markerName, String dataType, String value,
                                Instant dateEntered) {
}
