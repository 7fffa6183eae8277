package io.dynamicsdotdigital.testsupport;

import java.lang.management.ManagementFactory;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Reads a connector's task metrics the way an operator does (docs/metrics.md): over JMX from the worker's MBeans
 * {@code kafka.connect:type=plugins,connector=<name>,task=<id>,<tags>}, summed over tasks and tags.
 */
public final class PluginMetricsJmx {
    private PluginMetricsJmx() {
    }

    /** The sum of {@code metric} over the connector's tasks and every tag. */
    public static long sum(String connector, String metric) {
        return sum(connector, metric, Map.of());
    }

    /** The sum of {@code metric} over the connector's tasks whose MBean carries all of {@code tags}. */
    public static long sum(String connector, String metric, Map<String, String> tags) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        long total = 0;
        try {
            for (ObjectName name : server.queryNames(new ObjectName("kafka.connect:*"), null)) {
                if (!connector.equals(name.getKeyProperty("connector")) || name.getKeyProperty("task") == null
                        || !tags.entrySet().stream().allMatch(t -> t.getValue().equals(name.getKeyProperty(t.getKey())))) {
                    continue;
                }
                try {
                    Object value = server.getAttribute(name, metric);
                    if (value instanceof Number n) {
                        total += n.longValue();
                    }
                } catch (JMException notThere) {
                    // another MBean of the task
                }
            }
        } catch (JMException e) {
            throw new IllegalStateException("could not query the platform MBean server", e);
        }
        return total;
    }
}
