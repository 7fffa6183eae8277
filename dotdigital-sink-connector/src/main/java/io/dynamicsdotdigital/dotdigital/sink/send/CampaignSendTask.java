package io.dynamicsdotdigital.dotdigital.sink.send;

import io.dynamicsdotdigital.common.errors.FailedRecordHandler;
import io.dynamicsdotdigital.common.http.HttpClientFactory;
import io.dynamicsdotdigital.common.http.HttpConfigDefs;
import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;
import io.dynamicsdotdigital.dataverse.client.DataverseClient;
import io.dynamicsdotdigital.dataverse.client.RequestGate;
import io.dynamicsdotdigital.dataverse.client.webapi.WebApiDataverseClient;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClients;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalConfigDefs;
import io.dynamicsdotdigital.dotdigital.sink.Version;
import io.dynamicsdotdigital.dotdigital.sink.bulk.RecordRef;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out send requests without waiting inside put(): a request that has to wait (for the imports ahead of it,
 * for its status, for a lost answer to be confirmed) is kept in {@link WaitingSends} and moved on by every later
 * put() and preCommit(); context.timeout() brings the worker back while any waits. Offsets are committed only up to
 * the first record whose request is not finished, so several requests wait side by side and no wait can outlast the
 * consumer's max.poll.interval.ms. The intent log is re-read on every partition assignment so a request moved from
 * another task finds its history.
 */
public class CampaignSendTask extends SinkTask {
    private static final Logger log = LoggerFactory.getLogger(CampaignSendTask.class);
    /** Longest pause between two visits while requests wait, so a due check is never late by much. */
    private static final long MAX_COMEBACK_MS = 1_000;
    /** Dataverse lookups run inside put(): bounded like the Dynamics sink's calls, then the request is retried. */
    private static final int MAX_LOOKUP_ATTEMPTS = 3;
    private static final Duration MAX_LOOKUP_WAIT = Duration.ofSeconds(30);

    private CampaignSendConfig config;
    private CampaignSendMetrics metrics;
    private DotdigitalClient client;
    private KafkaProducer<String, String> producer;
    private Admin admin;
    private IntentLog intents;
    private ImportBarrier barrier;
    private FailedRecordHandler failures;
    private SendProcessor processor;
    private final WaitingSends waiting = new WaitingSends();
    private final Clock clock = Clock.systemUTC();

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new CampaignSendConfig(props);
        metrics = new CampaignSendMetrics(ConnectorMetrics.forTask(context, props));
        client = DotdigitalClients.create(DotdigitalConfigDefs.settings(config), HttpConfigDefs.httpSettings(config),
                HttpConfigDefs.resilienceSettings(config), metrics.connectorMetrics());
        Map<String, Object> kafka = config.kafkaClientProps();
        admin = Admin.create(kafka);
        producer = new KafkaProducer<>(IntentLog.producerProps(kafka));
        intents = new IntentLog(config.intentsTopic(), kafka, producer);
        intents.ensureTopic(admin);
        intents.reload();
        failures = new FailedRecordHandler(props, this::reporter, metrics.connectorMetrics());
        SendOutcomes outcomes = new SendOutcomes(producer, config.resultTopic(), intents, failures, metrics, clock);
        barrier = new ImportBarrier(admin, kafka, config.awaitGroup(), config.awaitTopics());
        if (config.dataverseConfigured()) {
            HttpClientFactory.requireAllowedScheme(config.orgUrl(), config.httpSettings(),
                    CampaignSendConfig.DATAVERSE_URL);
        }
        DataverseClient dataverse = !config.dataverseConfigured() ? null : WebApiDataverseClient.create(config,
                config.resilienceSettings().boundedForTaskThread(MAX_LOOKUP_ATTEMPTS, MAX_LOOKUP_WAIT),
                config.accountKey(), metrics.connectorMetrics(), new RequestGate(1), 100);
        processor = new SendProcessor(config, client, new DataverseLookups(config, dataverse), intents, barrier,
                outcomes, metrics, clock);
        log.info("Dotdigital campaign send task started: allow-list {}, intents on '{}', outcomes on '{}', {}, {}",
                config.allowlist(), config.intentsTopic(), config.resultTopic(), dataverse == null
                        ? "no Dataverse lookups" : "Dataverse lookups at " + config.orgUrl(), barrier.enabled()
                        ? "list sends wait for group '" + config.awaitGroup() + "' on " + config.awaitTopics()
                        : "no import barrier");
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        intents.reload();
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        advanceWaiting();
        for (SinkRecord record : records) {
            RecordRef ref = RecordRef.of(record);
            if (!waiting.take(ref)) {
                continue;
            }
            if (waiting.isWaiting(processor.requestIdOf(record))) {
                metrics.duplicates.increment(); // the same request again while its first record waits
                waiting.finished(ref);
                continue;
            }
            PendingSend pending;
            try {
                pending = processor.start(ref);
            } catch (RuntimeException e) {
                waiting.giveBack(ref);
                throw e;
            }
            if (pending == null) {
                waiting.finished(ref);
            } else {
                waiting.add(pending);
            }
        }
        comeBackWhileWaiting();
    }

    private void advanceWaiting() {
        waiting.advance(p -> {
            try {
                return processor.advance(p);
            } catch (RetriableException e) {
                log.warn("Send request {} waits on: {}", p.requestId, e.getMessage());
                p.nextCheckMillis = clock.millis() + config.pollIntervalMs();
                return false;
            }
        });
    }

    private void comeBackWhileWaiting() {
        if (!waiting.isEmpty()) {
            context.timeout(Math.max(10, Math.min(MAX_COMEBACK_MS, waiting.millisUntilDue(clock.millis()))));
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        advanceWaiting();
        failures.awaitReported();
        return waiting.committable(currentOffsets.keySet());
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        waiting.forget(partitions);
    }

    private ErrantRecordReporter reporter() {
        return context == null ? null : context.errantRecordReporter();
    }

    @Override
    public void stop() {
        if (barrier != null) {
            barrier.close();
        }
        if (producer != null) {
            producer.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (client != null) {
            client.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }
}
