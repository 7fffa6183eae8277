package io.dynamicsdotdigital.dotdigital.sink.it;

import io.dynamicsdotdigital.dotdigital.sink.DotdigitalSinkConnector;
import io.dynamicsdotdigital.emulator.common.SelfSignedTls;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.storage.StringConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/** One embedded Kafka + Connect worker and one HTTPS Dotdigital emulator, shared by the tests of a class. */
final class SinkCluster implements AutoCloseable {
    final DotdigitalEmulator emulator;
    final EmbeddedConnectCluster connect;
    private final Path trustStore;
    private final KafkaProducer<String, String> producer;

    SinkCluster(DotdigitalEmulator emulator) throws Exception {
        this.emulator = emulator;
        Path dir = Files.createDirectories(Path.of("target", "it-tls"));
        trustStore = SelfSignedTls.shared().writeTrustStore(dir.resolve("truststore-" + System.nanoTime() + ".p12"),
                "changeit");
        Map<String, String> worker = new HashMap<>();
        worker.put("plugin.discovery", "service_load");
        worker.put("offset.flush.interval.ms", "500");
        connect = new EmbeddedConnectCluster.Builder().name("dotdigital-sink-it").numWorkers(1)
                .workerProps(worker).build();
        connect.start();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connect.kafka().bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        producer = new KafkaProducer<>(p);
    }

    /** A connector reading JSON strings (parsed by the connector itself) with the emulator's endpoint. */
    Map<String, String> connectorConfig(String topics) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", DotdigitalSinkConnector.class.getName());
        c.put("tasks.max", "1");
        c.put("topics", topics);
        c.put("key.converter", StringConverter.class.getName());
        c.put("value.converter", StringConverter.class.getName());
        c.put("dotdigital.api.user", emulator.apiUser());
        c.put("dotdigital.api.password", emulator.apiPassword());
        c.put("dotdigital.api.endpoint", emulator.baseUrl());
        c.put("http.truststore.path", trustStore.toAbsolutePath().toString());
        c.put("http.truststore.password", "changeit");
        c.put("http.truststore.type", "PKCS12");
        c.put("import.flush.interval.ms", "300");
        c.put("import.poll.interval.ms", "100");
        c.put("retry.backoff.initial.ms", "50");
        c.put("retry.backoff.max.ms", "500");
        c.put("datafield.mapping", "firstname:FIRSTNAME,lastname:LASTNAME");
        return c;
    }

    void createTopic(String topic, int partitions) {
        connect.kafka().createTopic(topic, partitions);
    }

    void produce(String topic, List<String[]> keyValues) {
        for (String[] kv : keyValues) {
            producer.send(new ProducerRecord<>(topic, kv[0], kv[1]));
        }
        producer.flush();
    }

    void produceTo(String topic, int partition, String key, String value) {
        producer.send(new ProducerRecord<>(topic, partition, key, value));
        producer.flush();
    }

    void startConnector(String name, Map<String, String> config) throws InterruptedException {
        connect.configureConnector(name, config);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 1,
                "connector " + name + " did not start");
    }

    /** Committed offsets of the sink's consumer group. */
    Map<TopicPartition, OffsetAndMetadata> committed(String connector) throws Exception {
        try (Admin admin = connect.kafka().createAdminClient()) {
            return admin.listConsumerGroupOffsets("connect-" + connector).partitionsToOffsetAndMetadata().get();
        }
    }

    long committedTotal(String connector) throws Exception {
        return committed(connector).values().stream().mapToLong(o -> o == null ? 0 : o.offset()).sum();
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        connect.stop();
        emulator.close();
    }
}
