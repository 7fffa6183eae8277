package io.dynamicsdotdigital.dynamics.source;

import io.dynamicsdotdigital.dataverse.client.PageResult;
import io.dynamicsdotdigital.dynamics.source.offsets.TableOffset;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Where a table's reading stands and when it is due next: the state machine snapshot -> delta (change tracking) or
 * watermark, moved on by each page's links. Kept in memory and in the records' source offsets; nothing else
 * survives a restart.
 */
final class TablePosition {
    private final Duration pollInterval;
    private final Clock clock;
    private TableOffset current;
    private Instant dueAt = Instant.EPOCH;

    /** @param stored the offset stored for the table, or null when it has none */
    TablePosition(TableOffset stored, Duration pollInterval, Clock clock) {
        this.current = stored;
        this.pollInterval = pollInterval;
        this.clock = clock;
    }

    TableOffset current() {
        return current;
    }

    Instant dueAt() {
        return dueAt;
    }

    /** Whether a stored position can be resumed: a snapshot with a link to follow, a delta link or a watermark. */
    boolean resumesMidTable() {
        return current != null && !(current instanceof TableOffset.Snapshot s && s.nextLink() == null);
    }

    void postpone(Duration delay) {
        dueAt = clock.instant().plus(delay);
    }

    void dueNow() {
        dueAt = Instant.EPOCH;
    }

    void dueAfterPollInterval() {
        dueAt = clock.instant().plus(pollInterval);
    }

    /** Whether there is no position yet, or one of the other read mode (the table's mode changed). */
    boolean needsStart(boolean changeTracking) {
        return current == null || current instanceof TableOffset.Watermark == changeTracking;
    }

    /** Starts the table from its configured start in the given mode. */
    void start(boolean changeTracking) {
        current = changeTracking ? TableOffset.Snapshot.START : new TableOffset.Watermark(null, -1);
    }

    /**
     * After a snapshot page: the next page, else the deltaLink, else (no deltaLink: change tracking is off) a
     * watermark from the start.
     */
    TableOffset afterSnapshotPage(TableOffset.Snapshot at, PageResult page) {
        TableOffset next;
        if (page.nextLink() != null) {
            next = new TableOffset.Snapshot(page.nextLink(), at.resnapshot(), at.epoch());
            dueNow();
        } else if (page.deltaLink() != null) {
            next = new TableOffset.Delta(page.deltaLink());
            dueAfterPollInterval();
        } else {
            next = new TableOffset.Watermark(null, -1);
            dueAfterPollInterval();
        }
        current = next;
        return next;
    }

    /** After a page of changes: its nextLink at once, else its new deltaLink (or the old one) after the interval. */
    TableOffset afterDeltaPage(TableOffset.Delta at, PageResult page) {
        TableOffset next;
        if (page.nextLink() != null) {
            next = new TableOffset.Delta(page.nextLink());
            dueNow();
        } else {
            next = page.deltaLink() != null ? new TableOffset.Delta(page.deltaLink()) : at;
            dueAfterPollInterval();
        }
        current = next;
        return next;
    }

    /** A snapshot from its first page starts; its key-state entries carry {@code epoch}. */
    TableOffset.Snapshot startSnapshot(TableOffset.Snapshot at, long epoch) {
        TableOffset.Snapshot started = new TableOffset.Snapshot(null, at.resnapshot(), epoch);
        current = started;
        return started;
    }

    /** After a page of range 0 of a parallel snapshot: the next page at once. */
    void range(TableOffset.Range at) {
        current = at;
        dueNow();
    }

    /** Every range of a parallel snapshot is done: the table continues by watermark from {@code from}, at once. */
    void continueByWatermark(TableOffset.Watermark from) {
        current = from;
        dueNow();
    }

    /** The delta token expired: the whole table is read again, its rows marked as re-read. */
    void deltaExpired() {
        current = new TableOffset.Snapshot(null, true);
        dueNow();
    }

    /**
     * After a watermark page: the position of its last row (if it had rows); at once again unless the page was
     * short (the table is caught up).
     */
    void afterWatermarkPage(TableOffset.Watermark last, boolean caughtUp) {
        if (last != null) {
            current = last;
        }
        if (caughtUp) {
            dueAfterPollInterval();
        } else {
            dueNow();
        }
    }
}
