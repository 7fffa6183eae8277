package io.dynamicsdotdigital.dynamics.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/** Reading the single-partition topics a connector in an {@link EmbeddedConnectCluster} writes. */
final class ClusterTopics {
    static final ObjectMapper JSON = new ObjectMapper();

    private final EmbeddedConnectCluster connect;

    ClusterTopics(EmbeddedConnectCluster connect) {
        this.connect = connect;
    }

    /** Records in the topic so far (its end offset); 0 while it does not exist. */
    long count(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = connect.kafka().createConsumer(props())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            return consumer.endOffsets(List.of(tp), Duration.ofSeconds(10)).getOrDefault(tp, 0L);
        } catch (org.apache.kafka.common.KafkaException e) {
            return 0;
        }
    }

    /** Every record of the topic up to its end now, handed to {@code each}. */
    void forEach(String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        try (KafkaConsumer<byte[], byte[]> consumer = connect.kafka().createConsumer(props())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long deadline = System.currentTimeMillis() + 120_000;
            while (consumer.position(tp) < end && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(500)).records(tp).forEach(each);
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            // The topic does not exist yet: no records.
        }
    }

    List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        forEach(topic, out::add);
        return out;
    }

    static JsonNode json(byte[] bytes) {
        try {
            return bytes == null ? null : JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + new String(bytes, java.nio.charset.StandardCharsets.UTF_8), e);
        }
    }

    private static Map<String, Object> props() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return props;
    }
}
