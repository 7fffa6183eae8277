package io.dynamicsdotdigital.systemtests;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the sinks' dead-letter topics and indexes each dead letter by where its record came from, using the
 * context headers Connect adds ({@code __connect.errors.topic}, {@code .partition}, {@code .offset}).
 */
final class DeadLetterQueues implements AutoCloseable {
    static final String ORIGIN_TOPIC = "__connect.errors.topic";
    static final String ORIGIN_OFFSET = "__connect.errors.offset";
    static final String EXCEPTION_MESSAGE = "__connect.errors.exception.message";
    static final String EXCEPTION_CLASS = "__connect.errors.exception.class.name";

    /** One dead letter: its headers as text. */
    record DeadLetter(String dlqTopic, Map<String, String> headers) {
        String header(String name) {
            return headers.getOrDefault(name, "");
        }

        /** Everything the sink and Connect said about why: what a user reads to fix the record. */
        String reason() {
            StringBuilder out = new StringBuilder();
            headers.forEach((k, v) -> {
                if (k.startsWith("__connect.errors.exception") || k.startsWith("dotdigital.failure")) {
                    out.append(k).append('=').append(v).append('\n');
                }
            });
            return out.toString();
        }
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, DeadLetter> byOrigin = new HashMap<>();

    DeadLetterQueues(String bootstrapServers, Collection<String> dlqTopics) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 * 1024 * 1024));
        consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = dlqTopics.stream().map(t -> new TopicPartition(t, 0)).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    static String origin(String topic, long offset) {
        return topic + "@" + offset;
    }

    /** The dead letter of the record at topic@offset, reading on for up to {@code timeout}; null if none came. */
    DeadLetter await(String topic, long offset, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String key = origin(topic, offset);
        while (!byOrigin.containsKey(key) && System.nanoTime() < deadline) {
            readAvailable(Duration.ofMillis(500));
        }
        return byOrigin.get(key);
    }

    /**
     * Everything in the dead-letter topics up to their current end, by origin (topic@offset). Reading to the end
     * offsets instead of polling for a fixed time returns as soon as the topics are read: a fixed two-second poll per
     * call cost the bad-input test about a minute and a half.
     */
    Map<String, DeadLetter> all() {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!readUpTo(end) && System.nanoTime() < deadline) {
            readAvailable(Duration.ofMillis(200));
        }
        return byOrigin;
    }

    /**
     * Everything in the dead-letter topics once writes still in flight had {@code grace} to land: for checks that
     * nothing else was dead-lettered, made after the last record was applied.
     */
    Map<String, DeadLetter> allAfter(Duration grace) throws InterruptedException {
        Thread.sleep(grace.toMillis());
        return all();
    }

    private boolean readUpTo(Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private void readAvailable(Duration pollTimeout) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(pollTimeout)) {
            Map<String, String> headers = new HashMap<>();
            for (Header h : r.headers()) {
                headers.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
            }
            byOrigin.put(origin(headers.get(ORIGIN_TOPIC), Long.parseLong(headers.getOrDefault(ORIGIN_OFFSET, "-1"))),
                    new DeadLetter(r.topic(), headers));
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
