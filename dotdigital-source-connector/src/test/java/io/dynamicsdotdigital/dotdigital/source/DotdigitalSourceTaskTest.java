package io.dynamicsdotdigital.dotdigital.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dynamicsdotdigital.common.http.ApiException;
import io.dynamicsdotdigital.common.http.ApiThrottledException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The task's poll pipeline over an in-memory client and a hand-moved clock. */
class DotdigitalSourceTaskTest {
    private final TestSupport.MutableClock clock = new TestSupport.MutableClock(Instant.parse("2026-11-10T00:00:00Z"));
    private final InMemoryDotdigitalClient client = new InMemoryDotdigitalClient().withCampaigns(2, 5);
    private final DotdigitalSourceTask task = new DotdigitalSourceTask(client, clock);

    private void start(String streams) {
        Map<String, String> props = TestSupport.props(streams);
        props.put("page.size", "3");
        props.putAll(new TaskAssignment(new DotdigitalSourceConfig(props).streams(), 0, 1).addTo(props));
        task.start(props);
    }

    @AfterEach
    void stop() {
        task.stop();
    }

    private List<SourceRecord> pollCycle() throws InterruptedException {
        List<SourceRecord> out = new ArrayList<>();
        long target = task.completedCycles() + 1;
        for (int i = 0; i < 100 && task.completedCycles() < target; i++) {
            List<SourceRecord> page = task.poll();
            if (page != null) {
                out.addAll(page);
            }
        }
        return out;
    }

    @Test
    void aCycleReadsEveryPageOfEveryPlannedReadThenWaitsForThePollInterval() throws Exception {
        start("campaign-activities");
        List<SourceRecord> first = pollCycle();
        assertEquals(10, first.size(), "2 campaigns x 5 send summaries, 3 per page");
        assertEquals(1, task.completedCycles());

        client.calls.clear();
        assertNull(task.poll(), "the next cycle waits for poll.interval.ms");
        assertEquals(List.of(), List.copyOf(client.calls));

        clock.advance(Duration.ofMinutes(1));
        assertEquals(List.of(), pollCycle(), "a re-read of the overlap window emits nothing new");
    }

    @Test
    void aThrottledCallMakesPollReturnNothingUntilTheWaitHasPassed() throws Exception {
        start("unsubscribes");
        client.failNext.put("unsubscribedSince", new ApiThrottledException("Dotdigital asked to wait 120 s", 429,
                Duration.ofSeconds(120), true));
        assertNull(task.poll(), "throttling is no failure: nothing to return yet");
        assertEquals(1, task.metrics().total(DotdigitalSourceMetrics.READS_PAUSED));
        client.calls.clear();
        clock.advance(Duration.ofSeconds(119));
        assertNull(task.poll());
        assertEquals(List.of(), List.copyOf(client.calls), "no call before the wait has passed");
        clock.advance(Duration.ofSeconds(1));
        pollCycle();
        assertEquals(1, task.completedCycles());
        assertEquals(1, client.calls.stream().filter(c -> c.startsWith("unsubscribedSince")).count());
    }

    @Test
    void campaignOffsetsLeaveMemoryOnceConnectStoredThemAndAreLookedUpAgain() throws Exception {
        Map<String, String> props = TestSupport.props("campaign-activities,unsubscribes");
        props.put("page.size", "3");
        TaskHarness harness = new TaskHarness();
        harness.start(props, task);
        List<SourceRecord> first = pollCycle();
        assertEquals(10, first.size());
        assertEquals(3, task.partitionsInMemory(), "2 campaigns and unsubscribes after the cycle");
        harness.acknowledgeAndCommit(task, first);
        task.commit();
        assertNull(task.poll(), "still waiting for the next cycle");
        assertEquals(1, task.partitionsInMemory(), "only the account stream stays");

        clock.advance(Duration.ofMinutes(1));
        assertEquals(List.of(), pollCycle(), "the offsets looked up again recognise every row");
        assertEquals(3, task.partitionsInMemory());
    }

    @Test
    void aTransientFailurePausesAndTheSamePageIsReadAgain() throws Exception {
        start("unsubscribes");
        client.failNext.put("unsubscribedSince", new ApiException("GET /v2/unsubscribed answered 503", 503));
        assertThrows(RetriableException.class, task::poll);
        client.calls.clear();
        assertNull(task.poll(), "paused after the failure");
        assertEquals(List.of(), List.copyOf(client.calls));
        clock.advance(ApiFailures.ERROR_BACKOFF);
        pollCycle();
        assertEquals(1, client.calls.stream().filter(c -> c.startsWith("unsubscribedSince")).count());
        assertEquals(1, task.completedCycles());
    }
}
