package io.dynamicsdotdigital.dynamics.source.lists;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic-list members in the connector's compacted key-state topic (created by the task's key state before this
 * opens): key {@code #dynamiclist NUL <list id> NUL <member id>}, value {@code 1} while the member is in Kafka's view,
 * null once its tombstone is. The table entries of the same topic start with a table's logical name, which never
 * starts with {@code #}, so neither reader mistakes the other's entries. Loading holds about 100 bytes per member
 * until the lists are built (16 bytes a member after).
 */
public final class KafkaMembershipLog implements MembershipLog {
    private static final Logger log = LoggerFactory.getLogger(KafkaMembershipLog.class);
    static final String PREFIX = "#dynamiclist";
    private static final char SEPARATOR = '\u0000';
    private static final byte[] PRESENT = {'1'};
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(5);

    private final String topic;
    private final String settings;
    private final Map<String, Object> clientProps;
    private final KafkaProducer<byte[], byte[]> producer;
    /** The first failed write since the last flush. */
    private final AtomicReference<Exception> failed = new AtomicReference<>();

    /**
     * @param settings    the settings that name the topic and reach it, for error messages
     * @param clientProps bootstrap servers and any client overrides (security settings)
     */
    public KafkaMembershipLog(String topic, String settings, Map<String, Object> clientProps, String clientId) {
        this.topic = topic;
        this.settings = settings;
        this.clientProps = Map.copyOf(clientProps);
        Map<String, Object> p = new HashMap<>(clientProps);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.producer = new KafkaProducer<>(p);
    }

    static byte[] key(String listId, String memberId) {
        return (PREFIX + SEPARATOR + listId + SEPARATOR + memberId).getBytes(StandardCharsets.UTF_8);
    }

    /** The list and member of a key; null for keys that are not membership entries. */
    static String[] listAndMember(byte[] key) {
        if (key == null) {
            return null;
        }
        String s = new String(key, StandardCharsets.UTF_8);
        String[] parts = s.split(String.valueOf(SEPARATOR), -1);
        return parts.length == 3 && parts[0].equals(PREFIX) ? new String[] {parts[1], parts[2]} : null;
    }

    @Override
    public Map<String, MemberIdSet> load() {
        Map<String, Object> p = new HashMap<>(clientProps);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        Map<String, Set<UUID>> lists = new HashMap<>();
        long started = System.nanoTime();
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
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw failure("could not read the dynamic-list members of the key-state topic to its end within "
                            + LOAD_TIMEOUT, null);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    apply(lists, r);
                }
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            throw failure("could not read the dynamic-list members of the key-state topic", e);
        }
        Map<String, MemberIdSet> out = new HashMap<>();
        long total = 0;
        for (Map.Entry<String, Set<UUID>> e : lists.entrySet()) {
            MemberIdSet.Builder builder = new MemberIdSet.Builder();
            e.getValue().forEach(id -> builder.add(id.toString()));
            out.put(e.getKey(), builder.build());
            total += e.getValue().size();
        }
        log.info("Read {} dynamic-list members of {} lists from the key-state topic {} in {} ms", total, out.size(),
                topic, (System.nanoTime() - started) / 1_000_000);
        return out;
    }

    private static void apply(Map<String, Set<UUID>> lists, ConsumerRecord<byte[], byte[]> r) {
        String[] listAndMember = listAndMember(r.key());
        if (listAndMember == null) {
            return;
        }
        UUID member;
        try {
            member = UUID.fromString(listAndMember[1]);
        } catch (IllegalArgumentException e) {
            log.warn("Key-state entry at offset {} names no member id ({}); ignored", r.offset(), listAndMember[1]);
            return;
        }
        if (r.value() == null) {
            Set<UUID> members = lists.get(listAndMember[0]);
            if (members != null) {
                members.remove(member);
            }
        } else {
            lists.computeIfAbsent(listAndMember[0], k -> new HashSet<>()).add(member);
        }
    }

    @Override
    public void present(String listId, String memberId) {
        // A present entry that is lost makes a later start emit the member's upsert again, which changes nothing.
        producer.send(new ProducerRecord<>(topic, key(listId, memberId), PRESENT), (metadata, e) -> {
            if (e != null) {
                failed.compareAndSet(null, e);
            }
        });
    }

    @Override
    public void absent(String listId, String memberId) {
        // An absent entry that is lost only makes a later start repeat the tombstone.
        producer.send(new ProducerRecord<>(topic, key(listId, memberId), null), (metadata, e) -> {
            if (e != null) {
                failed.compareAndSet(null, e);
            }
        });
    }

    @Override
    public void flush() {
        producer.flush();
        Exception e = failed.getAndSet(null);
        if (e != null) {
            throw failure("could not write dynamic-list members to the key-state topic", e);
        }
    }

    @Override
    public void close() {
        try {
            producer.close(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            log.warn("Closing the dynamic-list key-state producer of {} failed: {}", topic, e.toString());
        }
    }

    private ConnectException failure(String what, Throwable cause) {
        return new ConnectException(what + " " + topic + " (" + settings + ")" + (cause == null ? "" : ": " + cause),
                cause);
    }
}
