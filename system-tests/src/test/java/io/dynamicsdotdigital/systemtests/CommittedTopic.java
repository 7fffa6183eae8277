package io.dynamicsdotdigital.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A topic as a {@code read_committed} consumer sees it: only records of committed transactions, which is what
 * exactly-once source delivery promises downstream. (Also as a read_uncommitted one, for comparison.)
 */
final class CommittedTopic {
    /** Record keys in topic order (a key is the record key's JSON text), and the values by the same index. */
    record Contents(List<String> keys, List<String> values) {
        int size() {
            return keys.size();
        }

        int distinctKeys() {
            return new HashSet<>(keys).size();
        }

        /** Keys that occur more than once, with how often. */
        Map<String, Integer> duplicates() {
            Map<String, Integer> counts = new HashMap<>();
            keys.forEach(k -> counts.merge(k, 1, Integer::sum));
            counts.values().removeIf(n -> n == 1);
            return counts;
        }

        /**
         * The named fields of each record's JSON payload ({@code {"schema":..,"payload":{..}}}), joined with '/' and
         * lower-cased; records lacking one of them are left out.
         */
        Set<String> payloadFields(String... fields) {
            Set<String> joined = new HashSet<>();
            for (String value : values) {
                JsonNode payload = readJson(value).path("payload");
                List<String> parts = new ArrayList<>();
                for (String field : fields) {
                    JsonNode node = payload.path(field);
                    if (node.isNull() || node.isMissingNode()) {
                        break;
                    }
                    parts.add(node.asText().toLowerCase(Locale.ROOT));
                }
                if (parts.size() == fields.length) {
                    joined.add(String.join("/", parts));
                }
            }
            return joined;
        }

        private static JsonNode readJson(String value) {
            try {
                return value == null ? ConnectRest.JSON.nullNode() : ConnectRest.JSON.readTree(value);
            } catch (IOException e) {
                throw new UncheckedIOException("A record value is not JSON: " + value, e);
            }
        }
    }

    private CommittedTopic() {
    }

    /** Reads the topic from the start up to its last stable offset; an absent topic reads as empty. */
    static Contents read(String bootstrapServers, String topic) {
        return read(bootstrapServers, topic, "read_committed");
    }

    /**
     * Reads the topic as a read_uncommitted consumer would: records of aborted transactions too (the figure that
     * shows a killed task really left a transaction open).
     */
    static Contents readUncommitted(String bootstrapServers, String topic) {
        return read(bootstrapServers, topic, "read_uncommitted");
    }

    private static Contents read(String bootstrapServers, String topic, String isolation) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        List<String> keys = new ArrayList<>();
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            Map<String, List<PartitionInfo>> topics = consumer.listTopics(Duration.ofSeconds(30));
            if (!topics.containsKey(topic)) {
                return new Contents(keys, values);
            }
            List<TopicPartition> partitions = topics.get(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // Under read_committed the end offsets are the last stable offsets: nothing past an open transaction.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Reading " + topic + " to " + end + " took over 60 s");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    keys.add(text(r.key()));
                    values.add(text(r.value()));
                }
            }
        }
        return new Contents(keys, values);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
