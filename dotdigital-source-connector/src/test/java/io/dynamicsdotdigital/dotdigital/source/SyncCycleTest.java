package io.dynamicsdotdigital.dotdigital.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncCycleTest {
    private static ReadJob job(StreamName stream, Long scope) {
        return new ReadJob(stream, scope, null, (s, n, k) -> List.of(), ReadJob.Paging.SKIP, false);
    }

    private static ReadPage page(int rows, long duplicates, boolean last) {
        return new ReadPage(java.util.Collections.nCopies(rows, null), Map.of(), Map.of(), duplicates, last);
    }

    @Test
    void aReadStaysCurrentUntilItsLastPageAndTheCycleCountsWhatItRead() {
        ReadJob unsubscribes = job(StreamName.UNSUBSCRIBES, null);
        ReadJob survey = job(StreamName.SURVEY_RESPONSES, 7L);
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        SyncCycle cycle = new SyncCycle(start, List.of(unsubscribes, survey));

        assertSame(unsubscribes, cycle.next());
        cycle.pageRead(unsubscribes, page(3, 1, false));
        assertSame(unsubscribes, cycle.next(), "a read that is not over stays at the head");
        assertTrue(cycle.plans(unsubscribes.partition));
        cycle.pageRead(unsubscribes, page(2, 0, true));
        assertFalse(cycle.plans(unsubscribes.partition));
        assertSame(survey, cycle.next());
        cycle.pageRead(survey, page(0, 4, true));
        assertNull(cycle.next());

        assertEquals(5, cycle.emitted());
        assertEquals("5 records emitted, 5 duplicates suppressed, 3 pages, 2 reads; per stream"
                + " {survey-responses=0, unsubscribes=5}", cycle.summary());
        assertEquals(Duration.ofSeconds(9), cycle.elapsed(start.plusSeconds(9)));
    }
}
