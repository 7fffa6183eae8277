package io.dynamicsdotdigital.dotdigital.sink.send;

import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;

/** The send task's metrics on top of the shared {@link ConnectorMetrics} (which also counts API calls). */
final class CampaignSendMetrics implements AutoCloseable {
    static final String REQUESTS = "send-requests-total";
    static final String SENT = "sends-sent-total";
    static final String REFUSED = "sends-refused-total";
    static final String OUTCOME_UNKNOWN = "sends-outcome-unknown-total";
    static final String STILL_PROCESSING = "sends-still-processing-total";
    static final String FOLLOW_UPS_ENDED = "sends-followups-ended-total";
    static final String NOT_REQUESTED = "send-records-not-requested-total";
    static final String DUPLICATES = "send-requests-already-handled-total";

    private final ConnectorMetrics metrics;
    final ConnectorMetrics.Counter requests;
    final ConnectorMetrics.Counter sent;
    final ConnectorMetrics.Counter refused;
    final ConnectorMetrics.Counter outcomeUnknown;
    final ConnectorMetrics.Counter stillProcessing;
    final ConnectorMetrics.Counter followUpsEnded;
    final ConnectorMetrics.Counter duplicates;
    final ConnectorMetrics.Counter notRequested;

    CampaignSendMetrics(ConnectorMetrics metrics) {
        this.metrics = metrics;
        requests = metrics.counter(REQUESTS, "Records asking for a send (status requested)");
        sent = metrics.counter(SENT, "Send calls Dotdigital accepted");
        refused = metrics.counter(REFUSED, "Requests refused before any send call (or refused by Dotdigital)");
        outcomeUnknown = metrics.counter(OUTCOME_UNKNOWN, "Requests parked as SendOutcomeUnknown: the send call"
                + " may have reached Dotdigital but its answer was lost; never sent again");
        stillProcessing = metrics.counter(STILL_PROCESSING, "Accepted sends still Sending or Scheduled when"
                + " send.status.timeout.ms ran out (reported as StillProcessing, then followed up)");
        followUpsEnded = metrics.counter(FOLLOW_UPS_ENDED, "StillProcessing sends no longer followed up:"
                + " send.status.followup.timeout.ms ran out before Dotdigital reported a final status");
        notRequested = metrics.counter(NOT_REQUESTED, "Records skipped without an outcome: tombstones and rows"
                + " whose status is not the requested one");
        duplicates = metrics.counter(DUPLICATES, "Redelivered requests whose outcome was already recorded");
    }

    ConnectorMetrics connectorMetrics() {
        return metrics;
    }

    @Override
    public void close() {
        metrics.close();
    }
}
