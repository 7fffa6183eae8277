package io.dynamicsdotdigital.dynamics.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.dataverse.client.DataverseClient;
import io.dynamicsdotdigital.dataverse.client.PageQuery;
import io.dynamicsdotdigital.dataverse.client.PageResult;
import io.dynamicsdotdigital.dataverse.client.RowReader;
import io.dynamicsdotdigital.dataverse.client.auth.TokenUnavailableException;
import io.dynamicsdotdigital.testsupport.TaskContexts;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** The task over its package-private constructor: its own client and clock, no servers. */
class DynamicsSourceTaskTest {
    final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));

    static DynamicsSourceTask started(DynamicsSourceTask task, String tables) {
        Map<String, String> props = new HashMap<>(TableScheduleTest.props());
        props.put("tables", tables);
        props.put(DynamicsSourceConnector.TASK_TABLES, tables);
        task.initialize(TaskContexts.source(props, Map.of()));
        task.start(props);
        return task;
    }

    @Test
    void aPollReadsOnePageOfTheDueTable() throws InterruptedException {
        PagesClient client = new PagesClient(TestMetadata.contact())
                .page("{\"value\":[{\"contactid\":\"a\",\"modifiedon\":\"2024-05-01T09:00:00Z\",\"versionnumber\":3}],"
                        + "\"@odata.deltaLink\":\"https://org.crm.dynamics.com/api/data/v9.2/contacts?$deltatoken=1\"}");
        DynamicsSourceTask task = started(new DynamicsSourceTask((c, l, n) -> client, clock), "contact");
        List<SourceRecord> records = task.poll();
        assertEquals(1, records.size());
        assertEquals(Map.of("phase", "delta", "deltaLink",
                "https://org.crm.dynamics.com/api/data/v9.2/contacts?$deltatoken=1"), records.get(0).sourceOffset());
        task.stop();
    }

    @Test
    void aTokenEndpointOutagePostponesTheTableCountsItAndKeepsTheTaskRunning() throws InterruptedException {
        PagesClient pages = new PagesClient(TestMetadata.contact());
        DataverseClient noToken = new DataverseClient() {
            @Override
            public io.dynamicsdotdigital.dataverse.client.EntityMetadata metadata(String logicalName) {
                return pages.metadata(logicalName);
            }

            @Override
            public java.util.Optional<io.dynamicsdotdigital.dataverse.client.EntityKeys> keys(String entitySet) {
                return java.util.Optional.empty();
            }

            @Override
            public PageResult readPage(PageQuery query, RowReader rows, String what) {
                throw new TokenUnavailableException("The token endpoint answered HTTP 503", null);
            }

            @Override
            public void probeEntitySet(String entitySet) {
            }

            @Override
            public List<io.dynamicsdotdigital.dataverse.client.WriteResult> write(
                    List<io.dynamicsdotdigital.dataverse.client.WriteRequest> requests) {
                throw new UnsupportedOperationException();
            }
        };
        DynamicsSourceTask task = started(new DynamicsSourceTask((c, l, n) -> noToken, clock), "contact");
        assertNull(task.poll());
        assertEquals(1, task.metrics().total("token-failures-total"));
        assertEquals(1, task.metrics().total("reads-postponed-total"));
        TableReader reader = task.readers().iterator().next();
        assertEquals(clock.instant().plus(DynamicsSourceTask.FAILED_TABLE_BACKOFF), reader.dueAt());
        clock.advance(Duration.ofSeconds(6));
        assertNull(task.poll());
        assertTrue(task.metrics().total("token-failures-total") >= 2);
        task.stop();
    }
}
