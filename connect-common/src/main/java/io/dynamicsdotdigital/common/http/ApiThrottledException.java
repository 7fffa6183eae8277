package io.dynamicsdotdigital.common.http;

import java.time.Duration;

/**
 * A call that could go ahead only after a wait longer than a task thread may block: the server asked for it
 * ({@code Retry-After}, {@code X-RateLimit-Reset}) or the client-side call budget of the API account is spent.
 * Nothing of the call was applied: a throttled request was refused by the server, and a request over the budget
 * was never sent. The same call may be made again once {@link #retryAfter()} has passed.
 *
 * <p>Contract for tasks:
 * <ul>
 *   <li>{@link #retryAfter()} is the wait, at least 1 ms and at most {@code retry.server.wait.max.ms}; the client
 *       never sleeps longer than {@code retry.wait.in.call.max.ms} inside a call, it throws this instead.</li>
 *   <li>{@link #statusCode()} is the status of the throttling answer (429, or 503 with a wait hint), or 0 when
 *       the client-side budget is spent and nothing was sent; {@link #serverRequested()} tells the two apart.</li>
 *   <li>A sink task calls {@code context.timeout(e.retryAfter().toMillis())} and throws
 *       {@code new RetriableException(e)}, so Connect hands the same records to {@code put()} again after the
 *       wait while the consumer keeps polling (no eviction, no rebalance). Work already applied in that
 *       {@code put()} must be idempotent or remembered.</li>
 *   <li>A source task returns null from {@code poll()} until the wait has passed and then repeats the call.</li>
 * </ul>
 */
public class ApiThrottledException extends ApiException {
    private static final long serialVersionUID = 1L;
    private final Duration retryAfter;
    private final boolean serverRequested;

    public ApiThrottledException(String message, int statusCode, Duration retryAfter, boolean serverRequested) {
        super(message, statusCode);
        this.retryAfter = retryAfter.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : retryAfter;
        this.serverRequested = serverRequested;
    }

    /** How long to wait before the same call may succeed. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** True when the server asked for the wait, false when the client-side call budget is spent. */
    public boolean serverRequested() {
        return serverRequested;
    }
}
