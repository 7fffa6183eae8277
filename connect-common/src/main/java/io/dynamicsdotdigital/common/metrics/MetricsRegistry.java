package io.dynamicsdotdigital.common.metrics;

import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;

/**
 * Where a task's metrics are published: the worker's plugin metrics on Kafka Connect 4.1+ ({@link
 * WorkerPluginMetrics}), or the connectors' own JMX registry on older workers ({@link JmxPluginMetrics}). Only types
 * that exist in every supported Kafka version (3.7+) appear here, so nothing a task loads can name a class that an
 * older worker lacks.
 */
public interface MetricsRegistry {

    /** The name of a metric in the group {@code plugins}, carrying the connector and task tags plus {@code tags}. */
    MetricName metricName(String name, String description, Map<String, String> tags);

    /** @throws IllegalArgumentException when the name is taken, for example by a task instance still stopping */
    void addMetric(MetricName name, Gauge<Long> gauge);

    void removeMetric(MetricName name);

    /** How the metrics reach the operator, for the one log line at task start. */
    String describe();
}
