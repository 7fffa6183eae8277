package io.dynamicsdotdigital.dotdigital.client.model;

import java.time.Instant;
import java.util.Locale;

/**
 * A campaign send as Dotdigital reports it.
 *
 * @param id     the send id (a GUID) of {@code POST /v2/campaigns/send}
 * @param status NotSent, Scheduled, Sending, Sent or Cancelled (the SOAP ApiCampaignSendStatuses)
 */
public record CampaignSend(String id, long campaignId, String status, Instant sendDate) {
    public static final String SENT = "Sent";
    public static final String CANCELLED = "Cancelled";
    public static final String NOT_SENT = "NotSent";

    /** Sent, Cancelled or NotSent: the status will not change any more. */
    public boolean isFinal() {
        String s = status == null ? "" : status.toLowerCase(Locale.ROOT);
        return s.equals("sent") || s.equals("cancelled") || s.equals("notsent");
    }
}
