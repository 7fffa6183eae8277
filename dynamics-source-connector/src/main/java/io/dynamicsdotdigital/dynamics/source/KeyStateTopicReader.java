package io.dynamicsdotdigital.dynamics.source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Reads the connector's compacted key-state topic from its start to the end it had when reading began, handing each
 * entry to a reader of it. The table entries ({@link KafkaKeyStateStore}) and the dynamic-list members
 * ({@code lists.KafkaMembershipLog}) share the topic, so a task holding both reads it once for both.
 */
public final class KeyStateTopicReader {
    static final Duration LOAD_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final String topic;
    private final Map<String, Object> clientProps;
    private final String settings;

    /**
     * @param clientProps bootstrap servers and any client overrides (security settings)
     * @param settings    the settings that name the topic and reach it, for error messages
     */
    public KeyStateTopicReader(String topic, Map<String, Object> clientProps, String settings) {
        this.topic = topic;
        this.clientProps = Map.copyOf(clientProps);
        this.settings = settings;
    }

    /** Reads every entry stored now, in order, into {@code entries}; the number of entries read. */
    public long readToEnd(Consumer<ConsumerRecord<byte[], byte[]>> entries) {
        Map<String, Object> p = new HashMap<>(clientProps);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        long read = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, CALL_TIMEOUT)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, CALL_TIMEOUT);
            Set<TopicPartition> pending = new HashSet<>(partitions);
            long deadline = System.nanoTime() + LOAD_TIMEOUT.toNanos();
            while (true) {
                pending.removeIf(tp -> consumer.position(tp, CALL_TIMEOUT) >= end.get(tp));
                if (pending.isEmpty()) {
                    return read;
                }
                if (System.nanoTime() > deadline) {
                    throw failure("could not read the key-state topic to its end within " + LOAD_TIMEOUT, null);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    read++;
                    entries.accept(r);
                }
            }
        } catch (KafkaException e) {
            throw failure("could not read the key-state topic", e);
        }
    }

    String topic() {
        return topic;
    }

    private ConnectException failure(String what, Throwable cause) {
        return new ConnectException(what + " " + topic + " (" + settings + ")" + (cause == null ? "" : ": " + cause),
                cause);
    }
}
