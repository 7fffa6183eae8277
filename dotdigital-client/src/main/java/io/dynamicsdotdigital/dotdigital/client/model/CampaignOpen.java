package io.dynamicsdotdigital.dotdigital.client.model;

import java.time.Instant;

public record CampaignOpen(long contactId, String email, String mailClient, String mailClientVersion,
                           String ipAddress, String userAgent, boolean isHtml, boolean isForward,
                           Instant dateOpened) {
}
