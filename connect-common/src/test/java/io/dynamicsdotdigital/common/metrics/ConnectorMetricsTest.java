package io.dynamicsdotdigital.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.junit.jupiter.api.Test;

/** Against Kafka's own metrics registry and plugin metrics, as a worker hands them to a task. */
class ConnectorMetricsTest {
    private static final Map<String, String> TASK_TAGS = Map.of("connector", "c", "task", "0");

    @Test
    void countersAreVisibleInTheWorkersRegistryWithTheirTags() throws Exception {
        try (Metrics registry = new Metrics()) {
            PluginMetricsImpl plugin = new PluginMetricsImpl(registry, TASK_TAGS);
            ConnectorMetrics metrics = new ConnectorMetrics(WorkerPluginMetrics.wrap(plugin), Map.of("table", "contact"));
            metrics.counter("records-read-total", "rows").add(7);
            assertEquals(7.0, value(registry, "records-read-total"));
            metrics.close();
            assertNull(find(registry, "records-read-total"), "close() removes what the instance registered");
        }
    }

    @Test
    void aReplacementTaskTakesOverMetricNamesWhenTheCancelledInstanceLetsGo() throws Exception {
        try (Metrics registry = new Metrics()) {
            PluginMetricsImpl zombiePlugin = new PluginMetricsImpl(registry, TASK_TAGS);
            ConnectorMetrics zombie = new ConnectorMetrics(WorkerPluginMetrics.wrap(zombiePlugin), Map.of("table", "lead"));
            zombie.counter("records-read-total", "rows").add(60);

            PluginMetricsImpl replacementPlugin = new PluginMetricsImpl(registry, TASK_TAGS);
            ConnectorMetrics replacement = new ConnectorMetrics(WorkerPluginMetrics.wrap(replacementPlugin), Map.of("table", "lead"));
            ConnectorMetrics.Counter read = replacement.counter("records-read-total", "rows");
            read.add(5);
            assertEquals(1, replacement.deferredCount(), "the name is still taken, so registration waits");
            assertEquals(60.0, value(registry, "records-read-total"));

            zombie.close();
            zombiePlugin.close();
            replacement.registerDeferred();
            assertEquals(0, replacement.deferredCount());
            read.add(1);
            assertEquals(6.0, value(registry, "records-read-total"), "the replacement's counts, kept meanwhile");
            replacement.close();
            replacementPlugin.close();
        }
    }

    private static KafkaMetric find(Metrics registry, String name) {
        for (Map.Entry<MetricName, KafkaMetric> e : registry.metrics().entrySet()) {
            if (e.getKey().name().equals(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static Object value(Metrics registry, String name) {
        KafkaMetric metric = find(registry, name);
        return metric == null ? null : ((Number) metric.metricValue()).doubleValue();
    }

}
