package io.dynamicsdotdigital.common.metrics;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.MetricValueProvider;

/**
 * The worker's plugin metrics (KIP-877, Kafka Connect 4.1+), reached by reflection. The plugins are compiled against
 * the oldest supported Connect API (3.7), where neither {@code PluginMetrics} nor {@code pluginMetrics()} exists;
 * any class naming them would fail to load on a 3.x worker, so they are only ever looked up at run time.
 */
public final class WorkerPluginMetrics implements MetricsRegistry {
    private static final String PLUGIN_METRICS_CLASS = "org.apache.kafka.common.metrics.PluginMetrics";

    private final Object pluginMetrics;
    private final Method metricName;
    private final Method addMetric;
    private final Method removeMetric;

    private WorkerPluginMetrics(Object pluginMetrics, Class<?> api) throws NoSuchMethodException {
        this.pluginMetrics = pluginMetrics;
        this.metricName = api.getMethod("metricName", String.class, String.class, LinkedHashMap.class);
        this.addMetric = api.getMethod("addMetric", MetricName.class, MetricValueProvider.class);
        this.removeMetric = api.getMethod("removeMetric", MetricName.class);
    }

    /**
     * The plugin metrics a connector or task context offers, or empty when the worker has none (before Kafka 4.1).
     *
     * @throws UnsupportedOperationException when the context has the method but offers nothing (test contexts
     *                                       refuse or return null)
     */
    public static Optional<MetricsRegistry> fromContext(Object context) {
        if (context == null) {
            return Optional.empty();
        }
        try {
            Class<?> api = Class.forName(PLUGIN_METRICS_CLASS, false, MetricName.class.getClassLoader());
            Method accessor = publicInterfaceMethod(context.getClass(), "pluginMetrics");
            if (accessor == null) {
                return Optional.empty();
            }
            Object metrics = accessor.invoke(context);
            if (metrics == null) {
                throw new UnsupportedOperationException("The task context offers no plugin metrics");
            }
            return Optional.of(new WorkerPluginMetrics(metrics, api));
        } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
            return Optional.empty();
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof UnsupportedOperationException refused) {
                throw refused;
            }
            throw new IllegalStateException("The worker's pluginMetrics() failed", e.getCause());
        }
    }

    /** Wraps a {@code PluginMetrics} instance (for tests that build one over Kafka's own registry). */
    public static MetricsRegistry wrap(Object pluginMetrics) {
        try {
            Class<?> api = Class.forName(PLUGIN_METRICS_CLASS, false, MetricName.class.getClassLoader());
            if (!api.isInstance(pluginMetrics)) {
                throw new IllegalArgumentException("Not a PluginMetrics: " + pluginMetrics.getClass().getName());
            }
            return new WorkerPluginMetrics(pluginMetrics, api);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new IllegalStateException("This Kafka version has no plugin metrics", e);
        }
    }

    /**
     * The method as declared by a public interface the context implements: the worker's context classes are not
     * public, so a {@link Method} taken from them could not be invoked.
     */
    private static Method publicInterfaceMethod(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> iface : c.getInterfaces()) {
                Method m = interfaceMethod(iface, name);
                if (m != null) {
                    return m;
                }
            }
        }
        return null;
    }

    private static Method interfaceMethod(Class<?> iface, String name) {
        if (java.lang.reflect.Modifier.isPublic(iface.getModifiers())) {
            try {
                return iface.getMethod(name);
            } catch (NoSuchMethodException ignored) {
                // Not on this interface; its super-interfaces are searched below.
            }
        }
        for (Class<?> parent : iface.getInterfaces()) {
            Method m = interfaceMethod(parent, name);
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    @Override
    public MetricName metricName(String name, String description, Map<String, String> tags) {
        return (MetricName) call(metricName, name, description, new LinkedHashMap<>(tags));
    }

    @Override
    public void addMetric(MetricName name, Gauge<Long> gauge) {
        call(addMetric, name, gauge);
    }

    @Override
    public void removeMetric(MetricName name) {
        call(removeMetric, name);
    }

    @Override
    public String describe() {
        return "the worker's plugin metrics (Kafka Connect 4.1+)";
    }

    private Object call(Method method, Object... args) {
        try {
            return method.invoke(pluginMetrics, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("PluginMetrics." + method.getName() + " failed", e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("PluginMetrics." + method.getName() + " is not accessible", e);
        }
    }
}
