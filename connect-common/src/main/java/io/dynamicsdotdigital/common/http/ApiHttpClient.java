package io.dynamicsdotdigital.common.http;

import io.dynamicsdotdigital.common.auth.AuthProvider;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP client of every connector: authorisation, client-side rate budget, retries with backoff that honour
 * the server's wait hints, one token refresh after a 401, and a circuit breaker so a dead endpoint fails fast.
 *
 * <p>Statuses 429, 502, 503 and 504, timeouts and dropped connections are retried; every other answer, including
 * other 4xx, is returned to the caller, who knows how to read the API's error body.
 *
 * <p>No single wait inside a call is longer than {@link ResilienceSettings#maxInCallWait()} for a server's wait hint
 * or a permit of the client-side budget: a longer one ends the call with {@link ApiThrottledException}, whose
 * {@code retryAfter()} the task waits out without blocking its thread (a sink through {@code context.timeout}).
 * A call whose attempts all ended in 429 also ends with it.
 */
public final class ApiHttpClient {
    private static final Logger log = LoggerFactory.getLogger(ApiHttpClient.class);
    static final Set<Integer> RETRYABLE_STATUSES = Set.of(429, 502, 503, 504);

    private final String apiName;
    private final HttpClient http;
    private final HttpSettings httpSettings;
    private final ResilienceSettings resilience;
    private final AuthProvider auth;
    private final List<RateLimiter> budgets;
    private final CircuitBreaker circuitBreaker;
    private final ApiCallListener listener;
    private final Clock clock;

    /**
     * @param apiName   named in errors and logs, for example "Dataverse" or "Dotdigital"
     * @param budgetKey identifies the API account; the client-side budget is shared by every client with this key
     *                  in the worker (all tasks of a connector). Must not contain a secret.
     */
    public ApiHttpClient(String apiName, HttpSettings httpSettings, ResilienceSettings resilience, AuthProvider auth,
                         String budgetKey, ApiCallListener listener) {
        this(apiName, HttpClientFactory.create(httpSettings), httpSettings, resilience, auth, budgetKey, listener,
                Clock.systemUTC());
    }

    /**
     * The same over another transport, for an API whose server needs what {@code java.net.http} cannot do (the
     * Dataverse client's Windows authentication).
     */
    public ApiHttpClient(String apiName, HttpClient transport, HttpSettings httpSettings, ResilienceSettings resilience,
                         AuthProvider auth, String budgetKey, ApiCallListener listener) {
        this(apiName, transport, httpSettings, resilience, auth, budgetKey, listener, Clock.systemUTC());
    }

    ApiHttpClient(String apiName, HttpClient http, HttpSettings httpSettings, ResilienceSettings resilience,
                  AuthProvider auth, String budgetKey, ApiCallListener listener, Clock clock) {
        this.apiName = apiName;
        this.http = http;
        this.httpSettings = httpSettings;
        this.resilience = resilience;
        this.auth = auth;
        this.listener = listener == null ? ApiCallListener.NONE : listener;
        this.clock = clock;
        this.budgets = SharedBudgets.forAccount(apiName + "/" + budgetKey, resilience);
        this.circuitBreaker = CircuitBreaker.of(apiName + "-" + budgetKey, CircuitBreakerConfig.custom()
                .failureRateThreshold(resilience.circuitFailureRate())
                .minimumNumberOfCalls(resilience.circuitMinimumCalls())
                .slidingWindowSize(Math.max(resilience.circuitMinimumCalls(), 10))
                .waitDurationInOpenState(resilience.circuitOpenDuration())
                .recordException(e -> e instanceof TransientFailure)
                .recordResult(r -> r instanceof HttpResponse<?> resp && resp.statusCode() >= 500)
                .build());
    }

    public HttpSettings httpSettings() {
        return httpSettings;
    }

    public AuthProvider auth() {
        return auth;
    }

    public CircuitBreaker.State circuitState() {
        return circuitBreaker.getState();
    }

    /** Sends with a streaming body; the caller closes the stream. */
    public HttpResponse<InputStream> sendForStream(HttpRequest.Builder request, String endpointFamily) {
        return send(request, HttpResponse.BodyHandlers.ofInputStream(), endpointFamily);
    }

    public HttpResponse<String> sendForString(HttpRequest.Builder request, String endpointFamily) {
        return send(request, HttpResponse.BodyHandlers.ofString(), endpointFamily);
    }

    /**
     * Sends a request with retries. Returns any answer that is not retryable (the caller checks the status);
     * throws {@link ApiException} when the retries are exhausted or the circuit is open.
     *
     * @param endpointFamily a low-cardinality name of the endpoint for metrics and logs, for example "contacts"
     */
    public <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> bodyHandler,
                                    String endpointFamily) {
        return send(request, bodyHandler, endpointFamily, true);
    }

    /**
     * Sends a request the server must not carry out twice, such as a creation. It is sent again only where the
     * first attempt surely was not applied: a 429 (the server refused it before doing anything), a 401 answered
     * with fresh credentials, and a failure to connect (nothing was sent). A timeout, a dropped connection or a
     * 502, 503 or 504 (a gateway may have passed the request on) ends the call with
     * {@link ApiOutcomeUnknownException}.
     */
    public <T> HttpResponse<T> sendUnrepeatable(HttpRequest.Builder request, HttpResponse.BodyHandler<T> bodyHandler,
                                                String endpointFamily) {
        return send(request, bodyHandler, endpointFamily, false);
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> bodyHandler,
                                     String endpointFamily, boolean repeatable) {
        request.timeout(httpSettings.requestTimeout());
        HttpRequest probe = request.copy().build();
        String target = probe.method() + " " + probe.uri().getScheme() + "://" + probe.uri().getAuthority()
                + probe.uri().getPath();
        HttpResponse.BodyHandler<T> handler = info -> RETRYABLE_STATUSES.contains(info.statusCode())
                ? HttpResponse.BodySubscribers.replacing(null)
                : bodyHandler.apply(info);

        AtomicReference<Throwable> lastFailure = new AtomicReference<>();
        Retry retry = Retry.of(apiName, RetryConfig.<HttpResponse<T>>custom()
                .maxAttempts(resilience.maxAttempts())
                .retryOnResult(r -> repeatable ? RETRYABLE_STATUSES.contains(r.statusCode()) : r.statusCode() == 429)
                .retryOnException(e -> e instanceof TransientFailure t && (repeatable || t.neverSent()))
                .intervalBiFunction(waitPolicy(endpointFamily))
                .build());
        Supplier<HttpResponse<T>> attempt = CircuitBreaker.decorateSupplier(circuitBreaker,
                () -> attemptOnce(request, handler, endpointFamily, target, lastFailure));
        HttpResponse<T> response;
        try {
            response = Retry.decorateSupplier(retry, attempt).get();
        } catch (CallNotPermittedException open) {
            throw new ApiException(apiName + " circuit is open after repeated failures of " + target
                    + "; calls fail fast for up to " + resilience.circuitOpenDuration().toSeconds() + " s"
                    + describeLast(lastFailure.get()), 0, open);
        } catch (TransientFailure failure) {
            if (!repeatable && !failure.neverSent()) {
                throw new ApiOutcomeUnknownException(apiName + " call " + target + " got no answer ("
                        + failure.getCause() + "); not sent again, the first attempt may have been applied", 0,
                        failure.getCause());
            }
            throw new ApiException(apiName + " call " + target + " failed after " + resilience.maxAttempts()
                    + " attempts: " + failure.getCause(), 0, failure.getCause());
        }
        if (!repeatable && RETRYABLE_STATUSES.contains(response.statusCode()) && response.statusCode() != 429) {
            throw new ApiOutcomeUnknownException(apiName + " call " + target + " answered " + response.statusCode()
                    + "; not sent again, the first attempt may have been applied", response.statusCode(), null);
        }
        if (RETRYABLE_STATUSES.contains(response.statusCode())) {
            String message = apiName + " call " + target + " still answered " + response.statusCode() + " after "
                    + resilience.maxAttempts() + " attempts";
            if (response.statusCode() == 429) {
                Optional<Duration> hint = RetryHints.serverWait(429, response.headers(), clock);
                throw new ApiThrottledException(message, 429,
                        RetryHints.nextWait(resilience.maxAttempts(), hint, resilience), hint.isPresent());
            }
            throw new ApiException(message, response.statusCode());
        }
        return response;
    }

    private <T> HttpResponse<T> attemptOnce(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler,
                                            String endpointFamily, String target,
                                            AtomicReference<Throwable> lastFailure) {
        acquireBudget();
        long start = System.nanoTime();
        try {
            auth.authorize(request);
            HttpResponse<T> response = http.send(request.build(), handler);
            if (response.statusCode() == 401 && auth.refreshAfterUnauthorized()) {
                listener.onAttempt(endpointFamily, 401, System.nanoTime() - start);
                closeQuietly(response.body());
                log.info("{} answered 401 to {}; retrying once with fresh credentials ({})", apiName, target,
                        auth.describe());
                start = System.nanoTime();
                auth.authorize(request);
                response = http.send(request.build(), handler);
            }
            listener.onAttempt(endpointFamily, response.statusCode(), System.nanoTime() - start);
            listener.onResponseHeaders(response.headers());
            refuseLongServerWait(response, target);
            return response;
        } catch (IOException e) {
            listener.onAttempt(endpointFamily, 0, System.nanoTime() - start);
            lastFailure.set(e);
            throw new TransientFailure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(apiName + " call " + target + " was interrupted", 0, e);
        }
    }

    private <T> IntervalBiFunction<HttpResponse<T>> waitPolicy(String endpointFamily) {
        return (attempt, outcome) -> {
            int status = outcome.isRight() ? outcome.get().statusCode() : 0;
            Optional<Duration> hint = outcome.isRight()
                    ? RetryHints.serverWait(status, outcome.get().headers(), clock)
                    : Optional.empty();
            Duration wait = RetryHints.nextWait(attempt, hint, resilience);
            listener.onRetry(endpointFamily, status, wait.toMillis(), hint.isPresent());
            if (attempt >= 3) {
                log.warn("{} {} attempt {} of {} failed ({}); waiting {} ms{}", apiName, endpointFamily, attempt,
                        resilience.maxAttempts(), describeOutcome(outcome), wait.toMillis(),
                        hint.isPresent() ? " as the server asked" : "");
            }
            return wait.toMillis();
        };
    }

    /** A retryable answer whose wait hint (cut to maxServerWait) is longer than a call may block ends the call. */
    private void refuseLongServerWait(HttpResponse<?> response, String target) {
        int status = response.statusCode();
        if (!RETRYABLE_STATUSES.contains(status)) {
            return;
        }
        Optional<Duration> hint = RetryHints.serverWait(status, response.headers(), clock);
        if (hint.isEmpty()) {
            return;
        }
        Duration wait = hint.get().compareTo(resilience.maxServerWait()) > 0 ? resilience.maxServerWait() : hint.get();
        if (wait.compareTo(resilience.maxInCallWait()) > 0) {
            throw new ApiThrottledException(apiName + " answered " + status + " to " + target + " and asked to wait "
                    + wait.toSeconds() + " s (longer than " + HttpConfigDefs.RETRY_IN_CALL_WAIT_MAX_MS + "="
                    + resilience.maxInCallWait().toMillis() + "); the task waits before it tries again", status, wait,
                    true);
        }
    }

    private void acquireBudget() {
        for (RateLimiter budget : budgets) {
            Duration wait = SharedBudgets.estimatedWait(budget);
            if (wait.compareTo(resilience.maxInCallWait()) > 0) {
                throw new ApiThrottledException(apiName + " client-side call budget '" + budget.getName()
                        + "' is spent for the next " + wait.toSeconds() + " s ("
                        + HttpConfigDefs.BUDGET_CALLS_PER_MINUTE + ", " + HttpConfigDefs.BUDGET_CALLS_PER_HOUR
                        + "); the task waits before it tries again", 0, wait, false);
            }
            long start = System.nanoTime();
            if (!budget.acquirePermission()) {
                throw new ApiException(apiName + " client-side call budget '" + budget.getName()
                        + "' had no permit within its timeout", 0);
            }
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            if (waitedMillis > 0) {
                listener.onRateLimitWait(waitedMillis);
            }
        }
    }

    private static String describeOutcome(Either<Throwable, ? extends HttpResponse<?>> outcome) {
        if (outcome.isRight()) {
            return "HTTP " + outcome.get().statusCode();
        }
        Throwable t = outcome.getLeft();
        return t instanceof TransientFailure ? String.valueOf(t.getCause()) : String.valueOf(t);
    }

    private static String describeLast(Throwable t) {
        return t == null ? "" : "; last failure: " + t;
    }

    private static void closeQuietly(Object body) {
        if (body instanceof InputStream in) {
            try {
                in.close();
            } catch (IOException ignored) {
                // Only the unread 401 body is lost.
            }
        }
    }
}
