package io.dynamicsdotdigital.dotdigital.sink.send;

import io.dynamicsdotdigital.dotdigital.client.DotdigitalApiException;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignSend;
import java.time.Clock;

/**
 * The status of an accepted send, read once per due call. Final (Sent, Cancelled, NotSent): the outcome. Still
 * Sending or Scheduled after send.status.timeout.ms: the outcome StillProcessing, then the send is followed up every
 * send.status.followup.interval.ms until its final status (a second outcome, which the write-back puts over the
 * first) or until send.status.followup.timeout.ms after it was accepted.
 */
final class StatusPolling {
    private final CampaignSendConfig config;
    private final DotdigitalClient client;
    private final SendOutcomes outcomes;
    private final Clock clock;

    StatusPolling(CampaignSendConfig config, DotdigitalClient client, SendOutcomes outcomes, Clock clock) {
        this.config = config;
        this.client = client;
        this.outcomes = outcomes;
        this.clock = clock;
    }

    /** @return true when the request is finished */
    boolean poll(PendingSend p) {
        if (!isFinal(p.lastStatus)) {
            try {
                CampaignSend read = client.campaignSends().campaignSendStatus(p.sendId);
                p.lastStatus = read.status();
                p.lastProblem = null;
            } catch (DotdigitalApiException e) {
                p.lastProblem = e.getMessage();
            }
        }
        long now = clock.millis();
        if (isFinal(p.lastStatus)) {
            boolean sent = CampaignSend.SENT.equalsIgnoreCase(p.lastStatus);
            outcomes.finished(new SendOutcome(p.requestId, p.campaignId, p.lastStatus, p.sendId, null,
                    p.requestedAt, sent ? clock.instant() : null, sent ? p.recipients : Integer.valueOf(0)));
            return true;
        }
        if (now < p.deadlineMillis) {
            p.nextCheckMillis = now + (p.stillProcessingReported ? config.followUpIntervalMs()
                    : config.pollIntervalMs());
            return false;
        }
        if (p.stillProcessingReported) {
            outcomes.followUpEnded(p.requestId, p.campaignId, p.sendId, p.lastStatus);
            return true;
        }
        outcomes.stillProcessing(new SendOutcome(p.requestId, p.campaignId, SendOutcome.STILL_PROCESSING, p.sendId,
                "Dotdigital still reports '" + p.lastStatus + "' after " + CampaignSendConfig.STATUS_TIMEOUT_MS + "="
                        + config.statusTimeoutMs() + " ms; followed up until the send ends (at most "
                        + CampaignSendConfig.FOLLOW_UP_TIMEOUT_MS + "=" + config.followUpTimeoutMs() + " ms)"
                        + (p.lastProblem == null ? "" : "; last status read: " + p.lastProblem),
                p.requestedAt, null, p.recipients));
        p.stillProcessingReported = true;
        p.deadlineMillis = p.requestedAt.toEpochMilli() + config.followUpTimeoutMs();
        p.nextCheckMillis = now + config.followUpIntervalMs();
        return false;
    }

    private static boolean isFinal(String status) {
        return status != null && new CampaignSend(null, 0, status, null).isFinal();
    }
}
