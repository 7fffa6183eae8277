package io.dynamicsdotdigital.dynamics.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.dataverse.client.DataverseClient;
import io.dynamicsdotdigital.dataverse.client.EntityKeys;
import io.dynamicsdotdigital.dataverse.client.EntityMetadata;
import io.dynamicsdotdigital.dataverse.client.FetchXmlPage;
import io.dynamicsdotdigital.dataverse.client.PageQuery;
import io.dynamicsdotdigital.dataverse.client.PageResult;
import io.dynamicsdotdigital.dataverse.client.RowReader;
import io.dynamicsdotdigital.dataverse.client.WriteRequest;
import io.dynamicsdotdigital.dataverse.client.WriteResult;
import io.dynamicsdotdigital.testsupport.TaskContexts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Per-table poll intervals and sync windows, through the task with a clock the test moves. */
class TableSchedulesTest {
    private static final String DELTA = "https://org.crm.dynamics.com/api/data/v9.2/contacts?$deltatoken=1";
    private static final String NEXT = "https://org.crm.dynamics.com/api/data/v9.2/contacts?$skiptoken=2";
    /** A Wednesday. */
    final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));
    final PagesClient client = new PagesClient(TestMetadata.contact());
    final DynamicsSourceTask task = new DynamicsSourceTask((c, l, n) -> client, clock);

    private void start(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(TableScheduleTest.props());
        props.put("tables", "contact");
        props.put(DynamicsSourceConnector.TASK_TABLES, "contact");
        props.putAll(extra);
        task.initialize(TaskContexts.source(props, Map.of()));
        task.start(props);
    }

    @AfterEach
    void stop() {
        task.stop();
    }

    private static String row(String id) {
        return "{\"contactid\":\"" + id + "\",\"modifiedon\":\"2024-05-01T09:00:00Z\",\"versionnumber\":3}";
    }

    @Test
    void aTableOutsideItsWindowIsNotReadAndResumesFromItsPositionWhenTheWindowOpens() throws Exception {
        client.page("{\"value\":[" + row("a") + "],\"@odata.nextLink\":\"" + NEXT + "\"}")
                .page("{\"value\":[" + row("b") + "],\"@odata.deltaLink\":\"" + DELTA + "\"}");
        start(Map.of("sync.windows", "contact=09:00-11:00", "sync.windows.timezone", "UTC"));
        List<SourceRecord> first = task.poll();
        assertEquals(1, first.size(), "inside the window the first page is read");

        clock.advance(Duration.ofMinutes(90));
        assertNull(task.poll(), "11:30 is outside the window");
        assertEquals(1, client.queries.size(), "no call outside the window");

        clock.advance(Duration.ofHours(21).plusMinutes(30));
        List<SourceRecord> second = task.poll();
        assertEquals(1, second.size(), "read again when the window opens the next morning");
        PageQuery.Follow follow = assertInstanceOf(PageQuery.Follow.class, client.queries.get(1));
        assertEquals(NEXT, follow.link(), "the snapshot goes on from its next page, not from the start");
        assertEquals(Map.of("phase", "delta", "deltaLink", DELTA), second.get(0).sourceOffset());
    }

    @Test
    void aTableWithAnIntervalOverrideIsPolledAtItsOwnInterval() throws Exception {
        client.page("{\"value\":[" + row("a") + "],\"@odata.deltaLink\":\"" + DELTA + "\"}")
                .page("{\"value\":[" + row("b") + "],\"@odata.deltaLink\":\"" + DELTA + "2\"}");
        start(Map.of("poll.interval.ms", "10000", "poll.interval.overrides", "contact:3600000"));
        assertEquals(1, task.poll().size());
        assertEquals(clock.instant().plus(Duration.ofHours(1)), task.readers().iterator().next().dueAt());

        clock.advance(Duration.ofMinutes(30));
        assertNull(task.poll(), "poll.interval.ms has passed, the table's own hour has not");
        assertEquals(1, client.queries.size());
        clock.advance(Duration.ofMinutes(30));
        assertEquals(1, task.poll().size());
    }

    @Test
    void dynamicListsAreEvaluatedOnlyInsideTheListmemberWindow() throws Exception {
        PagesClient pages = new PagesClient(TestMetadata.listMember()).page("{\"value\":[],\"@odata.deltaLink\":"
                + "\"https://org.crm.dynamics.com/api/data/v9.2/listmembers?$deltatoken=1\"}");
        List<String> fetchXml = new ArrayList<>();
        DataverseClient client = new DataverseClient() {
            @Override
            public EntityMetadata metadata(String logicalName) {
                return pages.metadata(logicalName);
            }

            @Override
            public Optional<EntityKeys> keys(String entitySet) {
                return Optional.empty();
            }

            @Override
            public PageResult readPage(PageQuery query, RowReader rows, String what) {
                return pages.readPage(query, rows, what);
            }

            @Override
            public FetchXmlPage readFetchXmlPage(String entitySet, String query, String what) {
                fetchXml.add(entitySet);
                return new FetchXmlPage(List.of(), false, null);
            }

            @Override
            public void probeEntitySet(String entitySet) {
            }

            @Override
            public List<WriteResult> write(List<WriteRequest> requests) {
                throw new UnsupportedOperationException();
            }
        };
        DynamicsSourceTask lists = new DynamicsSourceTask((c, l, n) -> client, clock);
        Map<String, String> props = new HashMap<>(TableScheduleTest.props());
        props.put("tables", "listmember");
        props.put(DynamicsSourceConnector.TASK_TABLES, "listmember");
        props.put("sync.windows", "listmember=22:00-06:00");
        lists.initialize(TaskContexts.source(props, Map.of()));
        lists.start(props);
        try {
            assertNull(lists.poll(), "10:00 is outside the listmember window");
            assertEquals(List.of(), fetchXml, "no dynamic list evaluated outside the window");
            assertEquals(0, pages.queries.size());
            clock.advance(Duration.ofHours(12));
            lists.poll();
            assertFalse(fetchXml.isEmpty(), "evaluated once the window opens");
            assertEquals(1, pages.queries.size(), "and the table is read");
        } finally {
            lists.stop();
        }
    }

    @Test
    void schedulesNamingATableNotReadOrMalformedFailNamingTheEntry() {
        Map<String, String> props = new HashMap<>(TableScheduleTest.props());
        props.put("poll.interval.overrides", "contact:60000,campain:60000");
        ConfigException e = assertThrows(ConfigException.class, () -> new DynamicsSourceConfig(props));
        assertTrue(e.getMessage().contains("poll.interval.overrides") && e.getMessage().contains("'campain'"),
                e.getMessage());

        props.remove("poll.interval.overrides");
        props.put("sync.windows", "lead=*;contact=Mon-Fri 22:00-6:00");
        e = assertThrows(ConfigException.class, () -> new DynamicsSourceConfig(props));
        assertTrue(e.getMessage().contains("sync.windows") && e.getMessage().contains("entry 'contact=Mon-Fri"),
                e.getMessage());

        props.put("sync.windows", "account=Sat");
        e = assertThrows(ConfigException.class, () -> new DynamicsSourceConfig(props));
        assertTrue(e.getMessage().contains("table 'account'"), e.getMessage());
    }
}
