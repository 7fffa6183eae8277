package io.dynamicsdotdigital.dotdigital.sink.send;

import io.dynamicsdotdigital.dotdigital.client.CampaignSends;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalApiException;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignSend;
import io.dynamicsdotdigital.dotdigital.sink.send.IntentLog.Entry;
import io.dynamicsdotdigital.dotdigital.sink.send.IntentLog.State;
import io.dynamicsdotdigital.dotdigital.sink.send.SendRefusedException.Reason;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * One request from record to outcome: history first (a request already done, accepted or attempted is never sent
 * again), then the refusals that need no call, the import barrier, the targets, the intent, the one send call, and
 * the status polling.
 */
final class SendProcessor {
    private final CampaignSendConfig config;
    private final SendRequestReader reader;
    private final DotdigitalClient client;
    private final SendTargets targets;
    private final IntentLog intents;
    private final ImportBarrier barrier;
    private final SendOutcomes outcomes;
    private final CampaignSendMetrics metrics;
    private final Clock clock;
    private final Set<Long> allowlist;

    SendProcessor(CampaignSendConfig config, DotdigitalClient client, IntentLog intents, ImportBarrier barrier,
                  SendOutcomes outcomes, CampaignSendMetrics metrics, Clock clock) {
        this.config = config;
        this.reader = new SendRequestReader(config);
        this.client = client;
        this.targets = new SendTargets(client);
        this.intents = intents;
        this.barrier = barrier;
        this.outcomes = outcomes;
        this.metrics = metrics;
        this.clock = clock;
        this.allowlist = config.allowlist();
    }

    void process(SinkRecord record) {
        if (!reader.isRequest(record)) {
            metrics.notRequested.increment();
            return;
        }
        metrics.requests.increment();
        Instant now = clock.instant();
        String id = reader.requestId(record);
        Optional<Entry> history = id == null ? Optional.empty() : intents.get(id);
        if (history.isPresent()) {
            resume(record, history.get(), now);
            return;
        }
        SendRequest request = null;
        SendTargets.Resolved resolved;
        try {
            request = reader.read(record);
            check(request, now);
            resolved = targets.resolve(request);
        } catch (SendRefusedException r) {
            refuse(record, id, request, r.reason().name(), r.getMessage(), now);
            return;
        } catch (DotdigitalApiException e) {
            if (e.isNotFound() || (e.statusCode() >= 400 && e.statusCode() < 500 && e.statusCode() != 408
                    && e.statusCode() != 429)) {
                refuse(record, id, request, Reason.REFUSED_BY_DOTDIGITAL.name(), e.getMessage(), now);
                return;
            }
            throw new RetriableException("Resolving the targets of send request " + id + " failed (" + e.getMessage()
                    + "); nothing was sent, the request is retried", e);
        }
        intents.write(new Entry(request.requestId(), State.INTENT, null, null, now));
        CampaignSend started;
        try {
            started = client.campaignSends().sendCampaign(resolved.call());
        } catch (DotdigitalApiException e) {
            if (CampaignSends.isAmbiguous(e)) {
                outcomes.unknown(record, outcome(request.requestId(), request.campaignId(),
                        SendOutcome.OUTCOME_UNKNOWN, null, "the send call got no usable answer (" + e.getMessage()
                                + ") and may have reached Dotdigital", now, null));
            } else {
                refuse(record, id, request, Reason.REFUSED_BY_DOTDIGITAL.name(), e.getMessage(), now);
            }
            return;
        }
        intents.write(new Entry(request.requestId(), State.ACCEPTED, started.id(), started.status(), now));
        metrics.sent.increment();
        outcomes.finished(await(request.requestId(), request.campaignId(), started, now, resolved.recipients()));
    }

    private void check(SendRequest request, Instant now) {
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
        if (request.isListSend()) {
            String pending = barrier.await();
            if (pending != null) {
                throw new SendRefusedException(Reason.IMPORTS_PENDING, "request " + request.requestId()
                        + ": the imports ahead of it did not finish within " + CampaignSendConfig.AWAIT_TIMEOUT_MS
                        + "=" + config.awaitTimeoutMs() + " ms (" + pending + ")");
            }
        }
    }

    /** A redelivered request: reported already, accepted (poll on), or attempted without answer (park). */
    private void resume(SinkRecord record, Entry entry, Instant now) {
        switch (entry.state()) {
            case DONE -> metrics.duplicates.increment();
            case ACCEPTED -> outcomes.finished(await(entry.requestId(), campaignOf(record),
                    new CampaignSend(entry.sendId(), campaignOf(record), entry.status(), null), entry.at(), null));
            case INTENT -> outcomes.unknown(record, outcome(entry.requestId(), campaignOf(record),
                    SendOutcome.OUTCOME_UNKNOWN, null, "a send call was started at " + entry.at() + " and its answer"
                            + " was never recorded (task stopped or answer lost); Dotdigital's API cannot list a"
                            + " campaign's sends, so whether it went out cannot be checked", entry.at(), null));
        }
    }

    private long campaignOf(SinkRecord record) {
        try {
            return reader.read(record).campaignId();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private SendOutcome await(String id, long campaignId, CampaignSend started, Instant requestedAt,
                              Integer recipients) {
        long deadline = System.currentTimeMillis() + config.statusTimeoutMs();
        CampaignSend last = started;
        String problem = null;
        while (!last.isFinal() && System.currentTimeMillis() < deadline) {
            sleep(Math.min(config.pollIntervalMs(), Math.max(1, deadline - System.currentTimeMillis())));
            try {
                last = client.campaignSends().campaignSendStatus(started.id());
                problem = null;
            } catch (DotdigitalApiException e) {
                problem = e.getMessage();
            }
        }
        if (!last.isFinal()) {
            return outcome(id, campaignId, SendOutcome.STILL_PROCESSING, started.id(), "Dotdigital still reports '"
                    + last.status() + "' after " + CampaignSendConfig.STATUS_TIMEOUT_MS + "="
                    + config.statusTimeoutMs() + " ms" + (problem == null ? "" : "; last status read: " + problem),
                    requestedAt, recipients);
        }
        boolean sent = CampaignSend.SENT.equalsIgnoreCase(last.status());
        return new SendOutcome(id, campaignId, last.status(), started.id(), null, requestedAt,
                sent ? clock.instant() : null, sent ? recipients : Integer.valueOf(0));
    }

    private void refuse(SinkRecord record, String id, SendRequest request, String code, String reason, Instant now) {
        outcomes.refused(record, outcome(id, request == null ? campaignOf(record) : request.campaignId(),
                SendOutcome.REFUSED, null, code + ": " + reason, now, 0), code);
    }

    private static SendOutcome outcome(String id, long campaignId, String status, String sendId, String reason,
                                       Instant requestedAt, Integer recipients) {
        return new SendOutcome(id, campaignId, status, sendId, reason, requestedAt, null, recipients);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("Interrupted while polling a campaign send", e);
        }
    }
}
