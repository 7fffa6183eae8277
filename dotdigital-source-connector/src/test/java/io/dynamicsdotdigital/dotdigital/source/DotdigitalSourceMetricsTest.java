package io.dynamicsdotdigital.dotdigital.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DotdigitalSourceMetricsTest {
    @Test
    void pagesCyclesAndLagAreCounted() {
        DotdigitalSourceMetrics metrics = TestSupport.metrics();
        metrics.pageRead(StreamName.UNSUBSCRIBES, 3, 2);
        metrics.pageRead(StreamName.CAMPAIGN_CLICKS, 4, 0);
        metrics.keysDropped(StreamName.CAMPAIGN_ACTIVITIES, 5);
        metrics.readCompleted(StreamName.UNSUBSCRIBES, Instant.parse("2026-11-01T00:00:00Z"), 1L);
        metrics.readCompleted(StreamName.UNSUBSCRIBES, Instant.parse("2026-10-01T00:00:00Z"), 2L);
        metrics.updateLag(Instant.parse("2026-11-01T00:01:00Z"));
        metrics.cycleCompleted(1234);

        assertEquals(2, metrics.total(DotdigitalSourceMetrics.PAGES));
        assertEquals(7, metrics.total(DotdigitalSourceMetrics.RECORDS_READ));
        assertEquals(2, metrics.total(DotdigitalSourceMetrics.DUPLICATES_SUPPRESSED));
        assertEquals(5, metrics.total(DotdigitalSourceMetrics.OFFSET_KEYS_DROPPED));
        assertEquals(60, metrics.total(DotdigitalSourceMetrics.LAG_SECONDS), "lag from the newest watermark");
        assertEquals(1, metrics.total(DotdigitalSourceMetrics.SYNC_CYCLES));
        assertEquals(1234, metrics.total(DotdigitalSourceMetrics.SYNC_CYCLE_DURATION));
    }
}
