package io.dynamicsdotdigital.emulator.common;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One scripted misbehaviour: answer the next {@code times} matching requests with a status (and headers such as
 * {@code Retry-After}), a delay before the normal answer, a connection reset, a malformed body, a normal answer
 * whose body stalls half way, or a made-up body that stalls half way.
 */
public final class Fault {
    public enum Kind { STATUS, DELAY, RESET, MALFORMED_BODY, STALL, STALLED_BODY }

    private final Kind kind;
    private final int status;
    private final Map<String, String> headers;
    private final String body;
    private final Duration delay;
    private final Pattern pathPattern;
    private final String method;
    private final boolean afterApplying;

    private Fault(Kind kind, int status, Map<String, String> headers, String body, Duration delay,
                  Pattern pathPattern, String method) {
        this(kind, status, headers, body, delay, pathPattern, method, false);
    }

    private Fault(Kind kind, int status, Map<String, String> headers, String body, Duration delay,
                  Pattern pathPattern, String method, boolean afterApplying) {
        this.kind = kind;
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.body = body;
        this.delay = delay;
        this.pathPattern = pathPattern;
        this.method = method;
        this.afterApplying = afterApplying;
    }

    /** Answer with {@code status}, the given headers and body (the emulator's usual error body when null). */
    public static Fault status(int status, Map<String, String> headers, String body) {
        return new Fault(Kind.STATUS, status, headers, body, Duration.ZERO, null, null);
    }

    public static Fault status(int status) {
        return status(status, Map.of(), null);
    }

    /** 429 with {@code Retry-After} in seconds. */
    public static Fault tooManyRequests(long retryAfterSeconds) {
        return status(429, Map.of("Retry-After", Long.toString(retryAfterSeconds)), null);
    }

    /** Wait before answering normally (a slow server; long enough delays make clients time out). */
    public static Fault delay(Duration delay) {
        return new Fault(Kind.DELAY, 0, Map.of(), null, Objects.requireNonNull(delay), null, null);
    }

    /** Close the connection without answering. */
    public static Fault reset() {
        return new Fault(Kind.RESET, 0, Map.of(), null, Duration.ZERO, null, null);
    }

    /** 200 with a body that is not valid JSON. */
    public static Fault malformedBody() {
        return new Fault(Kind.MALFORMED_BODY, 200, Map.of("Content-Type", "application/json"),
                "{\"value\": [ {\"truncated", Duration.ZERO, null, null);
    }

    /**
     * The request is carried out and its answer starts normally, but the body stops half way for {@code stall}, then
     * the connection drops: a reader that waits for the whole body without a deadline waits that long.
     */
    public static Fault stallMidBody(Duration stall) {
        return new Fault(Kind.STALL, 0, Map.of(), null, Objects.requireNonNull(stall), null, null, true);
    }

    /**
     * 200 with the start of a body ({@code partialBody}, for example the first rows of a page), then nothing for
     * {@code stall}, then the connection is dropped: a server or proxy that hangs in the middle of an answer.
     */
    public static Fault stalledBody(String partialBody, Duration stall) {
        return new Fault(Kind.STALLED_BODY, 200, Map.of("Content-Type", "application/json; charset=utf-8"),
                Objects.requireNonNull(partialBody), Objects.requireNonNull(stall), null, null);
    }

    /** 200 with an HTML page, as a proxy or a maintenance page answers: a body that is not JSON at all. */
    public static Fault htmlPage() {
        return status(200, Map.of("Content-Type", "text/html; charset=utf-8"),
                "<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body><h1>The service is"
                        + " down for maintenance</h1></body></html>");
    }

    /** Only requests whose path (without query) contains a match of {@code regex}. */
    public Fault onPath(String regex) {
        return new Fault(kind, status, headers, body, delay, Pattern.compile(regex), method, afterApplying);
    }

    /** Only requests with this HTTP method. */
    public Fault onMethod(String httpMethod) {
        return new Fault(kind, status, headers, body, delay, pathPattern, httpMethod.toUpperCase(), afterApplying);
    }

    /**
     * The request is carried out first and its answer lost: a status or reset replaces the answer, a delay holds it
     * back. This is the ambiguous failure a gateway timeout or a dropped connection after the server did the work
     * gives a client, which then cannot tell whether the request was applied.
     */
    public Fault afterApplying() {
        return new Fault(kind, status, headers, body, delay, pathPattern, method, true);
    }

    public boolean isAfterApplying() {
        return afterApplying;
    }

    public boolean matches(String requestMethod, String path) {
        return (method == null || method.equalsIgnoreCase(requestMethod))
                && (pathPattern == null || pathPattern.matcher(path).find());
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The body to send, or null for the emulator's own error body for {@link #status()}. */
    public String body() {
        return body;
    }

    public Duration delay() {
        return delay;
    }

    @Override
    public String toString() {
        return "Fault{" + kind + (status > 0 ? " " + status : "") + (pathPattern != null ? " on " + pathPattern : "")
                + (method != null ? " " + method : "") + (afterApplying ? " after applying" : "") + "}";
    }
}
