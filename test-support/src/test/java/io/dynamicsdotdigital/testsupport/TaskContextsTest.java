package io.dynamicsdotdigital.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
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

    @Test
    void aSinkContextHandsOverItsSettingsAssignmentAndReporter() {
        ErrantRecordReporter reporter = (SinkRecord record, Throwable error) -> CompletableFuture.completedFuture(null);
        Set<TopicPartition> assignment = Set.of(new TopicPartition("summaries", 0));
        SinkTaskContext context = TaskContexts.sink(Map.of("name", "s"), assignment, reporter);
        assertEquals("s", context.configs().get("name"));
        assertEquals(assignment, context.assignment());
        assertSame(reporter, context.errantRecordReporter());
        context.timeout(100);
        context.requestCommit();
        List<Long> timeouts = new java.util.ArrayList<>();
        TaskContexts.sink(Map.of(), assignment, reporter, timeouts::add).timeout(250);
        assertEquals(List.of(250L), timeouts);
        assertNull(TaskContexts.sink(Map.of(), Set.of(), null).errantRecordReporter());
    }
}
