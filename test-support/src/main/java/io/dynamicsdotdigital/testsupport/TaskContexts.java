package io.dynamicsdotdigital.testsupport;

import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * Task contexts as a worker hands them to a task, without a worker. Built as proxies of the Connect interfaces, so
 * the same test code compiles and runs on every supported Connect version whatever methods the interface gained
 * (4.1 added {@code pluginMetrics()}, which answers null here: metrics are then kept only in the task).
 */
public final class TaskContexts {
    private TaskContexts() {
    }

    /** A source task context over a map of stored offsets (partition -> offset), read at every call. */
    public static SourceTaskContext source(Map<String, String> configs,
            Map<Map<String, Object>, Map<String, Object>> storedOffsets) {
        OffsetStorageReader reader = new OffsetStorageReader() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> Map<String, Object> offset(Map<String, T> partition) {
                return storedOffsets.get((Map<String, Object>) (Map<String, ?>) partition);
            }

            @Override
            public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                Map<Map<String, T>, Map<String, Object>> out = new HashMap<>();
                for (Map<String, T> partition : partitions) {
                    Map<String, Object> offset = offset(partition);
                    if (offset != null) {
                        out.put(partition, offset);
                    }
                }
                return out;
            }
        };
        return (SourceTaskContext) Proxy.newProxyInstance(TaskContexts.class.getClassLoader(),
                new Class<?>[] {SourceTaskContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "configs" -> configs;
                    case "offsetStorageReader" -> reader;
                    case "toString" -> "SourceTaskContext(test)";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    /**
     * A sink task context with the given settings and assignment; {@code reporter} is the dead-letter queue (null:
     * none configured). Offset, pause, resume, timeout and commit requests are accepted and ignored.
     */
    public static SinkTaskContext sink(Map<String, String> configs, Set<TopicPartition> assignment,
            ErrantRecordReporter reporter) {
        return sink(configs, assignment, reporter, timeoutMs -> { });
    }

    /** As {@link #sink(Map, Set, ErrantRecordReporter)}, handing each {@code timeout(ms)} the task asks for on. */
    public static SinkTaskContext sink(Map<String, String> configs, Set<TopicPartition> assignment,
            ErrantRecordReporter reporter, LongConsumer timeouts) {
        return (SinkTaskContext) Proxy.newProxyInstance(TaskContexts.class.getClassLoader(),
                new Class<?>[] {SinkTaskContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "configs" -> configs;
                    case "assignment" -> assignment;
                    case "errantRecordReporter" -> reporter;
                    case "timeout" -> {
                        timeouts.accept((Long) args[0]);
                        yield null;
                    }
                    case "toString" -> "SinkTaskContext(test)";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }
}
