package io.dynamicsdotdigital.common.http;

import java.net.http.HttpHeaders;

/** Observes the transport, for metrics and logs. Every method has a no-op default. */
public interface ApiCallListener {
    ApiCallListener NONE = new ApiCallListener() { };

    /** One attempt finished with an HTTP status (0 when it failed without an answer). */
    default void onAttempt(String endpointFamily, int status, long elapsedNanos) {
    }

    /** A retry will follow after {@code waitMillis}; {@code serverAsked} when the wait came from the server. */
    default void onRetry(String endpointFamily, int status, long waitMillis, boolean serverAsked) {
    }

    /** Time spent waiting for the client-side rate budget. */
    default void onRateLimitWait(long waitMillis) {
    }

    /** Response headers, for budget gauges such as X-RateLimit-Remaining. */
    default void onResponseHeaders(HttpHeaders headers) {
    }
}
