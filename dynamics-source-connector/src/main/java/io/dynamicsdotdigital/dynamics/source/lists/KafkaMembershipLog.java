package io.dynamicsdotdigital.dynamics.source.lists;

import io.dynamicsdotdigital.dynamics.source.KeyStateTopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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

    private final String topic;
    private final String settings;
    private final Map<String, Object> clientProps;
    private final KafkaProducer<byte[], byte[]> producer;
    /** The first failed write since the last flush. */
    private final AtomicReference<Exception> failed = new AtomicReference<>();
    /** The members read already with the topic's table entries, or null to read them in {@link #load}. */
    private final Map<String, MemberIdSet> loaded;

    /**
     * @param settings    the settings that name the topic and reach it, for error messages
     * @param clientProps bootstrap servers and any client overrides (security settings)
     */
    public KafkaMembershipLog(String topic, String settings, Map<String, Object> clientProps, String clientId) {
        this(topic, settings, clientProps, clientId, null);
    }

    /** @param loaded the members already read from the topic (with its table entries), or null to read them here */
    public KafkaMembershipLog(String topic, String settings, Map<String, Object> clientProps, String clientId,
                              Map<String, MemberIdSet> loaded) {
        this.topic = topic;
        this.loaded = loaded;
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
        if (loaded != null) {
            return loaded;
        }
        Entries entries = new Entries();
        new KeyStateTopicReader(topic, clientProps, settings).readToEnd(entries);
        return entries.members(topic);
    }

    /**
     * The dynamic-list members among the key-state topic's entries, handed in one by one (by this log's own read,
     * or by the read that loads the table entries too).
     */
    public static final class Entries implements Consumer<ConsumerRecord<byte[], byte[]>> {
        private final Map<String, Set<UUID>> lists = new HashMap<>();
        private final long started = System.nanoTime();

        @Override
        public void accept(ConsumerRecord<byte[], byte[]> r) {
            String[] listAndMember = listAndMember(r.key());
            if (listAndMember == null) {
                return;
            }
            UUID member;
            try {
                member = UUID.fromString(listAndMember[1]);
            } catch (IllegalArgumentException e) {
                log.warn("Key-state entry at offset {} names no member id ({}); ignored", r.offset(),
                        listAndMember[1]);
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

        /** Every member read, by list id. */
        public Map<String, MemberIdSet> members(String topic) {
            Map<String, MemberIdSet> out = new HashMap<>();
            long total = 0;
            for (Map.Entry<String, Set<UUID>> e : lists.entrySet()) {
                MemberIdSet.Builder builder = new MemberIdSet.Builder();
                e.getValue().forEach(id -> builder.add(id.toString()));
                out.put(e.getKey(), builder.build());
                total += e.getValue().size();
            }
            lists.clear();
            log.info("Read {} dynamic-list members of {} lists from the key-state topic {} in {} ms", total,
                    out.size(), topic, (System.nanoTime() - started) / 1_000_000);
            return out;
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
