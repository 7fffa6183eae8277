package io.dynamicsdotdigital.dynamics.source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key state in a compacted topic the connector owns (one partition; created if missing), read and written with
 * the connector's own Kafka clients, like Debezium's schema history topic.
 */
final class KafkaKeyStateStore implements KeyStateStore {
    private static final Logger log = LoggerFactory.getLogger(KafkaKeyStateStore.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final String topic;
    private final Map<String, Object> clientProps;
    private final KeyStateTopicReader reader;
    private final KafkaProducer<byte[], byte[]> producer;
    private final List<Future<RecordMetadata>> unflushed = new ArrayList<>();

    /** @param clientProps bootstrap servers and any client overrides (security settings) */
    KafkaKeyStateStore(String topic, Map<String, Object> clientProps, String clientId) {
        this.topic = topic;
        this.clientProps = Map.copyOf(clientProps);
        this.reader = new KeyStateTopicReader(topic, clientProps, DynamicsSourceConfig.KEY_STATE_TOPIC + ", "
                + DynamicsSourceConfig.KEY_STATE_BOOTSTRAP_SERVERS);
        createTopicIfMissing();
        Map<String, Object> p = new HashMap<>(clientProps);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.producer = new KafkaProducer<>(p);
    }

    private void createTopicIfMissing() {
        try (Admin admin = Admin.create(clientProps)) {
            if (admin.listTopics().names().get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS).contains(topic)) {
                warnUnlessCompacted(admin);
                return;
            }
            NewTopic compacted = new NewTopic(topic, Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(compacted)).all().get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            log.info("Created the compacted key-state topic {}", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw failure("could not create the key-state topic", e.getCause());
            }
        } catch (TimeoutException e) {
            throw failure("timed out creating the key-state topic", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted creating the key-state topic", e);
        }
    }

    /** Time or size retention would drop entries of rows that still exist, and their deletes would be missed. */
    private void warnUnlessCompacted(Admin admin) throws ExecutionException, InterruptedException, TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        ConfigEntry policy = admin.describeConfigs(List.of(resource)).all()
                .get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(resource).get(TopicConfig.CLEANUP_POLICY_CONFIG);
        if (policy == null || !TopicConfig.CLEANUP_POLICY_COMPACT.equals(policy.value())) {
            log.warn("The key-state topic {} ({}) has cleanup.policy={}, not compact: entries of rows that still exist"
                    + " can be deleted, and deletes of those rows while no task runs would then be missed", topic,
                    DynamicsSourceConfig.KEY_STATE_TOPIC, policy == null ? "(unknown)" : policy.value());
        }
    }

    @Override
    public Map<String, StoredKeys> load(Collection<String> tables, Map<String, Long> snapshotEpochs,
                                        Consumer<ConsumerRecord<byte[], byte[]>> otherEntries) {
        Map<String, StoredKeys> out = new HashMap<>();
        tables.forEach(t -> out.put(t, StoredKeys.empty()));
        long started = System.nanoTime();
        long entries = reader.readToEnd(r -> {
            apply(out, snapshotEpochs, r);
            otherEntries.accept(r);
        });
        log.info("Read {} key-state entries of tables {} from {} in {} ms", entries, tables, topic,
                (System.nanoTime() - started) / 1_000_000);
        return out;
    }

    private static void apply(Map<String, StoredKeys> out, Map<String, Long> epochs, ConsumerRecord<byte[], byte[]> r) {
        String[] tableAndId = KeyStateCodec.tableAndId(r.key());
        StoredKeys keys = tableAndId == null ? null : out.get(tableAndId[0]);
        if (keys == null) {
            return;
        }
        String id = tableAndId[1];
        keys.present().remove(id);
        keys.presentKeys().remove(id);
        keys.seen().remove(id);
        keys.seenKeys().remove(id);
        if (r.value() == null) {
            return;
        }
        KeyStateCodec.Present entry;
        try {
            entry = KeyStateCodec.present(r.value());
        } catch (IllegalArgumentException e) {
            log.warn("Key-state entry at offset {} of partition {} is unreadable ({}); ignored", r.offset(),
                    r.partition(), e.getMessage());
            return;
        }
        long epoch = epochs.getOrDefault(tableAndId[0], 0L);
        boolean seen = epoch != 0 && entry.epoch() == epoch;
        if (entry.keyValues().isEmpty()) {
            keys.present().put(id, null);
            if (seen) {
                keys.seen().put(id, null);
            }
        } else {
            String[] values = entry.keyValues().toArray(String[]::new);
            keys.presentKeys().put(id, values);
            if (seen) {
                keys.seenKeys().put(id, values);
            }
        }
    }

    @Override
    public void present(String table, String id, long epoch, Collection<String> keyValues) {
        send(table, id, KeyStateCodec.value(epoch, keyValues));
    }

    @Override
    public void absent(String table, String id) {
        // Not awaited: an absent entry that is lost only makes a later start repeat the tombstone.
        producer.send(new ProducerRecord<>(topic, KeyStateCodec.key(table, id), null), (metadata, e) -> {
            if (e != null) {
                log.warn("Key-state entry for the tombstone of {} {} not written ({}); a restart may repeat the"
                        + " tombstone", table, id, e.toString());
            }
        });
    }

    private synchronized void send(String table, String id, byte[] value) {
        unflushed.add(producer.send(new ProducerRecord<>(topic, KeyStateCodec.key(table, id), value)));
    }

    @Override
    public void flush() {
        List<Future<RecordMetadata>> sent;
        synchronized (this) {
            if (unflushed.isEmpty()) {
                return;
            }
            sent = new ArrayList<>(unflushed);
            unflushed.clear();
        }
        producer.flush();
        for (Future<RecordMetadata> f : sent) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw failure("could not write to the key-state topic", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("interrupted writing to the key-state topic", e);
            }
        }
    }

    @Override
    public void close() {
        try {
            producer.close(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            log.warn("Closing the key-state producer of {} failed: {}", topic, e.toString());
        }
    }

    private ConnectException failure(String what, Throwable cause) {
        return new ConnectException(what + " " + topic + " (" + DynamicsSourceConfig.KEY_STATE_TOPIC + ", "
                + DynamicsSourceConfig.KEY_STATE_BOOTSTRAP_SERVERS + ")" + (cause == null ? "" : ": " + cause), cause);
    }
}
