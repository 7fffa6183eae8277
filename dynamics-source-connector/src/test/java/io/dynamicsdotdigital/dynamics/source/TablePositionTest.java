package io.dynamicsdotdigital.dynamics.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.dataverse.client.PageResult;
import io.dynamicsdotdigital.dynamics.source.offsets.TableOffset;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TablePositionTest {
    static final Duration POLL = Duration.ofSeconds(10);
    final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));

    private static PageResult page(String next, String delta) {
        return new PageResult(1, next, delta, Set.of());
    }

    @Test
    void aSnapshotFollowsItsPagesAtOnceThenWaitsOnItsDeltaLink() {
        TablePosition p = new TablePosition(null, POLL, clock);
        assertTrue(p.needsStart(true));
        p.start(true);
        assertEquals(TableOffset.Snapshot.START, p.current());
        TableOffset next = p.afterSnapshotPage(TableOffset.Snapshot.START, page("https://o/next", null));
        assertEquals(new TableOffset.Snapshot("https://o/next", false), next);
        assertEquals(Instant.EPOCH, p.dueAt());
        next = p.afterSnapshotPage((TableOffset.Snapshot) next, page(null, "https://o/delta"));
        assertEquals(new TableOffset.Delta("https://o/delta"), next);
        assertEquals(clock.instant().plus(POLL), p.dueAt());
        assertFalse(p.needsStart(true));
        assertTrue(p.needsStart(false), "a delta position is no position for watermark mode");
    }

    @Test
    void aLastSnapshotPageWithoutDeltaLinkTurnsToWatermark() {
        TablePosition p = new TablePosition(TableOffset.Snapshot.START, POLL, clock);
        assertEquals(new TableOffset.Watermark(null, -1),
                p.afterSnapshotPage(TableOffset.Snapshot.START, page(null, null)));
    }

    @Test
    void deltaPagesKeepTheOldLinkWhenNoNewOneCameAndAnExpiredTokenRereadsTheTable() {
        TableOffset.Delta at = new TableOffset.Delta("https://o/d1");
        TablePosition p = new TablePosition(at, POLL, clock);
        assertEquals(new TableOffset.Delta("https://o/n"), p.afterDeltaPage(at, page("https://o/n", null)));
        assertEquals(Instant.EPOCH, p.dueAt());
        assertEquals(at, p.afterDeltaPage(at, page(null, null)));
        assertEquals(clock.instant().plus(POLL), p.dueAt());
        p.deltaExpired();
        assertEquals(new TableOffset.Snapshot(null, true), p.current());
        assertEquals(Instant.EPOCH, p.dueAt());
    }

    @Test
    void watermarkPagesMoveToTheLastRowAndWaitOnlyWhenCaughtUp() {
        TablePosition p = new TablePosition(new TableOffset.Watermark(null, -1), POLL, clock);
        TableOffset.Watermark last = new TableOffset.Watermark(Instant.parse("2024-05-01T09:00:00Z"), 7);
        p.afterWatermarkPage(last, false);
        assertEquals(last, p.current());
        assertEquals(Instant.EPOCH, p.dueAt());
        p.afterWatermarkPage(null, true);
        assertEquals(last, p.current(), "an empty page keeps the position");
        assertEquals(clock.instant().plus(POLL), p.dueAt());
    }

    @Test
    void onlyAFreshSnapshotStartsWithoutAKeyScan() {
        assertFalse(new TablePosition(null, POLL, clock).resumesMidTable());
        assertFalse(new TablePosition(TableOffset.Snapshot.START, POLL, clock).resumesMidTable());
        assertTrue(new TablePosition(new TableOffset.Snapshot("https://o/n", false), POLL, clock).resumesMidTable());
        assertTrue(new TablePosition(new TableOffset.Delta("https://o/d"), POLL, clock).resumesMidTable());
    }
}
