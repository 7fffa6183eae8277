package io.dynamicsdotdigital.testsupport;

import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
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
}
