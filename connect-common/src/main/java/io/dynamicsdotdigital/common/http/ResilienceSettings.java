package io.dynamicsdotdigital.common.http;

import java.time.Duration;

/**
 * Retry, client-side rate budget and circuit breaker settings.
 *
 * @param maxAttempts            attempts per call including the first (1 disables retries)
 * @param initialBackoff         first backoff when the server gives no wait hint
 * @param maxBackoff             cap of the exponential backoff
 * @param maxServerWait          cap of a wait the server asks for (Retry-After, X-RateLimit-Reset): a longer hint is
 *                               cut to this, so a task tries again after at most this long
 * @param callsPerMinute         client-side budget per API account in this worker, 0 for none
 * @param callsPerHour           client-side budget per API account in this worker, 0 for none
 * @param circuitFailureRate     percentage of failed calls (5xx, timeouts) that opens the circuit
 * @param circuitMinimumCalls    calls to observe before the failure rate counts
 * @param circuitOpenDuration    how long an open circuit fails calls at once before it lets a probe through
 * @param maxInCallWait          longest a call blocks its thread for one server-requested wait or for a permit of the
 *                               client-side budget; a longer wait ends the call with {@link ApiThrottledException}
 *                               carrying the wait, which the task waits out without blocking (see there)
 *
 * <p>A server hint never shortens the wait below the exponential backoff of the attempt: {@code Retry-After: 0}, a
 * date in the past or an {@code X-RateLimit-Reset} at or before now (clock skew) all wait the backoff.
 */
public record ResilienceSettings(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxServerWait,
                                 int callsPerMinute, int callsPerHour, float circuitFailureRate,
                                 int circuitMinimumCalls, Duration circuitOpenDuration, Duration maxInCallWait) {
    /** A few seconds: far below any consumer's {@code max.poll.interval.ms}. */
    public static final Duration DEFAULT_MAX_IN_CALL_WAIT = Duration.ofSeconds(5);

    public ResilienceSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** Settings with the default {@link #DEFAULT_MAX_IN_CALL_WAIT}. */
    public ResilienceSettings(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxServerWait,
                              int callsPerMinute, int callsPerHour, float circuitFailureRate, int circuitMinimumCalls,
                              Duration circuitOpenDuration) {
        this(maxAttempts, initialBackoff, maxBackoff, maxServerWait, callsPerMinute, callsPerHour, circuitFailureRate,
                circuitMinimumCalls, circuitOpenDuration, DEFAULT_MAX_IN_CALL_WAIT);
    }

    public static ResilienceSettings defaults() {
        return new ResilienceSettings(8, Duration.ofMillis(500), Duration.ofSeconds(60), Duration.ofMinutes(15),
                0, 0, 50f, 20, Duration.ofSeconds(30), DEFAULT_MAX_IN_CALL_WAIT);
    }

    public ResilienceSettings withMaxAttempts(int attempts) {
        return new ResilienceSettings(attempts, initialBackoff, maxBackoff, maxServerWait, callsPerMinute,
                callsPerHour, circuitFailureRate, circuitMinimumCalls, circuitOpenDuration, maxInCallWait);
    }

    public ResilienceSettings withBackoff(Duration initial, Duration max) {
        return new ResilienceSettings(maxAttempts, initial, max, maxServerWait, callsPerMinute, callsPerHour,
                circuitFailureRate, circuitMinimumCalls, circuitOpenDuration, maxInCallWait);
    }

    public ResilienceSettings withBudget(int perMinute, int perHour) {
        return new ResilienceSettings(maxAttempts, initialBackoff, maxBackoff, maxServerWait, perMinute, perHour,
                circuitFailureRate, circuitMinimumCalls, circuitOpenDuration, maxInCallWait);
    }

    public ResilienceSettings withCircuit(float failureRate, int minimumCalls, Duration openDuration) {
        return new ResilienceSettings(maxAttempts, initialBackoff, maxBackoff, maxServerWait, callsPerMinute,
                callsPerHour, failureRate, minimumCalls, openDuration, maxInCallWait);
    }

    public ResilienceSettings withServerWaits(Duration maxServerWait, Duration maxInCallWait) {
        return new ResilienceSettings(maxAttempts, initialBackoff, maxBackoff, maxServerWait, callsPerMinute,
                callsPerHour, circuitFailureRate, circuitMinimumCalls, circuitOpenDuration, maxInCallWait);
    }

    /**
     * These settings for calls on a thread that must not block for long, such as a sink's {@code put()} (beyond the
     * consumer's {@code max.poll.interval.ms} the worker evicts the consumer): at most {@code attempts} attempts,
     * backoffs cut to {@code maxWait}, and no server or budget wait inside the call longer than {@code maxWait} or
     * the configured {@link #maxInCallWait()}, whichever is shorter. A longer wait ends the call with
     * {@link ApiThrottledException} carrying the whole wait (up to {@link #maxServerWait()}, kept as configured), so
     * the task waits it out without blocking instead of retrying before the server is ready.
     */
    public ResilienceSettings boundedForTaskThread(int attempts, Duration maxWait) {
        return withMaxAttempts(Math.min(maxAttempts, attempts))
                .withBackoff(shorter(initialBackoff, maxWait), shorter(maxBackoff, maxWait))
                .withServerWaits(maxServerWait, shorter(maxInCallWait, maxWait));
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
