package io.dynamicsdotdigital.emulator.dataverse;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dataverse's per-user service protection limits over a sliding window: number of requests (0x80072322), combined
 * execution time (0x80072321) and concurrent requests (0x80072326). A breach answers 429 with Retry-After seconds.
 */
final class ServiceProtection {
    static final String REQUESTS_CODE = "0x80072322";
    static final String EXECUTION_TIME_CODE = "0x80072321";
    static final String CONCURRENCY_CODE = "0x80072326";

    private static final class UserState {
        final ArrayDeque<Long> requestTimes = new ArrayDeque<>();
        /** {end time, duration} of finished requests, oldest first. */
        final ArrayDeque<long[]> executions = new ArrayDeque<>();
        long executionMillis;
        int inFlight;
        /** Rejections since the last admitted request: sustained pressure lengthens Retry-After. */
        int rejections;
    }

    private final Map<String, UserState> users = new ConcurrentHashMap<>();
    private volatile int requestsPerWindow = 6000;
    private volatile long windowMillis = Duration.ofSeconds(300).toMillis();
    private volatile int maxConcurrent = 52;
    private volatile long executionMillisPerWindow = 1_200_000;

    void configure(int requests, Duration window, int concurrent) {
        if (requests < 1 || concurrent < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("Service protection limits must be positive");
        }
        this.requestsPerWindow = requests;
        this.windowMillis = window.toMillis();
        this.maxConcurrent = concurrent;
        users.clear();
    }

    void executionTimeLimit(Duration perWindow) {
        this.executionMillisPerWindow = perWindow.toMillis();
    }

    /** Admits a request for {@code user} or throws the 429 error; a successful call must be paired with {@link #release}. */
    void acquire(String user) {
        UserState state = users.computeIfAbsent(user, k -> new UserState());
        long now = System.currentTimeMillis();
        synchronized (state) {
            long windowStart = now - windowMillis;
            while (!state.requestTimes.isEmpty() && state.requestTimes.peekFirst() <= windowStart) {
                state.requestTimes.pollFirst();
            }
            while (!state.executions.isEmpty() && state.executions.peekFirst()[0] <= windowStart) {
                state.executionMillis -= state.executions.pollFirst()[1];
            }
            long penalty = Math.min(state.rejections, windowMillis / 1000) * 1000L;
            if (state.inFlight >= maxConcurrent) {
                state.rejections++;
                throw tooMany(CONCURRENCY_CODE, "Number of concurrent requests exceeded the limit of " + maxConcurrent + ".",
                        1000 + penalty);
            }
            if (state.requestTimes.size() >= requestsPerWindow) {
                long retry = state.requestTimes.peekFirst() + windowMillis - now + penalty;
                state.rejections++;
                throw tooMany(REQUESTS_CODE, "Number of requests exceeded the limit of " + requestsPerWindow
                        + " over time window of " + windowMillis / 1000 + " seconds.", retry);
            }
            if (state.executionMillis >= executionMillisPerWindow) {
                long retry = state.executions.peekFirst()[0] + windowMillis - now + penalty;
                state.rejections++;
                throw tooMany(EXECUTION_TIME_CODE, "Combined execution time of incoming requests exceeded limit of "
                        + executionMillisPerWindow + " milliseconds over time window of " + windowMillis / 1000 + " seconds. "
                        + "Decrease number of concurrent requests or reduce the duration of requests and try again later.", retry);
            }
            state.requestTimes.addLast(now);
            state.inFlight++;
            state.rejections = 0;
        }
    }

    void release(String user, long startedMillis) {
        UserState state = users.get(user);
        if (state == null) {
            return;
        }
        long now = System.currentTimeMillis();
        synchronized (state) {
            state.inFlight = Math.max(0, state.inFlight - 1);
            long took = Math.max(0, now - startedMillis);
            state.executions.addLast(new long[] {now, took});
            state.executionMillis += took;
        }
    }

    private static ODataException tooMany(String code, String message, long retryMillis) {
        long seconds = Math.max(1, (retryMillis + 999) / 1000);
        return new ODataException(429, code, message, Map.of("Retry-After", Long.toString(seconds)));
    }
}
