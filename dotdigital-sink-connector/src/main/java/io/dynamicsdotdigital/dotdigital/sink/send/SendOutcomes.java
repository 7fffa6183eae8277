package io.dynamicsdotdigital.dotdigital.sink.send;

import io.dynamicsdotdigital.common.errors.FailedRecordHandler;
import io.dynamicsdotdigital.dotdigital.sink.DotdigitalSinkTask;
import io.dynamicsdotdigital.dotdigital.sink.send.IntentLog.Entry;
import io.dynamicsdotdigital.dotdigital.sink.send.IntentLog.State;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a request: its outcome on the result topic, then DONE in the intent log, then (refused or unknown) the record
 * in the dead-letter queue with the reason. In that order, so a crash in between repeats a report, never a send.
 */
final class SendOutcomes {
    static final String CODE_OUTCOME_UNKNOWN = "SendOutcomeUnknown";
    private static final Logger log = LoggerFactory.getLogger(SendOutcomes.class);

    private final KafkaProducer<String, String> producer;
    private final String resultTopic;
    private final IntentLog intents;
    private final FailedRecordHandler failures;
    private final CampaignSendMetrics metrics;
    private final Clock clock;

    SendOutcomes(KafkaProducer<String, String> producer, String resultTopic, IntentLog intents,
                 FailedRecordHandler failures, CampaignSendMetrics metrics, Clock clock) {
        this.producer = producer;
        this.resultTopic = resultTopic;
        this.intents = intents;
        this.failures = failures;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** A final outcome: Sent, Cancelled or NotSent (after a StillProcessing too), or a confirmed send. */
    void finished(SendOutcome outcome) {
        publish(outcome, State.DONE);
    }

    /** The first of two outcomes: the send is followed up and its final status reported later. */
    void stillProcessing(SendOutcome outcome) {
        metrics.stillProcessing.increment();
        log.warn("Campaign send {} of request {} is still processing after the status timeout; reported as {} and"
                + " followed up", outcome.sendId(), outcome.requestId(), outcome.status());
        publish(outcome, State.STILL_PROCESSING);
    }

    /** The follow-up of a StillProcessing send gave up: no further outcome, the row keeps StillProcessing. */
    void followUpEnded(String requestId, long campaignId, String sendId, String status) {
        metrics.followUpsEnded.increment();
        log.warn("Campaign send {} of request {} (campaign {}) still reports '{}' at the end of {}; it is no longer"
                + " followed up and its row keeps StillProcessing: check the send in Dotdigital", sendId, requestId,
                campaignId, status, CampaignSendConfig.FOLLOW_UP_TIMEOUT_MS);
        intents.write(new Entry(requestId, State.DONE, sendId, status, clock.instant()));
    }

    void refused(SinkRecord record, SendOutcome outcome, String code) {
        metrics.refused.increment();
        log.info("Refused send request {}: {}", outcome.requestId(), outcome.reason());
        publish(outcome, State.DONE);
        deadLetter(record, code, outcome.reason());
    }

    void unknown(SinkRecord record, SendOutcome outcome) {
        metrics.outcomeUnknown.increment();
        log.warn("Send request {} (campaign {}) parked as {}: {}. It is NOT sent again; check the campaign in"
                + " Dotdigital and create a new request if it did not go out.", outcome.requestId(),
                outcome.campaignId(), CODE_OUTCOME_UNKNOWN, outcome.reason());
        publish(outcome, State.DONE);
        deadLetter(record, CODE_OUTCOME_UNKNOWN, outcome.reason());
    }

    private void publish(SendOutcome outcome, State state) {
        try {
            producer.send(new ProducerRecord<>(resultTopic, outcome.requestId(), outcome.toJson()))
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new RetriableException("Could not write the outcome of send request " + outcome.requestId()
                    + " to '" + resultTopic + "' (" + CampaignSendConfig.RESULT_TOPIC + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("Interrupted while writing a send outcome", e);
        }
        if (outcome.requestId() != null) {
            intents.write(new Entry(outcome.requestId(), state, outcome.sendId(), outcome.status(),
                    clock.instant()));
        }
    }

    private void deadLetter(SinkRecord record, String code, String reason) {
        ConnectHeaders headers = new ConnectHeaders();
        record.headers().forEach(headers::add);
        headers.addString(DotdigitalSinkTask.HEADER_FAILURE_CODE, code);
        headers.addString(DotdigitalSinkTask.HEADER_FAILURE_DESCRIPTION, reason);
        // A plain SinkRecord (not the worker's own subclass) so the reporter writes these headers to the DLQ.
        SinkRecord copy = new SinkRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                record.valueSchema(), record.value(), record.kafkaOffset(),
                record.timestamp() == null ? Long.valueOf(0L) : record.timestamp(), record.timestampType(), headers);
        failures.handle(copy, new ConnectException("Dotdigital campaign send: " + code + ": " + reason));
    }
}
