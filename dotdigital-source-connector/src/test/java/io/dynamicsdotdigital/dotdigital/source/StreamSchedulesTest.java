package io.dynamicsdotdigital.dotdigital.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Per-stream poll intervals and sync windows, through the task with a clock the test moves. */
class StreamSchedulesTest {
    /** A Tuesday noon. */
    private final TestSupport.MutableClock clock = new TestSupport.MutableClock(Instant.parse("2026-11-10T12:00:00Z"));
    private final InMemoryDotdigitalClient client = new InMemoryDotdigitalClient().withCampaigns(2, 5);
    private final DotdigitalSourceTask task = new DotdigitalSourceTask(client, clock);

    private void start(String streams, Map<String, String> extra) {
        Map<String, String> props = TestSupport.props(streams);
        props.put("page.size", "3");
        props.putAll(extra);
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
        assertEquals(target, task.completedCycles(), "a cycle completes");
        return out;
    }

    private long calls(String name) {
        return client.calls.stream().filter(c -> c.startsWith(name + " ")).count();
    }

    @Test
    void aStreamOutsideItsWindowIsNotReadAndGoesOnFromItsOffsetWhenTheWindowOpens() throws Exception {
        start("contacts-modified,suppressions", Map.of("sync.windows", "contacts-modified=Mon-Fri 22:00-06:00",
                "sync.windows.timezone", "UTC"));
        pollCycle();
        assertEquals(0, calls("modifiedContactsSince"), "noon is outside the window");
        assertEquals(1, calls("suppressedSince"), "a stream without a window is read");

        clock.advance(Duration.ofHours(10));
        pollCycle();
        assertTrue(client.calls.contains("modifiedContactsSince 2026-10-01T00:00:00Z"), client.calls.toString());

        clock.advance(Duration.ofHours(14));
        client.calls.clear();
        pollCycle();
        assertEquals(0, calls("modifiedContactsSince"), "Wednesday noon is outside the window again");
        clock.advance(Duration.ofHours(10));
        pollCycle();
        assertTrue(client.calls.contains("modifiedContactsSince 2026-11-10T21:50:00Z"),
                "the read goes on from its watermark (the previous read's start, minus the overlap): "
                        + client.calls);
    }

    @Test
    void aWindowClosingMidCycleLeavesTheRestOfTheStreamForItsNextWindowWithoutLossOrDuplicates() throws Exception {
        clock.advance(Duration.ofHours(-6).minusMinutes(1));
        start("campaign-activities", Map.of("sync.windows", "campaign-activities=22:00-06:00"));
        List<SourceRecord> first = task.poll();
        assertEquals(3, first.size(), "05:59: the first page of the first campaign");
        clock.advance(Duration.ofMinutes(1));
        client.calls.clear();
        assertEquals(List.of(), pollCycle(), "06:00: the window closed, the cycle ends without reading on");
        assertEquals(0, calls("campaignActivitiesSince"));
        clock.advance(Duration.ofHours(8));
        assertNull(task.poll(), "14:00: still outside");
        assertEquals(0, calls("campaignActivitiesSince"));

        clock.advance(Duration.ofHours(8));
        client.calls.clear();
        List<SourceRecord> rest = pollCycle();
        assertTrue(client.calls.contains("campaignsWithActivitySince 2026-10-01T00:00:00Z"),
                "campaigns found by the cycle that was cut short are looked for again from where it looked: "
                        + client.calls);
        List<SourceRecord> all = new ArrayList<>(first);
        all.addAll(rest);
        assertEquals(10, all.size(), "2 campaigns x 5 send summaries in all");
        assertEquals(10, new HashSet<>(all.stream().map(SourceRecord::key).toList()).size(), "no duplicates");
    }

    @Test
    void aStreamWithAnIntervalOverrideWaitsItsOwnIntervalBetweenReads() throws Exception {
        start("unsubscribes,suppressions", Map.of("poll.interval.ms", "60000",
                "poll.interval.overrides", "unsubscribes:3600000"));
        pollCycle();
        assertEquals(1, calls("unsubscribedSince"));
        assertEquals(1, calls("suppressedSince"));
        clock.advance(Duration.ofMinutes(1));
        pollCycle();
        assertEquals(1, calls("unsubscribedSince"), "unsubscribes waits for its own hour");
        assertEquals(2, calls("suppressedSince"), "suppressions keeps poll.interval.ms");
        clock.advance(Duration.ofMinutes(59));
        pollCycle();
        assertEquals(2, calls("unsubscribedSince"));
    }

    @Test
    void schedulesNamingAStreamNotReadOrMalformedFailNamingTheEntry() {
        Map<String, String> props = TestSupport.props("unsubscribes,suppressions");
        props.put("poll.interval.overrides", "unsubscribes:60000,campaign-clicks:60000");
        ConfigException e = assertThrows(ConfigException.class, () -> new DotdigitalSourceConfig(props));
        assertTrue(e.getMessage().contains("poll.interval.overrides") && e.getMessage().contains("'campaign-clicks'"),
                e.getMessage());
        props.remove("poll.interval.overrides");
        props.put("sync.windows", "unsubscribes=Sat-Sun 01:00");
        e = assertThrows(ConfigException.class, () -> new DotdigitalSourceConfig(props));
        assertTrue(e.getMessage().contains("sync.windows") && e.getMessage().contains("entry 'unsubscribes=Sat-Sun"),
                e.getMessage());
        props.put("sync.windows", "unsubscribes=Sat-Sun");
        props.put("sync.windows.timezone", "Europe/Atlantis");
        e = assertThrows(ConfigException.class, () -> new DotdigitalSourceConfig(props));
        assertTrue(e.getMessage().contains("sync.windows.timezone"), e.getMessage());
    }
}
