package io.dynamicsdotdigital.dotdigital.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints the heap one task holds for 2,000 campaigns with 2,000 send summaries each (4,000,000 rows, in-memory
 * client so only the task's own state counts): after the first sync cycle without and with Connect acknowledging
 * records and committing offsets, after a second cycle in which every campaign had one more recipient's activity
 * (then each read's last page carries the finished read's offset, and finished campaigns leave memory), and what
 * the key sets took as maps of strings before they were made compact (measured on a tenth, scaled).
 * Run: mvn -pl dotdigital-source-connector -am test -Dtest=SourceHeapBenchmarkTest -DexcludedGroups= -Dgroups=benchmark
 * -Dsurefire.failIfNoSpecifiedTests=false
 */
@Tag("benchmark")
class SourceHeapBenchmarkTest {
    private static final int CAMPAIGNS = 2_000;
    private static final int ACTIVITIES = 2_000;
    /** Polls between two offset commits, as a worker flushing every few seconds would. */
    private static final int POLLS_PER_COMMIT = 50;

    @Test
    void heapOf2000CampaignsWith2000SendSummariesEach() throws Exception {
        long oldMaps = oldKeyMapsBytes(CAMPAIGNS / 10) * 10;
        Run withoutCommits = run(false);
        Run withCommits = run(true);
        System.out.printf("%,d campaigns x %,d send summaries, one task:%n", CAMPAIGNS, ACTIVITIES);
        System.out.printf("  before (keys as Map.copyOf of String->Long, scaled from %d campaigns): %,d MB%n",
                CAMPAIGNS / 10, oldMaps >> 20);
        System.out.printf("  compact key sets, no commits from Connect: %,d MB retained, %,d partitions in memory,"
                + " %.1f s%n", withoutCommits.retained >> 20, withoutCommits.partitions, withoutCommits.seconds);
        System.out.printf("  compact key sets, Connect acknowledging and committing, after cycle 1: %,d MB retained,"
                        + " %,d partitions in memory (peak %,d), %.1f s%n", withCommits.retained >> 20,
                withCommits.partitions, withCommits.peakPartitions, withCommits.seconds);
        System.out.printf("  ... after cycle 2 (one new send summary per campaign): %,d MB retained, %,d partitions"
                        + " in memory (peak %,d), %.1f s%n", withCommits.retainedAfterSecond >> 20,
                withCommits.partitionsAfterSecond, withCommits.peakAfterSecond, withCommits.secondsOfSecond);
        assertEquals(0, withCommits.partitionsAfterSecond, "every finished campaign left memory");
        assertTrue(withoutCommits.retained < oldMaps / 3, "compact keys take a fraction of the maps");
    }

    private record Run(long retained, int partitions, int peakPartitions, double seconds, long retainedAfterSecond,
                       int partitionsAfterSecond, int peakAfterSecond, double secondsOfSecond) {
    }

    /** Polls one sync cycle, acknowledging every record and committing every few polls when asked. */
    private static int[] cycle(DotdigitalSourceTask task, boolean commits, long expectedRows) throws Exception {
        long rows = 0;
        int peak = 0;
        long target = task.completedCycles() + 1;
        for (int poll = 1; task.completedCycles() < target; poll++) {
            List<SourceRecord> batch = task.poll();
            if (batch != null) {
                rows += batch.size();
                if (commits) {
                    batch.forEach(r -> task.commitRecord(r, null));
                }
            }
            if (commits && poll % POLLS_PER_COMMIT == 0) {
                task.commit();
            }
            peak = Math.max(peak, task.partitionsInMemory());
        }
        if (commits) {
            task.commit();
            task.commit();
            task.poll();
        }
        assertEquals(expectedRows, rows);
        return new int[] {peak};
    }

    private static Run run(boolean commits) throws Exception {
        long baseline = usedHeap();
        InMemoryDotdigitalClient client = new InMemoryDotdigitalClient().withCampaigns(CAMPAIGNS, ACTIVITIES);
        TestSupport.MutableClock clock = new TestSupport.MutableClock(Instant.parse("2026-11-10T00:00:00Z"));
        DotdigitalSourceTask task = new DotdigitalSourceTask(client, clock);
        Map<String, String> props = TestSupport.props("campaign-activities");
        props.put("offset.keys.max", "15000");
        new TaskHarness().start(props, task);
        long t0 = System.nanoTime();
        int peak = cycle(task, commits, (long) CAMPAIGNS * ACTIVITIES)[0];
        double seconds = (System.nanoTime() - t0) / 1e9;
        long retained = usedHeap() - baseline;
        int partitions = task.partitionsInMemory();
        if (!commits) {
            task.stop();
            return new Run(retained, partitions, peak, seconds, 0, 0, 0, 0);
        }
        client.activitiesPerCampaign = ACTIVITIES + 1;
        clock.advance(java.time.Duration.ofMinutes(1));
        long t1 = System.nanoTime();
        int peakSecond = cycle(task, true, CAMPAIGNS)[0];
        double secondsOfSecond = (System.nanoTime() - t1) / 1e9;
        long retainedAfterSecond = usedHeap() - baseline;
        int partitionsAfterSecond = task.partitionsInMemory();
        task.stop();
        return new Run(retained, partitions, peak, seconds, retainedAfterSecond, partitionsAfterSecond, peakSecond,
                secondsOfSecond);
    }

    /** The heap of the campaigns' key sets as maps of base-36 strings to boxed times, the form before. */
    private static long oldKeyMapsBytes(int campaigns) {
        long baseline = usedHeap();
        List<Map<String, Long>> maps = new ArrayList<>();
        for (int c = 1; c <= campaigns; c++) {
            Map<String, Long> keys = new HashMap<>();
            for (int i = 0; i < ACTIVITIES; i++) {
                keys.put(RowKeys.hash(InMemoryDotdigitalClient.activity(c, i).toString()), WatermarkRead.UNKNOWN_TIME);
            }
            maps.add(Map.copyOf(keys));
        }
        long bytes = usedHeap() - baseline;
        assertEquals(campaigns, maps.size());
        return bytes;
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
