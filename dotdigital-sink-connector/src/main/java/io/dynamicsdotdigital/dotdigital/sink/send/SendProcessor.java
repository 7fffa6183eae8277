package io.dynamicsdotdigital.dotdigital.sink.send;

import io.dynamicsdotdigital.dotdigital.client.CampaignSends;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalApiException;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignSend;
import io.dynamicsdotdigital.dotdigital.sink.bulk.RecordRef;
import io.dynamicsdotdigital.dotdigital.sink.send.IntentLog.Entry;
import io.dynamicsdotdigital.dotdigital.sink.send.IntentLog.State;
import io.dynamicsdotdigital.dotdigital.sink.send.SendRefusedException.Reason;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * One request from record to send call: history first (a request already done, accepted or attempted is never sent
 * again), then the refusals that need no send call, the Dataverse lookups, the import barrier, the targets, the intent and the one send
 * call. Nothing here waits: what has to wait becomes a {@link PendingSend} that {@link #advance} moves on later.
 */
final class SendProcessor {
    private final CampaignSendConfig config;
    private final SendRequestReader reader;
    private final DotdigitalClient client;
    private final SendTargets targets;
    private final DataverseLookups lookups;
    private final SendChecks checks;
    private final IntentLog intents;
    private final ImportBarrier barrier;
    private final SendOutcomes outcomes;
    private final StatusPolling polling;
    private final SendConfirmation confirmation;
    private final CampaignSendMetrics metrics;
    private final Clock clock;

    SendProcessor(CampaignSendConfig config, DotdigitalClient client, DataverseLookups lookups, IntentLog intents,
                  ImportBarrier barrier, SendOutcomes outcomes, CampaignSendMetrics metrics, Clock clock) {
        this.config = config;
        this.reader = new SendRequestReader(config);
        this.client = client;
        this.targets = new SendTargets(client);
        this.lookups = lookups;
        this.checks = new SendChecks(config, client);
        this.intents = intents;
        this.barrier = barrier;
        this.outcomes = outcomes;
        this.polling = new StatusPolling(config, client, outcomes, clock);
        this.confirmation = new SendConfirmation(config, client, outcomes, clock);
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The request id of a record that asks for a send, else null (a tombstone, a draft, no id). */
    String requestIdOf(SinkRecord record) {
        return reader.isRequest(record) ? reader.requestId(record) : null;
    }

    /** @return null when the record is finished (skipped, refused or reported), else what it waits for */
    PendingSend start(RecordRef ref) {
        SinkRecord record = ref.record();
        if (!reader.isRequest(record)) {
            metrics.notRequested.increment();
            return null;
        }
        metrics.requests.increment();
        Instant now = clock.instant();
        String id = reader.requestId(record);
        Optional<Entry> history = id == null ? Optional.empty() : intents.get(id);
        if (history.isPresent()) {
            return resume(ref, history.get());
        }
        SendRequest request = null;
        try {
            request = reader.read(record);
            checks.check(request, now);
            request = lookups.complete(request);
            PendingSend pending = new PendingSend(ref, request.requestId(), request.campaignId(), now);
            if (request.isListSend() && barrier.enabled()) {
                pending.awaitImports(request, barrier.snapshot(), clock.millis() + config.awaitTimeoutMs());
                return advance(pending) ? null : pending;
            }
            return send(pending, request) ? null : pending;
        } catch (SendRefusedException r) {
            refuse(record, id, request == null ? campaignOf(record) : request.campaignId(), r.reason().name(),
                    r.getMessage(), now);
            return null;
        }
    }

    /** Moves a waiting request on when it is due. @return true when it is finished */
    boolean advance(PendingSend p) {
        if (clock.millis() < p.nextCheckMillis) {
            return false;
        }
        return switch (p.stage) {
            case IMPORTS -> afterImports(p);
            case STATUS -> polling.poll(p);
            case CONFIRM -> confirmation.check(p);
        };
    }

    private boolean afterImports(PendingSend p) {
        String pending;
        try {
            pending = barrier.behind(p.importEnds);
        } catch (RetriableException e) {
            pending = e.getMessage();
        }
        if (pending == null) {
            try {
                return send(p, p.request);
            } catch (SendRefusedException r) {
                refuse(p.ref.record(), p.requestId, p.campaignId, r.reason().name(), r.getMessage(), p.requestedAt);
                return true;
            }
        }
        if (clock.millis() >= p.deadlineMillis) {
            refuse(p.ref.record(), p.requestId, p.campaignId, Reason.IMPORTS_PENDING.name(), "request "
                    + p.requestId + ": the imports ahead of it did not finish within "
                    + CampaignSendConfig.AWAIT_TIMEOUT_MS + "=" + config.awaitTimeoutMs() + " ms (" + pending + ")",
                    p.requestedAt);
            return true;
        }
        p.nextCheckMillis = clock.millis() + CampaignSendConfig.IMPORT_CHECK_INTERVAL_MS;
        return false;
    }

    /** Resolves the targets, writes the intent and makes the one send call. @return true when finished */
    private boolean send(PendingSend p, SendRequest request) {
        Instant now = clock.instant();
        if (intents.get(request.requestId()).isPresent()) {
            // An earlier attempt of this very request got as far as its intent (a Kafka write failed after it):
            // never a second call, find out what the first one did.
            return confirmation.start(p, List.of(), intents.get(request.requestId()).get().at(),
                    "an earlier attempt of this request was interrupted after its intent was recorded");
        }
        SendTargets.Resolved resolved;
        try {
            resolved = targets.resolve(request);
        } catch (DotdigitalApiException e) {
            if (isRefusal(e)) {
                throw new SendRefusedException(Reason.REFUSED_BY_DOTDIGITAL, e.getMessage());
            }
            throw new RetriableException("Resolving the targets of send request " + request.requestId()
                    + " failed (" + e.getMessage() + "); nothing was sent, the request is retried", e);
        }
        intents.write(new Entry(request.requestId(), State.INTENT, null, null, now));
        CampaignSend started;
        try {
            started = client.campaignSends().sendCampaign(resolved.call());
        } catch (DotdigitalApiException e) {
            if (!CampaignSends.isAmbiguous(e)) {
                throw new SendRefusedException(Reason.REFUSED_BY_DOTDIGITAL, e.getMessage());
            }
            return confirmation.start(p, resolved.call().contactIds(), now, "the send call got no usable answer ("
                    + e.getMessage() + ") and may have reached Dotdigital");
        }
        metrics.sent.increment();
        try {
            intents.write(new Entry(request.requestId(), State.ACCEPTED, started.id(), started.status(), now));
        } catch (RetriableException e) {
            // The send went out: follow it up anyway. If the task stops before DONE is written, the redelivered
            // request finds only its INTENT and is confirmed or parked, never sent again.
        }
        p.pollStatus(started.id(), started.status(), resolved.recipients(),
                clock.millis() + config.statusTimeoutMs(), 0);
        return polling.poll(p);
    }

    static boolean isRefusal(DotdigitalApiException e) {
        int status = e.statusCode();
        return e.isNotFound() || (status >= 400 && status < 500 && status != 408 && status != 429);
    }

    /** A redelivered request: reported already, accepted (poll on), or attempted without answer (confirm). */
    private PendingSend resume(RecordRef ref, Entry entry) {
        long campaignId = campaignOf(ref.record());
        PendingSend p = new PendingSend(ref, entry.requestId(), campaignId, entry.at());
        long now = clock.millis();
        switch (entry.state()) {
            case DONE -> {
                metrics.duplicates.increment();
                return null;
            }
            case ACCEPTED -> p.pollStatus(entry.sendId(), entry.status(), null, now + config.statusTimeoutMs(), 0);
            case STILL_PROCESSING -> {
                p.stillProcessingReported = true;
                p.pollStatus(entry.sendId(), entry.status(), null,
                        entry.at().toEpochMilli() + config.followUpTimeoutMs(), 0);
            }
            case INTENT -> {
                return confirmation.start(p, contactIdsOf(ref.record()), entry.at(), "a send call was started at "
                        + entry.at() + " and its answer was never recorded (task stopped or answer lost)")
                        ? null : p;
            }
        }
        return advance(p) ? null : p;
    }

    /** The single send's contact, looked up read-only, for the confirmation; empty for a list send or unknown. */
    private List<Long> contactIdsOf(SinkRecord record) {
        try {
            SendRequest request = reader.read(record);
            return request.isListSend() ? List.of()
                    : targets.resolve(lookups.complete(request)).call().contactIds();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private long campaignOf(SinkRecord record) {
        try {
            return reader.read(record).campaignId();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private void refuse(SinkRecord record, String id, long campaignId, String code, String reason, Instant now) {
        outcomes.refused(record, new SendOutcome(id, campaignId, SendOutcome.REFUSED, null, code + ": " + reason,
                now, null, 0), code);
    }
}
