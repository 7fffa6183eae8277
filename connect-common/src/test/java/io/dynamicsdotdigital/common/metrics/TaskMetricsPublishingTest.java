package io.dynamicsdotdigital.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.Test;

/**
 * Which registry a task's metrics reach: the worker's plugin metrics when its context offers them (4.1+), our own
 * JMX registry under the same object names when it does not (a 3.x worker's context has no such method).
 */
class TaskMetricsPublishingTest {
    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    /** A task context as a Kafka 3.x worker hands it over: no pluginMetrics() anywhere. */
    public interface ContextWithoutPluginMetrics {
        Map<String, String> configs();
    }

    @Test
    void onAWorkerWithPluginMetricsTheWorkersRegistryGetsThem() throws Exception {
        try (Metrics workerRegistry = new Metrics()) {
            PluginMetricsImpl plugin = new PluginMetricsImpl(workerRegistry, Map.of("connector", "w", "task", "0"));
            Object context = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SinkTaskContext.class},
                    (proxy, method, args) -> method.getName().equals("pluginMetrics") ? plugin : null);
            ConnectorMetrics metrics = ConnectorMetrics.forTask(context, Map.of("name", "w"));
            metrics.counter("records-written-total", "rows").add(3);
            assertTrue(workerRegistry.metrics().keySet().stream()
                    .anyMatch(n -> n.name().equals("records-written-total") && n.group().equals("plugins")));
            assertFalse(JMX.isRegistered(new ObjectName("kafka.connect:type=plugins,connector=w,task=0")),
                    "nothing of ours on JMX when the worker publishes");
            metrics.close();
            plugin.close();
        }
    }

    @Test
    void onAnOlderWorkerTheyAppearOverJmxUnderThePluginMetricsObjectName() throws Exception {
        Object context = Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ContextWithoutPluginMetrics.class}, (proxy, method, args) -> Map.of());
        Map<String, String> taskConfig = ConnectorMetrics.withTaskIds(List.of(Map.of("name", "a"),
                Map.of("name", "legacy-sink"))).get(1);
        ConnectorMetrics metrics = ConnectorMetrics.forTask(context, taskConfig);
        metrics.counter("records-read-total", "rows", Map.of("table", "contact")).add(42);

        ObjectName name = new ObjectName("kafka.connect:type=plugins,connector=legacy-sink,task=1,table=contact");
        assertTrue(JMX.isRegistered(name), "registered as " + JMX.queryNames(new ObjectName("kafka.connect:*"), null));
        assertEquals(42.0, ((Number) JMX.getAttribute(name, "records-read-total")).doubleValue());

        metrics.close();
        assertFalse(JMX.isRegistered(name), "close() unregisters");
    }

    @Test
    void onAnOlderWorkerAReplacementTaskTakesTheNamesOverWhenTheOldInstanceStops() throws Exception {
        Object context = Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ContextWithoutPluginMetrics.class}, (proxy, method, args) -> Map.of());
        Map<String, String> config = Map.of("name", "handover", ConnectorMetrics.TASK_ID_CONFIG, "0");
        ConnectorMetrics zombie = ConnectorMetrics.forTask(context, config);
        zombie.counter("records-read-total", "rows").add(60);
        ConnectorMetrics replacement = ConnectorMetrics.forTask(context, config);
        replacement.counter("records-read-total", "rows").add(5);
        assertEquals(1, replacement.deferredCount());

        zombie.close();
        replacement.registerDeferred();
        assertEquals(0, replacement.deferredCount());
        ObjectName name = new ObjectName("kafka.connect:type=plugins,connector=handover,task=0");
        assertEquals(5.0, ((Number) JMX.getAttribute(name, "records-read-total")).doubleValue());
        replacement.close();
    }

    @Test
    void aTestContextWithoutPluginMetricsKeepsValuesLocally() throws Exception {
        Object context = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SinkTaskContext.class},
                (proxy, method, args) -> null);
        ConnectorMetrics metrics = ConnectorMetrics.forTask(context, Map.of("name", "null-metrics"));
        metrics.counter("records-read-total", "rows").add(2);
        assertEquals(2L, metrics.total("records-read-total"));
        assertTrue(JMX.queryNames(new ObjectName("kafka.connect:type=plugins,connector=null-metrics,*"), null).isEmpty());
    }

    @Test
    void aTestContextThatRefusesPluginMetricsKeepsValuesLocally() {
        Object context = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SinkTaskContext.class},
                (proxy, method, args) -> {
                    throw new UnsupportedOperationException();
                });
        ConnectorMetrics metrics = ConnectorMetrics.forTask(context, Map.of("name", "t"));
        metrics.counter("records-read-total", "rows").add(2);
        assertEquals(2L, metrics.total("records-read-total"));
    }
}
