package io.dynamicsdotdigital.dotdigital.sink.send;

import io.dynamicsdotdigital.dotdigital.client.DotdigitalApiException;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.model.Campaign;
import io.dynamicsdotdigital.dotdigital.sink.send.SendRefusedException.Reason;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * The refusals that need no send call: a campaign off the allow-list, a send time in the past, and a campaign that
 * Dotdigital does not know or that is not ready to send (read with {@code GET /v2/campaigns/{id}}).
 */
final class SendChecks {
    /**
     * Campaign statuses (ApiCampaignStatuses) a send may start from: never sent, sent before (campaigns can be sent
     * again) or sending another send. Paused, Cancelled, the Requires*Approval statuses, Triggered (sent by programs,
     * not by a send call) and anything unknown are refused.
     */
    static final Set<String> READY_STATUSES = Set.of("unsent", "sent", "sending");

    private final CampaignSendConfig config;
    private final DotdigitalClient client;
    private final Set<Long> allowlist;

    SendChecks(CampaignSendConfig config, DotdigitalClient client) {
        this.config = config;
        this.client = client;
        this.allowlist = config.allowlist();
    }

    void check(SendRequest request, Instant now) {
        if (!allowlist.contains(request.campaignId())) {
            throw new SendRefusedException(Reason.CAMPAIGN_NOT_ALLOWED, "request " + request.requestId()
                    + ": campaign " + request.campaignId() + " is not in " + CampaignSendConfig.ALLOWLIST
                    + (allowlist.isEmpty() ? " (empty: every send is refused)" : " " + allowlist));
        }
        if (request.sendTime() != null
                && request.sendTime().isBefore(now.minusMillis(config.pastTolerance()))) {
            throw new SendRefusedException(Reason.SEND_TIME_IN_PAST, "request " + request.requestId()
                    + ": send time " + request.sendTime() + " is in the past (beyond "
                    + CampaignSendConfig.SEND_TIME_PAST_TOLERANCE_MS + "=" + config.pastTolerance() + ")");
        }
        checkReady(request);
    }

    private void checkReady(SendRequest request) {
        Campaign campaign;
        try {
            campaign = client.campaignSends().campaign(request.campaignId());
        } catch (DotdigitalApiException e) {
            if (e.isNotFound()) {
                throw new SendRefusedException(Reason.CAMPAIGN_UNKNOWN, "request " + request.requestId()
                        + ": Dotdigital has no campaign " + request.campaignId() + " (" + e.getMessage() + ")");
            }
            if (SendProcessor.isRefusal(e)) {
                throw new SendRefusedException(Reason.REFUSED_BY_DOTDIGITAL, "request " + request.requestId()
                        + ": reading campaign " + request.campaignId() + " was refused (" + e.getMessage() + ")");
            }
            throw new RetriableException("Reading campaign " + request.campaignId() + " of send request "
                    + request.requestId() + " failed (" + e.getMessage() + "); nothing was sent, the request is"
                    + " retried", e);
        }
        String status = campaign.status() == null ? "" : campaign.status().trim();
        if (!READY_STATUSES.contains(status.toLowerCase(Locale.ROOT))) {
            throw new SendRefusedException(Reason.CAMPAIGN_NOT_READY, "request " + request.requestId()
                    + ": campaign " + request.campaignId() + " ('" + campaign.name() + "') has status '" + status
                    + "'; a send starts only from Unsent, Sent or Sending (approve or resume the campaign in"
                    + " Dotdigital, then request the send again)");
        }
    }
}
