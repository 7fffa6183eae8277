package io.dynamicsdotdigital.dotdigital.client.model;

import java.time.Instant;

/** One contact's cumulative activity on a campaign (one row per contact). */
public record CampaignActivity(long contactId, String email, int numOpens, int numPageViews, int numClicks,
                               int numForwards, int numEstimatedForwards, int numReplies, Instant dateSent,
                               Instant dateFirstOpened, Instant dateLastOpened, String firstOpenIp,
                               boolean unsubscribed, boolean softBounced, boolean hardBounced) {
}
