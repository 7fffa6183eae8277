package io.dynamicsdotdigital.common.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.metrics.KafkaMetricsContext;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.utils.Time;

/**
 * The connectors' own metrics registry for workers without plugin metrics (Kafka Connect before 4.1). It publishes
 * over JMX under the same object names a 4.1+ worker gives plugin metrics,
 * {@code kafka.connect:type=plugins,connector=<name>,task=<id>,<tags>}, so dashboards and JMX queries read both
 * alike. One registry per plugin class loader, shared by its tasks, so a task instance that is still stopping and
 * its replacement meet the same name clash (and the same hand-over) as on a 4.1+ worker.
 */
public final class JmxPluginMetrics implements MetricsRegistry {
    static final String JMX_DOMAIN = "kafka.connect";
    static final String GROUP = "plugins";

    private static final Metrics REGISTRY = new Metrics(new MetricConfig(), List.of(new JmxReporter()), Time.SYSTEM,
            new KafkaMetricsContext(JMX_DOMAIN));

    private final Map<String, String> taskTags;

    /** @param taskTags {@code connector} and {@code task}, in that order, as the worker tags plugin metrics */
    public JmxPluginMetrics(String connector, String task) {
        this.taskTags = new LinkedHashMap<>();
        taskTags.put("connector", connector);
        taskTags.put("task", task);
    }

    @Override
    public MetricName metricName(String name, String description, Map<String, String> tags) {
        Map<String, String> all = new LinkedHashMap<>(taskTags);
        all.putAll(tags);
        return REGISTRY.metricName(name, GROUP, description, all);
    }

    @Override
    public void addMetric(MetricName name, Gauge<Long> gauge) {
        REGISTRY.addMetric(name, gauge);
    }

    @Override
    public void removeMetric(MetricName name) {
        REGISTRY.removeMetric(name);
    }

    @Override
    public String describe() {
        return "JMX as " + JMX_DOMAIN + ":type=" + GROUP + ",connector=" + taskTags.get("connector") + ",task="
                + taskTags.get("task") + ",... (this worker has no plugin metrics: Kafka Connect before 4.1)";
    }
}
