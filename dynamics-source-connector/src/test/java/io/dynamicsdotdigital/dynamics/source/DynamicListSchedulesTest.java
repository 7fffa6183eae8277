package io.dynamicsdotdigital.dynamics.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dynamic-list evaluation's own schedule, through the task with a clock the test moves: its
 * {@code poll.interval.overrides} entry, and a failed evaluation tried again after a back-off rather than at the
 * next interval (15 minutes by default).
 */
class DynamicListSchedulesTest {
    static final String LIST = "0b1d3c1e-0000-4000-8000-000000000001";
    static final String MEMBER = "0c0a7ac7-0000-4000-8000-000000000002";
    static final ObjectMapper JSON = new ObjectMapper();
    final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));
    final PagesClient pages = new PagesClient(TestMetadata.listMember());
    int listReads;
    int listFailures;
    int evaluationFailures;
    boolean withList;
    DynamicsSourceTask task;

    final DataverseClient client = new DataverseClient() {
        @Override
        public EntityMetadata metadata(String logicalName) {
            return logicalName.equals("contact") ? TestMetadata.contact() : pages.metadata(logicalName);
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
            if (entitySet.equals("lists")) {
                listReads++;
                if (listFailures > 0) {
                    listFailures--;
                    throw new IllegalStateException("Dataverse answered 503");
                }
                return new FetchXmlPage(withList ? List.of(row("{\"listid\":\"" + LIST + "\",\"type\":true,"
                        + "\"query\":\"<fetch><entity name='contact'><attribute name='contactid'/></entity></fetch>\"}"))
                        : List.of(), false, null);
            }
            if (evaluationFailures > 0) {
                evaluationFailures--;
                throw new IllegalStateException("Dataverse answered 503");
            }
            return new FetchXmlPage(List.of(row("{\"contactid\":\"" + MEMBER + "\"}")), false, null);
        }

        @Override
        public void probeEntitySet(String entitySet) {
        }

        @Override
        public List<WriteResult> write(List<WriteRequest> requests) {
            throw new UnsupportedOperationException();
        }
    };

    static JsonNode row(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void start(Map<String, String> extra) {
        for (int i = 0; i < 20; i++) {
            pages.page("{\"value\":[],\"@odata.deltaLink\":"
                    + "\"https://org.crm.dynamics.com/api/data/v9.2/listmembers?$deltatoken=1\"}");
        }
        Map<String, String> props = new HashMap<>(TableScheduleTest.props());
        props.put("tables", "listmember");
        props.put(DynamicsSourceConnector.TASK_TABLES, "listmember");
        props.putAll(extra);
        task = new DynamicsSourceTask((c, l, n) -> client, clock);
        task.initialize(TaskContexts.source(props, Map.of()));
        task.start(props);
    }

    @AfterEach
    void stop() {
        if (task != null) {
            task.stop();
        }
    }

    @Test
    void theEvaluationFollowsItsPollIntervalOverridesEntry() throws Exception {
        start(Map.of("poll.interval.overrides", "dynamic-lists:60000"));
        task.poll();
        assertEquals(1, listReads);
        clock.advance(Duration.ofSeconds(59));
        task.poll();
        assertEquals(1, listReads, "not before its own minute");
        clock.advance(Duration.ofSeconds(2));
        task.poll();
        assertEquals(2, listReads, "every minute, not every dynamic.lists.interval.ms (15 min)");
    }

    @Test
    void aDynamicListsSyncWindowOfItsOwnReplacesTheListmemberWindow() throws Exception {
        // 10:00 on a Wednesday: the listmember table has no window, the evaluation only the night.
        start(Map.of("sync.windows", "dynamic-lists=22:00-06:00"));
        task.poll();
        assertEquals(0, listReads, "outside its own window");
        clock.advance(Duration.ofHours(12));
        task.poll();
        assertEquals(1, listReads, "inside it");
    }

    @Test
    void aFailedReadOfTheListsIsTriedAgainAfterABackOffNotTheInterval() throws Exception {
        listFailures = 2;
        start(Map.of());
        task.poll();
        clock.advance(Duration.ofSeconds(31));
        task.poll();
        assertEquals(2, listReads, "tried again after 30 s");
        clock.advance(Duration.ofSeconds(31));
        task.poll();
        assertEquals(2, listReads, "the second failure backs off to 60 s");
        clock.advance(Duration.ofSeconds(30));
        task.poll();
        assertEquals(3, listReads);
        clock.advance(Duration.ofMinutes(14));
        task.poll();
        assertEquals(3, listReads, "after a success, the interval again");
    }

    @Test
    void aListWhoseEvaluationFailedIsEvaluatedAgainAfterABackOff() throws Exception {
        withList = true;
        evaluationFailures = 1;
        start(Map.of());
        List<SourceRecord> first = task.poll();
        assertTrue(first == null || first.stream().noneMatch(r -> r.sourcePartition().containsKey("dynamiclist")),
                "the failed evaluation emits nothing");
        clock.advance(Duration.ofSeconds(31));
        List<SourceRecord> retried = task.poll();
        assertEquals(1, retried.size(), "the list is evaluated again 30 s later");
        assertEquals(Map.of("dynamiclist", LIST), retried.get(0).sourcePartition());
    }
}
