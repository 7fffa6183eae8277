package io.dynamicsdotdigital.dotdigital.sink.send;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * Tells whether the Dotdigital sink that imports list members has finished the imports of every record that was on
 * its topics when a list send was taken: that sink commits an offset only once the import holding the record
 * finished, so its group's committed offsets reaching the topics' end offsets (as read when the send was taken)
 * means the members synced just before the send are in their address books. Never waits itself: the task asks
 * again on a later put() or preCommit().
 */
final class ImportBarrier implements AutoCloseable {
    private final Admin admin;
    private final Map<String, Object> kafkaProps;
    private final String group;
    private final List<String> topics;
    private KafkaConsumer<byte[], byte[]> reader;

    /** @param kafkaProps client settings for the consumer that looks past transaction markers (see below) */
    ImportBarrier(Admin admin, Map<String, Object> kafkaProps, String group, List<String> topics) {
        this.admin = admin;
        this.kafkaProps = kafkaProps;
        this.group = group;
        this.topics = topics;
    }

    boolean enabled() {
        return !group.isEmpty() && !topics.isEmpty();
    }

    /** The end offsets of the awaited topics now: what a list send taken now waits for. */
    Map<TopicPartition, Long> snapshot() {
        try {
            return endOffsets();
        } catch (ExecutionException | TimeoutException e) {
            throw new RetriableException("Could not read the end offsets of " + topics + " ("
                    + CampaignSendConfig.AWAIT_TOPICS + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("Interrupted while reading end offsets", e);
        }
    }

    /** @return null when the group caught up with {@code ends}, else what is still pending */
    String behind(Map<TopicPartition, Long> ends) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            return behind(markerReader(), ends, committed);
        } catch (ExecutionException | TimeoutException e) {
            throw new RetriableException("Could not read the offsets of group '" + group + "' ("
                    + CampaignSendConfig.AWAIT_GROUP + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("Interrupted while reading the offsets of group '" + group + "'", e);
        }
    }

    private Map<TopicPartition, Long> endOffsets() throws ExecutionException, InterruptedException,
            TimeoutException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, d) ->
                d.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /**
     * A sink commits one past the last record it finished, never past what follows it: on a topic written in
     * transactions (the Dynamics source with exactly-once) the end offset is one past a commit marker, which no
     * sink commits. So a committed offset short of the end counts as caught up when a read_committed consumer
     * finds no record between the two (only markers or aborted records).
     */
    private static String behind(KafkaConsumer<byte[], byte[]> reader, Map<TopicPartition, Long> ends,
                                 Map<TopicPartition, OffsetAndMetadata> committed) {
        StringBuilder out = new StringBuilder();
        ends.forEach((tp, end) -> {
            long done = committed.get(tp) == null ? 0 : committed.get(tp).offset();
            if (end > 0 && done < end && recordsBetween(reader, tp, done, end)) {
                out.append(out.length() == 0 ? "" : ", ").append(tp).append(" committed ").append(done)
                        .append(" of ").append(end);
            }
        });
        return out.length() == 0 ? null : out.toString();
    }

    /** Whether a record to process lies in [from, end): true when unsure, so the barrier waits rather than skips. */
    private static boolean recordsBetween(KafkaConsumer<byte[], byte[]> reader, TopicPartition tp, long from,
                                          long end) {
        reader.assign(List.of(tp));
        reader.seek(tp, from);
        long deadline = System.currentTimeMillis() + 5_000;
        while (System.currentTimeMillis() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(200)).records(tp)) {
                if (r.offset() < end) {
                    return true;
                }
            }
            if (reader.position(tp) >= end) {
                return false;
            }
        }
        return true;
    }

    private KafkaConsumer<byte[], byte[]> markerReader() {
        if (reader == null) {
            reader = newMarkerReader();
        }
        return reader;
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }

    private KafkaConsumer<byte[], byte[]> newMarkerReader() {
        Map<String, Object> props = new HashMap<>(kafkaProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
