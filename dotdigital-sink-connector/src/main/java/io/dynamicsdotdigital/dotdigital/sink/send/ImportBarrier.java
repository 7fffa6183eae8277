package io.dynamicsdotdigital.dotdigital.sink.send;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * Waits until the Dotdigital sink that imports list members has finished the imports of every record that was on
 * its topics when a list send was taken: that sink commits an offset only once the import holding the record
 * finished, so its group's committed offsets reaching the topics' end offsets (as read before waiting) means the
 * members synced just before the send are in their address books.
 */
final class ImportBarrier {
    private final Admin admin;
    private final String group;
    private final List<String> topics;
    private final long timeoutMs;

    ImportBarrier(Admin admin, String group, List<String> topics, long timeoutMs) {
        this.admin = admin;
        this.group = group;
        this.topics = topics;
        this.timeoutMs = timeoutMs;
    }

    boolean enabled() {
        return !group.isEmpty() && !topics.isEmpty();
    }

    /** @return null when caught up, else what is still pending (after the timeout) */
    String await() {
        if (!enabled()) {
            return null;
        }
        try {
            Map<TopicPartition, Long> ends = endOffsets();
            long deadline = System.currentTimeMillis() + timeoutMs;
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                String behind = behind(ends, committed);
                if (behind == null || System.currentTimeMillis() >= deadline) {
                    return behind;
                }
                Thread.sleep(Math.min(200, Math.max(1, deadline - System.currentTimeMillis())));
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new RetriableException("Could not read the offsets of group '" + group + "' ("
                    + CampaignSendConfig.AWAIT_GROUP + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("Interrupted while waiting for imports", e);
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

    private static String behind(Map<TopicPartition, Long> ends, Map<TopicPartition, OffsetAndMetadata> committed) {
        StringBuilder out = new StringBuilder();
        ends.forEach((tp, end) -> {
            long done = committed.get(tp) == null ? 0 : committed.get(tp).offset();
            if (end > 0 && done < end) {
                out.append(out.length() == 0 ? "" : ", ").append(tp).append(" committed ").append(done)
                        .append(" of ").append(end);
            }
        });
        return out.length() == 0 ? null : out.toString();
    }
}
