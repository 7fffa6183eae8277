package io.dynamicsdotdigital.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskConfigsTest {

    @Test
    void everyTaskGetsItsOwnCopyOfTheSettingsWithItsTaskId() {
        Map<String, String> props = new HashMap<>(Map.of("topics", "contacts"));

        List<Map<String, String>> configs = TaskConfigs.copies(props, 3);

        assertEquals(3, configs.size());
        for (int i = 0; i < 3; i++) {
            assertEquals("contacts", configs.get(i).get("topics"));
            assertEquals(Integer.toString(i), configs.get(i).get(ConnectorMetrics.TASK_ID_CONFIG));
        }
        configs.get(0).put("topics", "changed");
        assertEquals("contacts", configs.get(1).get("topics"));
        assertFalse(props.containsKey(ConnectorMetrics.TASK_ID_CONFIG));
    }
}
