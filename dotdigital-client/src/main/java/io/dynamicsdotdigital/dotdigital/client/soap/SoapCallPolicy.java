package io.dynamicsdotdigital.dotdigital.client.soap;

import io.dynamicsdotdigital.common.http.ApiCallListener;
import io.dynamicsdotdigital.common.http.ApiThrottledException;
import io.dynamicsdotdigital.common.http.HttpConfigDefs;
import io.dynamicsdotdigital.common.http.ResilienceSettings;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClients;
import io.dynamicsdotdigital.common.http.RetryHints;
import io.dynamicsdotdigital.common.http.SharedBudgets;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalApiException;
import io.dynamicsdotdigital.dotdigital.client.rest.RestErrors;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import jakarta.xml.ws.WebServiceException;
import jakarta.xml.ws.soap.SOAPFaultException;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.transport.http.HTTPException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * connect-common's retry semantics for SOAP calls: HTTP 429/502/503/504, throttling faults and dropped connections
 * are retried with the server's wait hint (Retry-After, X-RateLimit-Reset) or connect-common's backoff; every other
 * fault fails at once as a {@link DotdigitalApiException} naming the operation. A client-side call budget per API
 * account applies as over REST. As over REST, no wait inside a call is longer than {@code retry.wait.in.call.max.ms}:
 * a longer server hint or budget wait ends the call with a DotdigitalApiException caused by
 * {@link ApiThrottledException}.
 */
final class SoapCallPolicy {
    private static final Logger log = LoggerFactory.getLogger(SoapCallPolicy.class);
    private static final Set<Integer> RETRYABLE_STATUSES = Set.of(429, 502, 503, 504);

    private final ResilienceSettings resilience;
    private final ApiCallListener listener;
    private final List<RateLimiter> budgets;
    private final Clock clock;

    SoapCallPolicy(String accountKey, ResilienceSettings resilience, ApiCallListener listener) {
        this.resilience = resilience;
        this.listener = listener == null ? ApiCallListener.NONE : listener;
        this.clock = Clock.systemUTC();
        // The same budget as the REST calls of this account: Dotdigital counts both against one limit.
        this.budgets = SharedBudgets.forAccount(DotdigitalClients.API_NAME + "/" + accountKey, resilience);
    }

    /** Runs the operation with retries; {@code operation} is the SOAP operation name, e.g. GetContactByEmail. */
    <T> T call(String operation, Supplier<T> soapCall) {
        return call(operation, soapCall, true);
    }

    /**
     * Runs an operation that must not be sent twice when the first attempt may have been applied (an import, a
     * creation): only throttling, where the server refused the request, is retried; a timeout, a dropped connection
     * or a 502-504 is reported to the caller, who knows whether repeating is safe.
     */
    <T> T callOnce(String operation, Supplier<T> soapCall) {
        return call(operation, soapCall, false);
    }

    private <T> T call(String operation, Supplier<T> soapCall, boolean repeatable) {
        String family = "soap-" + operation;
        Retry retry = Retry.of("Dotdigital-SOAP-" + operation, RetryConfig.<T>custom()
                .maxAttempts(resilience.maxAttempts())
                .retryOnException(e -> e instanceof Transient t && (repeatable || t.status == 429))
                .intervalBiFunction(waitPolicy(family, operation))
                .build());
        Supplier<T> attempt = () -> attemptOnce(operation, family, soapCall);
        try {
            return Retry.decorateSupplier(retry, attempt).get();
        } catch (Transient t) {
            throw new DotdigitalApiException("Dotdigital SOAP " + operation + " failed"
                    + (repeatable || t.status == 429 ? " after " + resilience.maxAttempts() + " attempts: "
                    : " (not repeated: the first attempt may have been applied): ") + t.getMessage(), t.status,
                    t.errorCode, t.getCause());
        }
    }

    void run(String operation, Runnable soapCall) {
        call(operation, () -> {
            soapCall.run();
            return Boolean.TRUE;
        });
    }

    private <T> T attemptOnce(String operation, String family, Supplier<T> soapCall) {
        acquireBudget();
        long start = System.nanoTime();
        try {
            T result = soapCall.get();
            listener.onAttempt(family, 200, System.nanoTime() - start);
            return result;
        } catch (RuntimeException e) {
            Failure f = classify(e);
            listener.onAttempt(family, f.status, System.nanoTime() - start);
            if (f.retryable) {
                refuseLongServerWait(operation, f);
                throw new Transient(f.description, f.status, f.errorCode, f.headers, e);
            }
            throw new DotdigitalApiException("Dotdigital SOAP " + operation + " failed: " + f.description, f.status,
                    f.errorCode, e);
        }
    }

    /**
     * A wait hint (cut to retry.server.wait.max.ms) longer than a call may block ends the call as throttled, the way
     * the REST transport does (ApiHttpClient): a DotdigitalApiException with the status whose cause is an
     * {@link ApiThrottledException} carrying the wait, which sinks turn into context.timeout.
     */
    private void refuseLongServerWait(String operation, Failure f) {
        Optional<Duration> hint = f.status > 0 ? serverHint(f.status, f.headers) : Optional.empty();
        if (hint.isEmpty()) {
            return;
        }
        Duration wait = hint.get().compareTo(resilience.maxServerWait()) > 0 ? resilience.maxServerWait() : hint.get();
        if (wait.compareTo(resilience.maxInCallWait()) > 0) {
            String message = "Dotdigital SOAP " + operation + " answered " + f.description + " and asked to wait "
                    + wait.toSeconds() + " s (longer than " + HttpConfigDefs.RETRY_IN_CALL_WAIT_MAX_MS + "="
                    + resilience.maxInCallWait().toMillis() + "); the task waits before it tries again";
            throw new DotdigitalApiException(message, f.status, f.errorCode,
                    new ApiThrottledException(message, f.status, wait, true));
        }
    }

