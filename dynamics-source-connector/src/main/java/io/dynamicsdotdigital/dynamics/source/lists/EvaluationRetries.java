package io.dynamicsdotdigital.dynamics.source.lists;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Dynamic lists whose evaluation failed, each tried again after a back-off rather than at the next interval: 30 s,
 * doubling with each failure in a row, never longer than the interval.
 */
final class EvaluationRetries {
    /** The first retry of a failed evaluation. */
    static final Duration FIRST_RETRY = Duration.ofSeconds(30);

    private final Duration interval;
    private final Clock clock;
    private final Map<String, Instant> retryAt = new LinkedHashMap<>();
    private final Map<String, Integer> failures = new HashMap<>();

    EvaluationRetries(Duration interval, Clock clock) {
        this.interval = interval;
        this.clock = clock;
    }

    /** The wait before the n-th retry in a row. */
    Duration delay(int failuresInARow) {
        Duration delay = FIRST_RETRY.multipliedBy(1L << Math.min(20, Math.max(0, failuresInARow - 1)));
        return delay.compareTo(interval) > 0 ? interval : delay;
    }

    /** The list's evaluation failed: returns how long until it is tried again. */
    Duration failed(String listId) {
        Duration delay = delay(failures.merge(listId, 1, Integer::sum));
        retryAt.put(listId, clock.instant().plus(delay));
        return delay;
    }

    void succeeded(String listId) {
        failures.remove(listId);
        retryAt.remove(listId);
    }

    /** A list whose retry is due, taken off the retries; null when none is. */
    String takeDue() {
        Instant now = clock.instant();
        for (Map.Entry<String, Instant> e : retryAt.entrySet()) {
            if (!now.isBefore(e.getValue())) {
                retryAt.remove(e.getKey());
                return e.getKey();
            }
        }
        return null;
    }

    boolean anyDue() {
        Instant now = clock.instant();
        return retryAt.values().stream().anyMatch(at -> !now.isBefore(at));
    }

    /** The earlier of {@code other} and the next retry. */
    Instant nextOr(Instant other) {
        Instant next = other;
        for (Instant at : retryAt.values()) {
            next = at.isBefore(next) ? at : next;
        }
        return next;
    }
}
