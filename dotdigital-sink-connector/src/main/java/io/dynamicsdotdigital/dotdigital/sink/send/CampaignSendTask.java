package io.dynamicsdotdigital.dotdigital.sink.send;

import io.dynamicsdotdigital.common.errors.FailedRecordHandler;
import io.dynamicsdotdigital.common.http.HttpConfigDefs;
import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClients;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalConfigDefs;
import io.dynamicsdotdigital.dotdigital.sink.Version;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out send requests one at a time in put() (see {@link SendProcessor}); offsets are the worker's, since a
 * record is finished when put() returns. The intent log is re-read on every partition assignment so a request moved
 * from another task finds its history.
 */
public class CampaignSendTask extends SinkTask {
    private static final Logger log = LoggerFactory.getLogger(CampaignSendTask.class);

    private CampaignSendMetrics metrics;
    private DotdigitalClient client;
    private KafkaProducer<String, String> producer;
    private Admin admin;
    private IntentLog intents;
    private FailedRecordHandler failures;
    private SendProcessor processor;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        CampaignSendConfig config = new CampaignSendConfig(props);
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
        Clock clock = Clock.systemUTC();
        SendOutcomes outcomes = new SendOutcomes(producer, config.resultTopic(), intents, failures, metrics, clock);
        ImportBarrier barrier = new ImportBarrier(admin, kafka, config.awaitGroup(), config.awaitTopics(),
                config.awaitTimeoutMs());
        processor = new SendProcessor(config, client, intents, barrier, outcomes, metrics, clock);
        log.info("Dotdigital campaign send task started: allow-list {}, intents on '{}', outcomes on '{}', {}",
                config.allowlist(), config.intentsTopic(), config.resultTopic(), barrier.enabled()
                        ? "list sends wait for group '" + config.awaitGroup() + "' on " + config.awaitTopics()
                        : "no import barrier");
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        intents.reload();
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        for (SinkRecord record : records) {
            processor.process(record);
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        failures.awaitReported();
        return currentOffsets;
    }

    private ErrantRecordReporter reporter() {
        return context == null ? null : context.errantRecordReporter();
    }

    @Override
    public void stop() {
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
