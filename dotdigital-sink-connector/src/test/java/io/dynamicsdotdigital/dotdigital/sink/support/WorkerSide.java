package io.dynamicsdotdigital.dotdigital.sink.support;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.SinkTaskContext;

/** The worker's side of the task contract: what a sink task may ask of its worker. */
public final class WorkerSide implements SinkTaskContext {
    private final Map<String, String> configs;
    private final Set<TopicPartition> assignment;
    private long lastTimeoutMs;

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

    @Override
    public PluginMetrics pluginMetrics() {
        return null;
    }
}
