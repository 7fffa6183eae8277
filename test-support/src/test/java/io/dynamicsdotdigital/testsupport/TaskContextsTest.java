package io.dynamicsdotdigital.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.junit.jupiter.api.Test;

class TaskContextsTest {
    @Test
    void aSourceContextReadsTheStoredOffsetsAtEveryCall() {
        Map<Map<String, Object>, Map<String, Object>> stored = new HashMap<>();
        SourceTaskContext context = TaskContexts.source(Map.of("name", "t"), stored);
        Map<String, Object> partition = Map.of("table", "contact");
        assertNull(context.offsetStorageReader().offset(partition));
        stored.put(partition, Map.of("link", "next"));
        assertEquals(Map.of("link", "next"), context.offsetStorageReader().offset(partition));
        assertEquals(Map.of(partition, Map.of("link", "next")),
                context.offsetStorageReader().offsets(List.of(partition, Map.of("table", "lead"))));
        assertEquals("t", context.configs().get("name"));
    }
}
