package io.dynamicsdotdigital.dotdigital.client.model;

import java.time.Instant;

public record CampaignPageView(long contactId, String email, String url, Instant dateViewed) {
}
