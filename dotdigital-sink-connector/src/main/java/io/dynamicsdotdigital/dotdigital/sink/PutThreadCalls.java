package io.dynamicsdotdigital.dotdigital.sink;

import io.dynamicsdotdigital.common.http.ResilienceSettings;
import java.time.Duration;

/**
 * The retry settings of the calls made on put()'s thread (address-book lookups and creation, removals,
 * unsubscribes). That thread must not sleep long: beyond the consumer's max.poll.interval.ms the worker is evicted
 * and a rebalance and redelivery loop follows. So these calls wait at most {@link #MAX_WAIT} (or
 * {@code retry.wait.in.call.max.ms} if shorter) per retry and make at most {@link #MAX_ATTEMPTS} attempts; a longer
 * server wait ends the call as throttled ({@link ResilienceSettings#boundedForTaskThread}), and that or a failure
 * after the attempts is waited out by the
 * task with context.timeout and a RetriableException (see Outage), not by sleeping. Imports keep the configured
 * settings: they run on their own thread.
 */
final class PutThreadCalls {
    static final Duration MAX_WAIT = Duration.ofSeconds(2);
    static final int MAX_ATTEMPTS = 3;

    private PutThreadCalls() {
    }

    static ResilienceSettings resilience(ResilienceSettings configured) {
        return configured.boundedForTaskThread(MAX_ATTEMPTS, MAX_WAIT);
    }
}
