package io.dynamicsdotdigital.common.http;

import io.dynamicsdotdigital.common.config.Validators;
import java.time.Duration;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

/** The HTTP, retry and rate-limit settings every connector shares, as {@link ConfigDef} fragments. */
public final class HttpConfigDefs {
    public static final String HTTP_GROUP = "HTTP transport";
    public static final String RESILIENCE_GROUP = "Retries and rate limits";

    public static final String CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS = "http.request.timeout.ms";
    public static final String PROXY_HOST = "http.proxy.host";
    public static final String PROXY_PORT = "http.proxy.port";
    public static final String PROXY_USER = "http.proxy.user";
    public static final String PROXY_PASSWORD = "http.proxy.password";
    public static final String TRUSTSTORE_PATH = "http.truststore.path";
    public static final String TRUSTSTORE_PASSWORD = "http.truststore.password";
    public static final String TRUSTSTORE_TYPE = "http.truststore.type";
    public static final String ALLOW_PLAIN_HTTP = "http.allow.plain.http";

    public static final String RETRY_MAX_ATTEMPTS = "retry.max.attempts";
    public static final String RETRY_BACKOFF_INITIAL_MS = "retry.backoff.initial.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";
    public static final String RETRY_SERVER_WAIT_MAX_MS = "retry.server.wait.max.ms";
    public static final String RETRY_IN_CALL_WAIT_MAX_MS = "retry.wait.in.call.max.ms";
    public static final String BUDGET_CALLS_PER_MINUTE = "rate.limit.calls.per.minute";
    public static final String BUDGET_CALLS_PER_HOUR = "rate.limit.calls.per.hour";
    public static final String CIRCUIT_FAILURE_RATE = "circuit.breaker.failure.rate.percent";
    public static final String CIRCUIT_MINIMUM_CALLS = "circuit.breaker.minimum.calls";
    public static final String CIRCUIT_OPEN_MS = "circuit.breaker.open.ms";

    private HttpConfigDefs() {
    }

    /** Adds the HTTP transport group. */
    public static ConfigDef addHttp(ConfigDef def) {
        int order = 0;
        return def
                .define(CONNECT_TIMEOUT_MS, Type.INT, 10_000, Range.between(100, 300_000), Importance.LOW,
                        "Time allowed to open a connection, in milliseconds.",
                        HTTP_GROUP, ++order, Width.SHORT, "Connect timeout (ms)")
                .define(REQUEST_TIMEOUT_MS, Type.INT, 120_000, Range.between(1_000, 3_600_000), Importance.LOW,
                        "Time allowed for one request, from sending it to the end of the response headers, in"
                                + " milliseconds. A timed-out request is retried.",
                        HTTP_GROUP, ++order, Width.SHORT, "Request timeout (ms)")
                .define(PROXY_HOST, Type.STRING, "", Importance.LOW,
                        "HTTP proxy host for all API and token calls. Empty for a direct connection.",
                        HTTP_GROUP, ++order, Width.MEDIUM, "Proxy host")
                .define(PROXY_PORT, Type.INT, 3128, Range.between(1, 65_535), Importance.LOW,
                        "HTTP proxy port.", HTTP_GROUP, ++order, Width.SHORT, "Proxy port")
                .define(PROXY_USER, Type.STRING, "", Importance.LOW,
                        "User name for an authenticating proxy. Note: the JDK disables Basic proxy authentication"
                                + " for HTTPS tunnels unless the worker runs with"
                                + " -Djdk.http.auth.tunneling.disabledSchemes= (empty).",
                        HTTP_GROUP, ++order, Width.MEDIUM, "Proxy user")
                .define(PROXY_PASSWORD, Type.PASSWORD, "", Importance.LOW,
                        "Password for the proxy user.", HTTP_GROUP, ++order, Width.MEDIUM, "Proxy password")
                .define(TRUSTSTORE_PATH, Type.STRING, "", Importance.LOW,
                        "Trust store with the certificates to trust for HTTPS (for example a corporate TLS proxy or"
                                + " a local emulator). Empty for the JVM's default trust.",
                        HTTP_GROUP, ++order, Width.LONG, "Trust store path")
                .define(TRUSTSTORE_PASSWORD, Type.PASSWORD, "", Importance.LOW,
                        "Password of the trust store, if it has one.",
                        HTTP_GROUP, ++order, Width.MEDIUM, "Trust store password")
                .define(TRUSTSTORE_TYPE, Type.STRING, "PKCS12", Validators.oneOf("PKCS12", "JKS"), Importance.LOW,
                        "Trust store format.", HTTP_GROUP, ++order, Width.SHORT, "Trust store type",
                        Validators.oneOf("PKCS12", "JKS"))
                .define(ALLOW_PLAIN_HTTP, Type.BOOLEAN, false, Importance.LOW,
                        "Allow plain http:// API URLs. Only for local emulators and tests: credentials would travel"
                                + " unencrypted. Token endpoints always need HTTPS.",
                        HTTP_GROUP, ++order, Width.SHORT, "Allow plain HTTP");
    }

