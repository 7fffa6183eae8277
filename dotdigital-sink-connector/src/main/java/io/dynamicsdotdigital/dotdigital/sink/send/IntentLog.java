package io.dynamicsdotdigital.dotdigital.sink.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * The durable record of what happened to each request id, on a compacted topic: INTENT is written and acknowledged
 * before the send call, ACCEPTED (with the send id) after its answer, STILL_PROCESSING once that outcome was reported
 * (the send is still followed up), DONE with the final outcome. Read in full when the
 * task starts and when partitions are assigned, so a redelivered request finds its history whatever task ran it.
 */
final class IntentLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * The last state of a request. STILL_PROCESSING: accepted, reported as StillProcessing, and still followed up
     * until its final status (or send.status.followup.timeout.ms).
     */
    enum State { INTENT, ACCEPTED, STILL_PROCESSING, DONE }

    record Entry(String requestId, State state, String sendId, String status, Instant at) {
    }

    private final String topic;
    private final Map<String, Object> clientProps;
    private final KafkaProducer<String, String> producer;
    private final Map<String, Entry> entries = new HashMap<>();

    IntentLog(String topic, Map<String, Object> clientProps, KafkaProducer<String, String> producer) {
        this.topic = topic;
        this.clientProps = clientProps;
        this.producer = producer;
    }

    static Map<String, Object> producerProps(Map<String, Object> clientProps) {
        Map<String, Object> p = new HashMap<>(clientProps);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.StringSerializer.class);
        return p;
    }

    /** Creates the compacted topic when it is missing. */
    void ensureTopic(Admin admin) {
        try {
            admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new ConnectException("Could not create the send intents topic '" + topic + "' ("
                        + CampaignSendConfig.INTENTS_TOPIC + "): " + e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while creating the send intents topic", e);
        } catch (TimeoutException e) {
            throw new RetriableException("Timed out creating the send intents topic '" + topic + "'", e);
        }
    }

    /** Reads the whole topic again (replacing what was known). */
    void reload() {
        Map<String, Object> p = new HashMap<>(clientProps);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            entries.clear();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new RetriableException("Could not read the send intents topic '" + topic
                            + "' to its end within 2 minutes");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        entries.remove(r.key());
                    } else {
                        entries.put(r.key(), parse(r.key(), r.value()));
                    }
                }
            }
        }
    }

    Optional<Entry> get(String requestId) {
        return Optional.ofNullable(entries.get(requestId));
    }

    /** Writes and waits for the acknowledgement: only then may the call it announces be made. */
    void write(Entry entry) {
        ObjectNode n = JSON.createObjectNode();
        n.put("requestId", entry.requestId());
        n.put("state", entry.state().name());
        n.put("sendId", entry.sendId());
        n.put("status", entry.status());
        n.put("at", entry.at().toString());
        try {
            producer.send(new ProducerRecord<>(topic, entry.requestId(), n.toString()))
                    .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new RetriableException("Could not record the " + entry.state() + " of send request "
                    + entry.requestId() + " on '" + topic + "'; nothing was sent after it", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("Interrupted while recording a send intent", e);
        }
        entries.put(entry.requestId(), entry);
    }

    private static Entry parse(String key, byte[] value) {
        try {
            JsonNode n = JSON.readTree(new String(value, StandardCharsets.UTF_8));
            return new Entry(key, State.valueOf(n.path("state").asText()),
                    n.path("sendId").isNull() ? null : n.path("sendId").asText(null),
                    n.path("status").isNull() ? null : n.path("status").asText(null),
                    Instant.parse(n.path("at").asText()));
        } catch (IOException | IllegalArgumentException | java.time.DateTimeException e) {
            // An unreadable entry is treated as an intent without answer: the request is never sent again.
            return new Entry(key, State.INTENT, null, null, Instant.EPOCH);
        }
    }

    @Override
    public void close() {
        // the producer is shared and closed by the task
    }
}
