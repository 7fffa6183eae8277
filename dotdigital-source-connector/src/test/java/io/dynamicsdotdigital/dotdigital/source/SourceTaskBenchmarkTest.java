package io.dynamicsdotdigital.dotdigital.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalSeed;
import io.dynamicsdotdigital.testsupport.DotdigitalEmulatorFixture;
import java.util.List;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints what one task achieves on the send-summary stream against the HTTPS emulator: rows/s end to end (HTTP,
 * JSON, Struct conversion, dedup bookkeeping; no worker converter) and API calls per 10,000 rows.
 */
@Tag("benchmark")
class SourceTaskBenchmarkTest {
    private static final int CAMPAIGNS = 5;
    private static final int ROWS = 10_000;

    @Test
    void sendSummariesRowsPerSecondAndCallsPer10k() throws Exception {
        try (DotdigitalEmulatorFixture f = new DotdigitalEmulatorFixture(DotdigitalSeed.defaults().contacts(ROWS).campaigns(CAMPAIGNS)
                .activitiesPerCampaign(ROWS).unsubscribes(0).suppressions(0).surveys(0).preferences(0)
                .randomSeed(5))) {
            for (int run = 1; run <= 3; run++) {
                TaskHarness harness = new TaskHarness();
                DotdigitalSourceTask task = harness.start(EmulatorSourceProps.of(f, "campaign-activities"));
                f.emulator.requests().reset();
                long t0 = System.nanoTime();
                List<SourceRecord> records = harness.pollCycle(task, 10_000);
                double seconds = (System.nanoTime() - t0) / 1e9;
                long calls = f.emulator.requests().total();
                task.stop();
                assertEquals(CAMPAIGNS * ROWS, records.size());
                System.out.printf("run %d: %d send summaries in %.2f s = %.0f rows/s; %d API calls = %.1f calls per"
                                + " 10,000 rows (incl. 1 discovery call and one short last page per campaign)%n",
                        run, records.size(), seconds, records.size() / seconds, calls,
                        calls * 10_000.0 / records.size());
            }
        }
    }
}
