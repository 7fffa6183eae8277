package io.dynamicsdotdigital.dotdigital.sink.send;

import io.dynamicsdotdigital.dotdigital.sink.bulk.RecordRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * A request between put() calls: waiting for the imports ahead of it, for its status, or for a sign that a send
 * whose answer was lost went out. Its record's offset is committed only once it leaves this state.
 */
final class PendingSend {
    /** What the request waits for. */
    enum Stage {
        /** a list send waits for the contact sink to commit {@link #importEnds}; no send call yet */
        IMPORTS,
        /** accepted: its status is polled until final; after StillProcessing was reported, followed up */
        STATUS,
        /** an INTENT without a recorded answer: Dotdigital is asked whether the single send reached its contact */
        CONFIRM
    }

    final RecordRef ref;
    final String requestId;
    final long campaignId;
    final Instant requestedAt;
    Stage stage;
    /** the request as read (IMPORTS); null when resumed from the intent log */
    SendRequest request;
    Map<TopicPartition, Long> importEnds;
    String sendId;
    String lastStatus;
    Integer recipients;
    /** CONFIRM: the contacts the send targeted, and when the intent was written */
    List<Long> contactIds = List.of();
    Instant intentAt;
    /** StillProcessing was reported already; a final status now is the second, last outcome */
    boolean stillProcessingReported;
    String lastProblem;
    long deadlineMillis;
    long nextCheckMillis;

    PendingSend(RecordRef ref, String requestId, long campaignId, Instant requestedAt) {
        this.ref = ref;
        this.requestId = requestId;
        this.campaignId = campaignId;
        this.requestedAt = requestedAt;
    }

    void awaitImports(SendRequest request, Map<TopicPartition, Long> ends, long deadline) {
        this.stage = Stage.IMPORTS;
        this.request = request;
        this.importEnds = ends;
        this.deadlineMillis = deadline;
        this.nextCheckMillis = 0;
    }

    void pollStatus(String sendId, String status, Integer recipients, long deadline, long nextCheck) {
        this.stage = Stage.STATUS;
        this.sendId = sendId;
        this.lastStatus = status;
        this.recipients = recipients;
        this.deadlineMillis = deadline;
        this.nextCheckMillis = nextCheck;
    }

    void confirm(List<Long> contactIds, Instant intentAt, long deadline, long nextCheck) {
        this.stage = Stage.CONFIRM;
        this.contactIds = List.copyOf(contactIds);
        this.intentAt = intentAt;
        this.deadlineMillis = deadline;
        this.nextCheckMillis = nextCheck;
    }
}
