package io.dynamicsdotdigital.common.config;

import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Task configurations for connectors whose tasks all run with the connector's own settings. */
public final class TaskConfigs {
    private TaskConfigs() {
    }

    /**
     * {@code maxTasks} copies of the connector's settings, each with its task id
     * ({@link ConnectorMetrics#withTaskIds}); Kafka spreads the topic partitions over the tasks.
     */
    public static List<Map<String, String>> copies(Map<String, String> props, int maxTasks) {
        return ConnectorMetrics.withTaskIds(Collections.nCopies(maxTasks, props));
    }
}
