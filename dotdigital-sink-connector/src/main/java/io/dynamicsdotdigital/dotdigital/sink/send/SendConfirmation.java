package io.dynamicsdotdigital.dotdigital.sink.send;

import io.dynamicsdotdigital.dotdigital.client.DotdigitalApiException;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A send call whose answer was lost (or a redelivered request with an INTENT and no answer). Never called again;
 * instead Dotdigital is asked whether the send went out. For a single send, the campaign's activity for its contact
 * ({@code GET /v2/campaigns/{id}/activities/{contactId}}, SOAP {@code GetCampaignContactActivity}) has a
 * {@code dateSent} once the email went out: at or after the intent (less {@link #CLOCK_SKEW_MS}) it confirms the
 * send, asked every send.status.poll.interval.ms until send.status.timeout.ms. A list send cannot be told apart from
 * another send of the same campaign by any published call (see docs/campaign-sends.md), and a single send not
 * confirmed in time may still be scheduled or queued: both are parked as SendOutcomeUnknown.
 */
final class SendConfirmation {
    /** How far Dotdigital's clock may be behind ours when comparing its dateSent with our intent time. */
    static final long CLOCK_SKEW_MS = 5_000;

    private final CampaignSendConfig config;
    private final DotdigitalClient client;
    private final SendOutcomes outcomes;
    private final Clock clock;

    SendConfirmation(CampaignSendConfig config, DotdigitalClient client, SendOutcomes outcomes, Clock clock) {
        this.config = config;
        this.client = client;
        this.outcomes = outcomes;
        this.clock = clock;
    }

    /** @return true when the request is finished (parked at once, or confirmed by the first check) */
    boolean start(PendingSend p, List<Long> contactIds, Instant intentAt, String why) {
        p.lastProblem = why;
        if (contactIds.size() != 1) {
            park(p, why + "; " + (contactIds.isEmpty() ? "a list send (or a request whose contact cannot be"
                    + " looked up) cannot be matched to a send of its own by any Dotdigital call"
                    : "more than one contact"));
            return true;
        }
        p.confirm(contactIds, intentAt, clock.millis() + config.statusTimeoutMs(), 0);
        return check(p);
    }

    /** @return true when the request is finished */
    boolean check(PendingSend p) {
        long contactId = p.contactIds.get(0);
        Optional<Instant> sentAt;
        try {
            sentAt = client.campaignSends().campaignSentToContactAt(p.campaignId, contactId);
        } catch (DotdigitalApiException e) {
            sentAt = Optional.empty();
        }
        if (sentAt.isPresent() && !sentAt.get().isBefore(p.intentAt.minusMillis(CLOCK_SKEW_MS))) {
            outcomes.finished(new SendOutcome(p.requestId, p.campaignId, "Sent", null, p.lastProblem
                    + "; Dotdigital's activity of campaign " + p.campaignId + " for contact " + contactId
                    + " shows it sent at " + sentAt.get() + " (send id unknown)", p.requestedAt, sentAt.get(), 1));
            return true;
        }
        if (clock.millis() >= p.deadlineMillis) {
            park(p, p.lastProblem + "; campaign " + p.campaignId + " shows no send to contact " + contactId
                    + " since " + p.intentAt + " after " + CampaignSendConfig.STATUS_TIMEOUT_MS + "="
                    + config.statusTimeoutMs() + " ms (it may still be scheduled or queued)");
            return true;
        }
        p.nextCheckMillis = clock.millis() + config.pollIntervalMs();
        return false;
    }

    private void park(PendingSend p, String reason) {
        outcomes.unknown(p.ref.record(), new SendOutcome(p.requestId, p.campaignId, SendOutcome.OUTCOME_UNKNOWN,
                null, reason, p.requestedAt, null, null));
    }
}
