package io.dynamicsdotdigital.dotdigital.client.model;

import java.math.BigDecimal;
import java.time.Instant;

/** A campaign's totals. Revenue is parsed from the API's currency text ("$1,234.50") into a plain amount. */
public record CampaignSummary(long campaignId, Instant dateSent, int numSent, int numDelivered, int numOpens,
                              int numUniqueOpens, int numClicks, int numRecipientsClicked, int numPageViews,
                              int numForwards, int numReplies, int numHardBounces, int numSoftBounces,
                              int numUnsubscribes, int numIspComplaints, int numMailBlocks, int numOrders,
                              BigDecimal percentageDelivered, BigDecimal percentageUniqueOpens,
                              BigDecimal percentageUsersClicked, BigDecimal revenue, BigDecimal assistedRevenue) {
}
