package io.dynamicsdotdigital.dynamics.source;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Takes a task's tables in turn, so a slow or large table never holds up the others. */
final class TableSchedule {
    /** Longest a poll() waits when no table is due, so the worker can stop the task promptly. */
    static final Duration MAX_IDLE_WAIT = Duration.ofMillis(500);

    private final List<TableReader> readers = new ArrayList<>();
    private final Clock clock;
    private int next;

    TableSchedule(Clock clock) {
        this.clock = clock;
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
            if (!r.dueAt().isAfter(now)) {
                next = (next + i + 1) % readers.size();
                return r;
            }
        }
        return null;
    }

    /** How long to wait for the earliest table to be due, at most {@link #MAX_IDLE_WAIT}, at least 1 ms. */
    long idleWaitMillis() {
        Instant earliest = readers.stream().map(TableReader::dueAt).min(Instant::compareTo).orElse(Instant.MAX);
        return Math.min(MAX_IDLE_WAIT.toMillis(), Math.max(1, Duration.between(clock.instant(), earliest).toMillis()));
    }
}
