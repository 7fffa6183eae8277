package io.dynamicsdotdigital.dotdigital.source;

import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalSeed;
import io.dynamicsdotdigital.testsupport.DotdigitalEmulatorFixture;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints the source's API calls per hour for an account of 500 campaigns (50 of them active) and 200 address
 * books, with the default streams and a poll interval of 60 s (cycles take milliseconds against the emulator, so a
 * cycle starts every 60 s on the task's clock, which the test moves): idle (no activity for longer than the overlap
 * window) and busy (each of the 50 campaigns gets an open and a click before every cycle), with the catalogue read
 * every cycle ({@code catalogue.refresh.ms=0}, the behaviour before) and once an hour (the default). Run with
 * {@code mvn -pl dotdigital-source-connector -am test -Dtest=ApiBudgetBenchmarkTest -DexcludedGroups= -Dgroups=benchmark}.
 */
@Tag("benchmark")
class ApiBudgetBenchmarkTest {
    private static final int CAMPAIGNS = 500;
    private static final int ACTIVE = 50;
    private static final int BOOKS = 200;
    /** Cycles measured per phase; the per-hour figures scale them to 60 cycles. */
    private static final int CYCLES = 10;

    @Test
    void callsPerHourIdleAndBusy() throws Exception {
        for (String refresh : List.of("0", "3600000")) {
            measure(refresh);
        }
    }

    private void measure(String refresh) throws Exception {
        try (DotdigitalEmulatorFixture f = new DotdigitalEmulatorFixture(DotdigitalSeed.defaults().contacts(1000)
                .addressBooks(BOOKS).campaigns(CAMPAIGNS).activitiesPerCampaign(2).unsubscribes(5).suppressions(5)
                .surveys(2).responsesPerSurvey(2).preferences(0).randomSeed(19))) {
            var state = f.emulator.state();
            TestSupport.MutableClock clock = new TestSupport.MutableClock(
                    Instant.now().truncatedTo(ChronoUnit.SECONDS));
            Map<String, String> props = EmulatorSourceProps.of(f);
            props.put("poll.interval.ms", "60000");
            // the seed's history is not what is measured: streams start now
            props.put("start.date", clock.instant().toString());
            props.put("catalogue.refresh.ms", refresh);
            // the client-side budget would make the (real-time) test wait; the calls are what is counted
            props.put("rate.limit.calls.per.hour", "0");
            TaskHarness harness = new TaskHarness();
            DotdigitalSourceTask task = harness.start(props, new DotdigitalSourceTask(null, clock));
            try {
                harness.pollCycle(task, 100_000);
                // past the overlap window of the initial sync: from here on nothing is new
                clock.advance(Duration.ofMinutes(11));
                harness.pollCycle(task, 100_000);
                Map<String, Long> idle = run(f, harness, task, clock, false, state);
                Map<String, Long> busy = run(f, harness, task, clock, true, state);
                System.out.printf("catalogue.refresh.ms=%s: idle %d calls/h (%d per cycle) %s; busy (%d campaigns"
                                + " active) %d calls/h (%d per cycle) %s%n", refresh, perHour(idle), total(idle) / CYCLES,
                        idle, ACTIVE, perHour(busy), total(busy) / CYCLES, busy);
            } finally {
                task.stop();
            }
        }
    }

    /** Calls over {@link #CYCLES} cycles 60 s apart, grouped by kind of call. */
    private Map<String, Long> run(DotdigitalEmulatorFixture f, TaskHarness harness, DotdigitalSourceTask task,
                                  TestSupport.MutableClock clock, boolean busy,
                                  io.dynamicsdotdigital.emulator.dotdigital.DotdigitalState state) throws Exception {
        f.emulator.requests().reset();
        var campaigns = state.campaigns();
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            clock.advance(Duration.ofSeconds(60));
            if (busy) {
                for (int c = 0; c < ACTIVE; c++) {
                    int id = campaigns.get(c).id();
                    state.addOpen(id, DotdigitalSeed.email(cycle % 1000), clock.instant().minusSeconds(5));
                    state.addClick(id, DotdigitalSeed.email(cycle % 1000), "https://shop.example/b",
                            clock.instant().minusSeconds(5));
                }
            }
            harness.pollCycle(task, 100_000);
        }
        Map<String, Long> byKind = new TreeMap<>();
        f.emulator.requests().snapshot().forEach((endpoint, n) -> byKind.merge(kind(endpoint), n, Long::sum));
        return byKind;
    }

    private static String kind(String endpoint) {
        String path = endpoint.replaceAll("\\?.*", "").replaceAll("/[0-9]+", "/{id}")
                .replaceAll("/(since-date|with-activity-since|unsubscribed-since|suppressed-since)/.*", "/$1");
        return path;
    }

    private static long perHour(Map<String, Long> m) {
        return total(m) * 60 / CYCLES;
    }

    private static long total(Map<String, Long> m) {
        return m.values().stream().mapToLong(Long::longValue).sum();
    }
}
