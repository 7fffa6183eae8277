package io.dynamicsdotdigital.common.metrics;

import io.dynamicsdotdigital.common.http.ApiCallListener;
import java.net.http.HttpHeaders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connector and task metrics, published through Connect's plugin metrics (KIP-877) on 4.1+ workers and through our
 * own JMX registry with the same object names on older ones ({@link #forTask}), so they appear over JMX with the
 * connector and task tags plus ours (table, stream, endpoint, status class). Values are kept here as well, so tests
 * and logs can read them without JMX. Also listens to the HTTP transport.
 */
public final class ConnectorMetrics implements ApiCallListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConnectorMetrics.class);
    /** Counts only go up. */
    public static final class Counter {
        private final LongAdder value = new LongAdder();

        public void increment() {
            value.increment();
        }

        public void add(long n) {
            value.add(n);
        }

        public long value() {
            return value.sum();
        }
    }

    /** A value that is set, for example a remaining budget or a lag. */
    public static final class Level {
        private final AtomicLong value = new AtomicLong();

        public void set(long v) {
            value.set(v);
        }

        public long value() {
            return value.get();
        }
    }

    /**
     * Task config key the connectors set to the task's index ({@link #withTaskIds}), the worker's task id; older
     * workers give tasks no other way to learn it, and the JMX fallback tags metrics with it.
     */
    public static final String TASK_ID_CONFIG = "dynamicsdotdigital.task.id";

    private final MetricsRegistry pluginMetrics;
    private final Map<String, String> baseTags;
    private final Map<String, Object> byKey = new ConcurrentHashMap<>();
    private final List<MetricName> registered = new CopyOnWriteArrayList<>();
    /** Metrics whose name an earlier instance of the same task still holds; registered once it lets go. */
    private final Map<MetricName, Gauge<Long>> deferred = new ConcurrentHashMap<>();
    private volatile long nextDeferredAttemptMillis;

    /**
     * @param pluginMetrics where metrics are published; null to keep values only locally (unit tests)
     * @param baseTags      tags on every metric of this instance, for example {@code table=contact}
     */
    public ConnectorMetrics(MetricsRegistry pluginMetrics, Map<String, String> baseTags) {
        this.pluginMetrics = pluginMetrics;
        this.baseTags = new LinkedHashMap<>(baseTags);
    }

    /**
     * A task's metrics: the worker's plugin metrics where the worker offers them (Kafka Connect 4.1+), else our own
     * JMX registry under the same names, tagged with the connector name and task id from the task config. Logs
     * once which one is used.
     *
     * @param context    the task's {@code SourceTaskContext} or {@code SinkTaskContext}; null in unit tests
     * @param taskConfig the task's config, holding {@code name} and {@link #TASK_ID_CONFIG}
     */
    public static ConnectorMetrics forTask(Object context, Map<String, String> taskConfig) {
        if (context == null) {
            return new ConnectorMetrics(null, Map.of());
        }
        MetricsRegistry registry;
        try {
            registry = WorkerPluginMetrics.fromContext(context).orElseGet(() -> new JmxPluginMetrics(
                    taskConfig.getOrDefault("name", "unnamed"), taskConfig.getOrDefault(TASK_ID_CONFIG, "0")));
        } catch (UnsupportedOperationException contextWithoutMetrics) {
            return new ConnectorMetrics(null, Map.of());
        }
        log.info("Task metrics are published through {}", registry.describe());
        return new ConnectorMetrics(registry, Map.of());
    }

    /**
     * Puts each task's index into its config as {@link #TASK_ID_CONFIG}: the worker numbers tasks by their place in
     * the list {@code taskConfigs} returns.
     */
    public static List<Map<String, String>> withTaskIds(List<Map<String, String>> taskConfigs) {
        List<Map<String, String>> out = new java.util.ArrayList<>(taskConfigs.size());
        for (int i = 0; i < taskConfigs.size(); i++) {
            Map<String, String> config = new LinkedHashMap<>(taskConfigs.get(i));
            config.put(TASK_ID_CONFIG, Integer.toString(i));
            out.add(config);
        }
        return out;
    }

    public Counter counter(String name, String description, Map<String, String> tags) {
        return (Counter) byKey.computeIfAbsent(key(name, tags), k -> {
            Counter c = new Counter();
            register(name, description, tags, (Gauge<Long>) (config, now) -> c.value());
            return c;
        });
    }

    public Counter counter(String name, String description) {
        return counter(name, description, Map.of());
    }

    public Level level(String name, String description, Map<String, String> tags) {
        return (Level) byKey.computeIfAbsent(key(name, tags), k -> {
            Level l = new Level();
            register(name, description, tags, (Gauge<Long>) (config, now) -> l.value());
            return l;
        });
    }

    public Level level(String name, String description) {
        return level(name, description, Map.of());
    }

    /** The current value of a metric by name and extra tags, or empty if it was never created. */
    public Optional<Long> value(String name, Map<String, String> tags) {
        Object m = byKey.get(key(name, tags));
        if (m instanceof Counter c) {
            return Optional.of(c.value());
        }
        if (m instanceof Level l) {
            return Optional.of(l.value());
        }
        return Optional.empty();
    }

    /** Sum of a metric over all its tag combinations. */
    public long total(String name) {
        long sum = 0;
        for (Map.Entry<String, Object> e : byKey.entrySet()) {
            if (e.getKey().equals(name) || e.getKey().startsWith(name + "{")) {
                Object m = e.getValue();
                sum += m instanceof Counter c ? c.value() : ((Level) m).value();
            }
        }
        return sum;
    }

    private void register(String name, String description, Map<String, String> tags, Gauge<Long> gauge) {
        if (pluginMetrics == null) {
            return;
        }
        LinkedHashMap<String, String> all = new LinkedHashMap<>(baseTags);
        all.putAll(tags);
        MetricName metricName = pluginMetrics.metricName(name, description, all);
        if (!tryAdd(metricName, gauge)) {
            if (deferred.isEmpty()) {
                log.warn("Metric {} {} is still registered by an earlier instance of this task that has not"
                        + " finished stopping; it and any others in the same state are registered once that instance"
                        + " ends. Values are counted meanwhile.", name, metricName.tags());
            }
            deferred.put(metricName, gauge);
        }
    }

    /**
     * A task the worker gave up waiting for (stuck in a slow API call) keeps its metric names until its thread
     * ends, while its replacement already runs with the same connector and task tags. Failing the replacement for
     * that would turn a slow call into a dead task, so the names are taken over when they become free.
     */
    private boolean tryAdd(MetricName metricName, Gauge<Long> gauge) {
        try {
            pluginMetrics.addMetric(metricName, gauge);
            registered.add(metricName);
            return true;
        } catch (IllegalArgumentException alreadyRegistered) {
            return false;
        }
    }

    /** Registers metrics that were deferred, at most once a second; cheap when there are none. */
    public void registerDeferred() {
        if (deferred.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        if (now < nextDeferredAttemptMillis) {
            return;
        }
        nextDeferredAttemptMillis = now + 1000;
        deferred.entrySet().removeIf(e -> tryAdd(e.getKey(), e.getValue()));
        if (deferred.isEmpty()) {
            log.info("All deferred metrics are registered now");
        }
    }

    /** Metrics still waiting for an earlier task instance to release their names. */
    public int deferredCount() {
        return deferred.size();
    }

    private static String key(String name, Map<String, String> tags) {
        return tags.isEmpty() ? name : name + new TreeMap<>(tags);
    }

    // --- HTTP transport listener -------------------------------------------------------------------------------

    @Override
    public void onAttempt(String endpointFamily, int status, long elapsedNanos) {
        registerDeferred();
        String statusClass = status == 0 ? "none" : (status / 100) + "xx";
        counter("api-calls-total", "API calls by endpoint family and status class (none = no answer)",
                Map.of("endpoint", endpointFamily, "status-class", statusClass)).increment();
        counter("api-call-time-ms-total", "Milliseconds spent in API calls by endpoint family",
                Map.of("endpoint", endpointFamily)).add(elapsedNanos / 1_000_000);
        if (status == 429) {
            counter("api-throttled-total", "429 answers received").increment();
        }
    }

    @Override
    public void onRetry(String endpointFamily, int status, long waitMillis, boolean serverAsked) {
        counter("api-retries-total", "API call retries by endpoint family",
                Map.of("endpoint", endpointFamily)).increment();
        counter(serverAsked ? "retry-after-wait-ms-total" : "backoff-wait-ms-total",
                serverAsked ? "Milliseconds waited because the server asked (Retry-After, X-RateLimit-Reset)"
                        : "Milliseconds of exponential backoff between retries").add(waitMillis);
    }

    @Override
    public void onRateLimitWait(long waitMillis) {
        counter("rate-limit-wait-ms-total", "Milliseconds waited for the client-side call budget").add(waitMillis);
    }

    @Override
    public void onResponseHeaders(HttpHeaders headers) {
        headers.firstValue("X-RateLimit-Remaining").or(() -> headers.firstValue("x-ms-ratelimit-burst-remaining-xrm-requests"))
                .flatMap(ConnectorMetrics::parse)
                .ifPresent(v -> level("api-budget-remaining", "Remaining API calls as the server last reported").set(v));
        headers.firstValue("x-ms-ratelimit-time-remaining-xrm-requests").flatMap(ConnectorMetrics::parse)
                .ifPresent(v -> level("api-execution-time-remaining", "Remaining execution time (Dataverse) as last reported").set(v));
    }

    private static Optional<Long> parse(String v) {
        try {
            return Optional.of((long) Double.parseDouble(v.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        if (pluginMetrics != null) {
            for (MetricName name : registered) {
                try {
                    pluginMetrics.removeMetric(name);
                } catch (RuntimeException ignored) {
                    // The worker may already have dropped the plugin's metrics.
                }
            }
        }
        registered.clear();
        deferred.clear();
    }
}