    private void acquireBudget() {
        for (RateLimiter budget : budgets) {
            Duration wait = SharedBudgets.estimatedWait(budget);
            if (wait.compareTo(resilience.maxInCallWait()) > 0) {
                String message = "Dotdigital client-side call budget '" + budget.getName() + "' is spent for the next "
                        + wait.toSeconds() + " s (" + HttpConfigDefs.BUDGET_CALLS_PER_MINUTE + ", "
                        + HttpConfigDefs.BUDGET_CALLS_PER_HOUR + "); the task waits before it tries again";
                throw new DotdigitalApiException(message, 0, "", new ApiThrottledException(message, 0, wait, false));
            }
            long start = System.nanoTime();
            if (!budget.acquirePermission()) {
                throw new DotdigitalApiException("Dotdigital client-side call budget '" + budget.getName()
                        + "' had no permit within its timeout", 0, "");
            }
            long waited = (System.nanoTime() - start) / 1_000_000;
            if (waited > 0) {
                listener.onRateLimitWait(waited);
            }
        }
    }

    private <T> IntervalBiFunction<T> waitPolicy(String family, String operation) {
        return (attempt, outcome) -> {
            int status = 0;
            Map<String, List<String>> headers = Map.of();
            if (outcome.isLeft() && outcome.getLeft() instanceof Transient t) {
                status = t.status;
                headers = t.headers;
            }
            Optional<Duration> hint = status > 0 ? serverHint(status, headers) : Optional.empty();
            Duration wait = hint.map(w -> w.compareTo(resilience.maxServerWait()) > 0 ? resilience.maxServerWait() : w)
                    .orElseGet(() -> RetryHints.backoff(attempt, resilience.initialBackoff(), resilience.maxBackoff()));
            listener.onRetry(family, status, wait.toMillis(), hint.isPresent());
            if (attempt >= 3) {
                log.warn("Dotdigital SOAP {} attempt {} of {} failed ({}); waiting {} ms", operation, attempt,
                        resilience.maxAttempts(), outcome.isLeft() ? outcome.getLeft().getMessage() : "?",
                        wait.toMillis());
            }
            return wait.toMillis();
        };
    }

    private Optional<Duration> serverHint(int status, Map<String, List<String>> headers) {
        if (headers == null || headers.isEmpty()) {
            return Optional.empty();
        }
        return RetryHints.serverWait(status, HttpHeaders.of(headers, (k, v) -> k != null), clock);
    }

    /** What went wrong, whether it is worth another attempt, and the API's error code. */
    static Failure classify(Throwable e) {
        HttpStatusInterceptor.HttpStatusFailure answered = find(e, HttpStatusInterceptor.HttpStatusFailure.class);
        if (answered != null) {
            int code = answered.status();
            return new Failure(RETRYABLE_STATUSES.contains(code), code, "", "HTTP " + code, answered.headers());
        }
        HTTPException http = find(e, HTTPException.class);
        if (http != null) {
            int code = http.getResponseCode();
            return new Failure(RETRYABLE_STATUSES.contains(code), code, "",
                    "HTTP " + code + (http.getResponseMessage() == null ? "" : " " + http.getResponseMessage()),
                    Map.of());
        }
        String fault = faultText(e);
        if (fault != null) {
            String code = RestErrors.v2ErrorCode(fault);
            String lower = fault.toLowerCase(Locale.ROOT);
            boolean throttled = "ERROR_APIUSAGE_EXCEEDED".equals(code) || lower.contains("too many requests")
                    || lower.contains("throttl") || lower.contains("rate limit");
            return new Failure(throttled, throttled ? 429 : 500, code, fault, Map.of());
        }
        IOException io = find(e, IOException.class);
        if (io != null) {
            return new Failure(true, 0, "", io.toString(), Map.of());
        }
        String message = e instanceof WebServiceException && e.getCause() != null ? e.getCause().toString()
                : e.toString();
        return new Failure(false, 0, "", message, Map.of());
    }

    private static String faultText(Throwable e) {
        SOAPFaultException sfe = find(e, SOAPFaultException.class);
        if (sfe != null && sfe.getFault() != null) {
            return sfe.getFault().getFaultString();
        }
        SoapFault sf = find(e, SoapFault.class);
        return sf == null ? null : sf.getMessage();
    }

    private static <X extends Throwable> X find(Throwable e, Class<X> type) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    record Failure(boolean retryable, int status, String errorCode, String description,
                   Map<String, List<String>> headers) {
    }

    /** A failed attempt worth retrying. */
    private static final class Transient extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String errorCode;
        final transient Map<String, List<String>> headers;

        Transient(String message, int status, String errorCode, Map<String, List<String>> headers, Throwable cause) {
            super(message, cause, false, false);
            this.status = status;
            this.errorCode = errorCode;
            this.headers = headers;
        }
    }
}