    /** Adds the retry, budget and circuit-breaker group. */
    public static ConfigDef addResilience(ConfigDef def, int defaultCallsPerMinute, int defaultCallsPerHour) {
        int order = 0;
        ResilienceSettings d = ResilienceSettings.defaults();
        return def
                .define(RETRY_MAX_ATTEMPTS, Type.INT, d.maxAttempts(), Range.between(1, 100), Importance.MEDIUM,
                        "Attempts per API call, the first included, for 429, 502, 503, 504, timeouts and dropped"
                                + " connections. Other errors are not retried.",
                        RESILIENCE_GROUP, ++order, Width.SHORT, "Max attempts")
                .define(RETRY_BACKOFF_INITIAL_MS, Type.LONG, d.initialBackoff().toMillis(),
                        Range.between(1, 600_000), Importance.LOW,
                        "First backoff when the server gives no Retry-After; doubles per attempt, with jitter.",
                        RESILIENCE_GROUP, ++order, Width.SHORT, "Initial backoff (ms)")
                .define(RETRY_BACKOFF_MAX_MS, Type.LONG, d.maxBackoff().toMillis(), Range.between(1, 3_600_000),
                        Importance.LOW, "Longest backoff between attempts when the server gives no wait hint.",
                        RESILIENCE_GROUP, ++order, Width.SHORT, "Max backoff (ms)")
                .define(RETRY_SERVER_WAIT_MAX_MS, Type.LONG, d.maxServerWait().toMillis(),
                        Range.between(1, 86_400_000), Importance.LOW,
                        "Longest wait honoured from Retry-After or X-RateLimit-Reset; longer hints are cut to this, so"
                                + " a throttled task tries again after at most this long. A hint never shortens the"
                                + " exponential backoff: Retry-After: 0 or a reset time in the past waits the backoff.",
                        RESILIENCE_GROUP, ++order, Width.SHORT, "Max server-requested wait (ms)")
                .define(RETRY_IN_CALL_WAIT_MAX_MS, Type.LONG, d.maxInCallWait().toMillis(), Range.between(0, 60_000),
                        Importance.LOW,
                        "Longest a task thread waits inside one API call for a server-requested wait or for a permit"
                                + " of the client-side budget, in milliseconds. A longer wait ends the call as"
                                + " throttled: the task pauses for the wait without blocking (a sink task through"
                                + " Connect's retry timeout, so its consumer is never evicted), then tries again.",
                        RESILIENCE_GROUP, ++order, Width.SHORT, "Max wait inside a call (ms)")
                .define(BUDGET_CALLS_PER_MINUTE, Type.INT, defaultCallsPerMinute, Range.atLeast(0), Importance.MEDIUM,
                        "Client-side budget of API calls per minute for this API account, shared by all tasks"
                                + " of the connector in a worker. 0 for no client-side limit.",
                        RESILIENCE_GROUP, ++order, Width.SHORT, "Calls per minute")
                .define(BUDGET_CALLS_PER_HOUR, Type.INT, defaultCallsPerHour, Range.atLeast(0), Importance.MEDIUM,
                        "Client-side budget of API calls per hour for this API account, shared by all tasks of the"
                                + " connector in a worker. 0 for no client-side limit.",
                        RESILIENCE_GROUP, ++order, Width.SHORT, "Calls per hour")
                .define(CIRCUIT_FAILURE_RATE, Type.INT, (int) d.circuitFailureRate(), Range.between(1, 100),
                        Importance.LOW, "Percentage of failing calls (5xx, timeouts) that opens the circuit breaker.",
                        RESILIENCE_GROUP, ++order, Width.SHORT, "Circuit failure rate (%)")
                .define(CIRCUIT_MINIMUM_CALLS, Type.INT, d.circuitMinimumCalls(), Range.atLeast(1), Importance.LOW,
                        "Calls observed before the failure rate can open the circuit.",
                        RESILIENCE_GROUP, ++order, Width.SHORT, "Circuit minimum calls")
                .define(CIRCUIT_OPEN_MS, Type.LONG, d.circuitOpenDuration().toMillis(), Range.atLeast(100),
                        Importance.LOW, "How long an open circuit fails calls at once before a probe call.",
                        RESILIENCE_GROUP, ++order, Width.SHORT, "Circuit open time (ms)");
    }

    public static HttpSettings httpSettings(AbstractConfig config) {
        return HttpSettings.builder()
                .connectTimeout(Duration.ofMillis(config.getInt(CONNECT_TIMEOUT_MS)))
                .requestTimeout(Duration.ofMillis(config.getInt(REQUEST_TIMEOUT_MS)))
                .proxy(config.getString(PROXY_HOST), config.getInt(PROXY_PORT))
                .proxyCredentials(config.getString(PROXY_USER), passwordOrEmpty(config, PROXY_PASSWORD))
                .trustStore(config.getString(TRUSTSTORE_PATH), passwordOrEmpty(config, TRUSTSTORE_PASSWORD),
                        config.getString(TRUSTSTORE_TYPE))
                .allowPlainHttp(config.getBoolean(ALLOW_PLAIN_HTTP))
                .build();
    }

    public static ResilienceSettings resilienceSettings(AbstractConfig config) {
        return new ResilienceSettings(config.getInt(RETRY_MAX_ATTEMPTS),
                Duration.ofMillis(config.getLong(RETRY_BACKOFF_INITIAL_MS)),
                Duration.ofMillis(config.getLong(RETRY_BACKOFF_MAX_MS)),
                Duration.ofMillis(config.getLong(RETRY_SERVER_WAIT_MAX_MS)),
                config.getInt(BUDGET_CALLS_PER_MINUTE), config.getInt(BUDGET_CALLS_PER_HOUR),
                config.getInt(CIRCUIT_FAILURE_RATE), config.getInt(CIRCUIT_MINIMUM_CALLS),
                Duration.ofMillis(config.getLong(CIRCUIT_OPEN_MS)),
                Duration.ofMillis(config.getLong(RETRY_IN_CALL_WAIT_MAX_MS)));
    }

    static Password passwordOrEmpty(AbstractConfig config, String key) {
        Password p = config.getPassword(key);
        return p == null ? new Password("") : p;
    }
}
