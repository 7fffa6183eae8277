package io.dynamicsdotdigital.dotdigital.client.model;

import java.time.Instant;

public record CampaignClick(long contactId, String email, String url, String ipAddress, String userAgent,
                            Instant dateClicked, String keyword) {
}
