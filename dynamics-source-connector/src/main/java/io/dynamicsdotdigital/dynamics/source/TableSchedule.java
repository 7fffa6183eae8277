package io.dynamicsdotdigital.dynamics.source;

import io.dynamicsdotdigital.common.schedule.SyncWindows;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes a task's tables in turn, so a slow or large table never holds up the others. A table outside its
 * {@link SyncWindows sync window} is not due; it keeps its position and is read again once the window opens.
 */
final class TableSchedule {
    /** Longest a poll() waits when no table is due, so the worker can stop the task promptly. */
    static final Duration MAX_IDLE_WAIT = Duration.ofMillis(500);

    private final List<TableReader> readers = new ArrayList<>();
    private final Clock clock;
    private final SyncWindows windows;
    private int next;

    TableSchedule(Clock clock) {
        this(clock, SyncWindows.NONE);
    }

    TableSchedule(Clock clock, SyncWindows windows) {
        this.clock = clock;
        this.windows = windows;
    }

    void add(TableReader reader) {
        readers.add(reader);
    }

    List<TableReader> readers() {
        return readers;
    }

    /** The next table whose turn it is and that is due, round-robin; null when none is due. */
    TableReader nextDue() {
        Instant now = clock.instant();
        for (int i = 0; i < readers.size(); i++) {
            TableReader r = readers.get((next + i) % readers.size());
            if (!r.dueAt().isAfter(now) && windows.isOpen(r.table(), now)) {
                next = (next + i + 1) % readers.size();
                return r;
            }
        }
        return null;
    }

    /** How long to wait for the earliest table to be due, at most {@link #MAX_IDLE_WAIT}, at least 1 ms. */
    long idleWaitMillis() {
        Instant now = clock.instant();
        Instant earliest = readers.stream().map(r -> readableAt(r, now)).min(Instant::compareTo).orElse(null);
        if (earliest == null) {
            // A task given only ranges of parallel snapshots has no table of its own.
            return MAX_IDLE_WAIT.toMillis();
        }
        return Math.min(MAX_IDLE_WAIT.toMillis(), Math.max(1, Duration.between(now, earliest).toMillis()));
    }

    /** When the table is both due and inside its window (a window closing again before then is re-checked). */
    private Instant readableAt(TableReader r, Instant now) {
        Instant due = r.dueAt().isAfter(now) ? r.dueAt() : now;
        return windows.nextOpening(r.table(), due);
    }

    /** Whether {@code table} may be read now. */
    boolean inWindow(String table) {
        return windows.isOpen(table, clock.instant());
    }
}
