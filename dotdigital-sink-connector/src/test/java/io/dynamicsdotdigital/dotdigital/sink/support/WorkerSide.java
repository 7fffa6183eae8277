package io.dynamicsdotdigital.dotdigital.sink.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/** The worker's side of the task contract: what a sink task may ask of its worker. */
public final class WorkerSide implements SinkTaskContext {
    private final Map<String, String> configs;
    private final Set<TopicPartition> assignment;
    private long lastTimeoutMs = -1;
    private final List<SinkRecord> deadLettered = new ArrayList<>();
    private final List<Throwable> deadLetterReasons = new ArrayList<>();
    private boolean deadLetterQueue;

    public WorkerSide(Map<String, String> configs, Set<TopicPartition> assignment) {
        this.configs = configs;
        this.assignment = assignment;
    }

    @Override
    public Map<String, String> configs() {
        return configs;
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
    }

    @Override
    public void offset(TopicPartition tp, long offset) {
    }

    @Override
    public void timeout(long timeoutMs) {
        lastTimeoutMs = timeoutMs;
    }

    /** The last redelivery timeout the task asked for. */
    public long lastTimeoutMs() {
        return lastTimeoutMs;
    }

    /** The timeout the worker's next consumer poll would honour, cleared as the worker clears it; -1 for none. */
    public long takeTimeoutMs() {
        long t = lastTimeoutMs;
        lastTimeoutMs = -1;
        return t;
    }

    @Override
    public Set<TopicPartition> assignment() {
        return assignment;
    }

    @Override
    public void pause(TopicPartition... partitions) {
    }

    @Override
    public void resume(TopicPartition... partitions) {
    }

    @Override
    public void requestCommit() {
    }

    /** Offers an errant record reporter, as a worker with errors.deadletterqueue.topic.name set does. */
    public WorkerSide withDeadLetterQueue() {
        deadLetterQueue = true;
        return this;
    }

    @Override
    public ErrantRecordReporter errantRecordReporter() {
        if (!deadLetterQueue) {
            return null;
        }
        return (record, error) -> {
            synchronized (deadLettered) {
                deadLettered.add(record);
                deadLetterReasons.add(error);
            }
            return CompletableFuture.completedFuture(null);
        };
    }

    public List<SinkRecord> deadLettered() {
        synchronized (deadLettered) {
            return new ArrayList<>(deadLettered);
        }
    }

    public List<Throwable> deadLetterReasons() {
        synchronized (deadLettered) {
            return new ArrayList<>(deadLetterReasons);
        }
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return null;
    }
}
