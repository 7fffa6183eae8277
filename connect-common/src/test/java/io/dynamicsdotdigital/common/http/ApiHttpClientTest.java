package io.dynamicsdotdigital.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.common.auth.AuthProvider;
import io.dynamicsdotdigital.emulator.common.EmulatorHttpServer;
import io.dynamicsdotdigital.emulator.common.Fault;
import io.dynamicsdotdigital.emulator.common.FaultPlan;
import io.dynamicsdotdigital.emulator.common.RequestLog;
import io.dynamicsdotdigital.emulator.common.SelfSignedTls;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transport against a real HTTPS server that scripts faults. */
class ApiHttpClientTest {
    static final FaultPlan FAULTS = new FaultPlan();
    static final RequestLog LOG = new RequestLog();
    static final AtomicInteger unauthorizedLeft = new AtomicInteger();
    static EmulatorHttpServer server;
    static HttpSettings http;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        server = EmulatorHttpServer.start("transport-test", 0, true, FAULTS, LOG,
                status -> "{\"error\":{\"code\":\"\",\"message\":\"status " + status + "\"}}",
                exchange -> {
                    String auth = exchange.getRequestHeaders().getFirst("Authorization");
                    int status = 200;
                    String body = "{\"ok\":true,\"auth\":\"" + auth + "\"}";
                    if (exchange.getRequestURI().getPath().startsWith("/protected")
                            && unauthorizedLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        status = 401;
                        body = "{\"error\":\"expired\"}";
                    } else if (exchange.getRequestURI().getPath().startsWith("/bad")) {
                        status = 400;
                        body = "{\"error\":{\"code\":\"0x80060888\",\"message\":\"bad filter\"}}";
                    }
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(status, bytes.length);
                    exchange.getResponseBody().write(bytes);
                });
        Path trust = SelfSignedTls.shared().writeTrustStore(dir.resolve("trust.p12"), "changeit");
        http = HttpSettings.builder()
                .trustStore(trust.toString(), new Password("changeit"), "PKCS12")
                .requestTimeout(Duration.ofSeconds(2))
                .build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void clear() {
        FAULTS.clear();
        LOG.reset();
    }

    private static final AuthProvider NO_AUTH = new AuthProvider() {
        @Override
        public void authorize(HttpRequest.Builder request) {
        }

        @Override
        public String describe() {
            return "none";
        }
    };

    private static ResilienceSettings fastRetries(int attempts) {
        return ResilienceSettings.defaults().withMaxAttempts(attempts)
                .withBackoff(Duration.ofMillis(10), Duration.ofMillis(50))
                .withCircuit(100f, 1000, Duration.ofSeconds(30));
    }

    private ApiHttpClient client(String key, ResilienceSettings resilience, AuthProvider auth) {
        return new ApiHttpClient("Test", http, resilience, auth, key, ApiCallListener.NONE);
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(server.baseUri() + path)).GET();
    }

    @Test
    void retriesServerErrorsUntilAnAnswerArrives() {
        FAULTS.add(Fault.status(503).onPath("^/flaky"), 2);
        HttpResponse<String> response = client("a", fastRetries(5), NO_AUTH).sendForString(get("/flaky"), "flaky");
        assertEquals(200, response.statusCode());
        assertEquals(3, LOG.count("GET /flaky"));
    }

    @Test
    void honoursRetryAfterOnA429() {
        FAULTS.add(Fault.tooManyRequests(1).onPath("^/limited"), 1);
        long start = System.nanoTime();
        HttpResponse<String> response = client("b", fastRetries(3), NO_AUTH).sendForString(get("/limited"), "limited");
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, response.statusCode());
        assertEquals(2, LOG.count("GET /limited"));
        assertTrue(waitedMillis >= 950, "waited only " + waitedMillis + " ms despite Retry-After: 1");
    }

    @Test
    void serverHintsOfZeroOrInThePastNeverShortenTheBackoff() {
        String past = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).minusMinutes(5));
        String resetBeforeNow = Long.toString(java.time.Instant.now().minusSeconds(60).getEpochSecond());
        FAULTS.add(Fault.tooManyRequests(0).onPath("^/skewed"), 1);
        FAULTS.add(Fault.status(503, java.util.Map.of("Retry-After", past), null).onPath("^/skewed"), 1);
        FAULTS.add(Fault.status(429, java.util.Map.of("X-RateLimit-Reset", resetBeforeNow,
                "X-RateLimit-Remaining", "0"), null).onPath("^/skewed"), 1);
        ResilienceSettings backoff = fastRetries(4).withBackoff(Duration.ofMillis(200), Duration.ofSeconds(2));
        long start = System.nanoTime();
        HttpResponse<String> response = client("skew", backoff, NO_AUTH).sendForString(get("/skewed"), "skewed");
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, response.statusCode());
        assertEquals(4, LOG.count("GET /skewed"));
        // Backoff floors with equal jitter: at least 100 + 200 + 400 ms.
        assertTrue(waitedMillis >= 700, "three zero hints waited only " + waitedMillis + " ms in all");
    }

    @Test
    void aServerHintIsCutToTheMaximumServerWait() {
        ResilienceSettings settings = fastRetries(3).withBackoff(Duration.ofMillis(10), Duration.ofMillis(20));
        ResilienceSettings capped = new ResilienceSettings(3, Duration.ofMillis(10), Duration.ofMillis(20),
                Duration.ofSeconds(30), 0, 0, 100f, 1000, Duration.ofSeconds(30));
        assertEquals(Duration.ofSeconds(30),
                RetryHints.nextWait(1, java.util.Optional.of(Duration.ofHours(1)), capped));
        assertEquals(Duration.ofSeconds(7), RetryHints.nextWait(1, java.util.Optional.of(Duration.ofSeconds(7)),
                settings));
    }

    @Test
    void aWaitLongerThanACallMayBlockEndsTheCallAsThrottledWithTheWait() {
        FAULTS.add(Fault.tooManyRequests(120).onPath("^/long-wait"), 1);
        ResilienceSettings settings = fastRetries(3).withServerWaits(Duration.ofMinutes(15), Duration.ofSeconds(1));
        long start = System.nanoTime();
        ApiException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(ApiException.class,
                        () -> client("long", settings, NO_AUTH).sendForString(get("/long-wait"), "long")));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMillis < 5_000, "the thread must not sleep for the hint: took " + tookMillis + " ms");
        ApiThrottledException throttled = assertInstanceOf(ApiThrottledException.class, e);
        assertEquals(Duration.ofSeconds(120), throttled.retryAfter());
        assertEquals(429, throttled.statusCode());
        assertTrue(throttled.serverRequested());
        assertTrue(e.getMessage().contains(HttpConfigDefs.RETRY_IN_CALL_WAIT_MAX_MS), e.getMessage());
        assertEquals(1, LOG.count("GET /long-wait"), "no second attempt inside the call");
    }

    @Test
    void aThrottledWaitIsCutToTheMaximumServerWait() {
        FAULTS.add(Fault.tooManyRequests(3_600).onPath("^/hour-wait"), 1);
        ResilienceSettings settings = fastRetries(3).withServerWaits(Duration.ofMinutes(10), Duration.ofSeconds(1));
        ApiThrottledException e = assertThrows(ApiThrottledException.class,
                () -> client("hour", settings, NO_AUTH).sendForString(get("/hour-wait"), "hour"));
        assertEquals(Duration.ofMinutes(10), e.retryAfter());
    }

    @Test
    void aSpentBudgetEndsTheCallAsThrottledInsteadOfWaitingForTheNextWindow() {
        ResilienceSettings oneAMinute = fastRetries(1).withBudget(1, 0)
                .withServerWaits(Duration.ofMinutes(15), Duration.ofSeconds(1));
        String account = "budget-per-minute-" + System.nanoTime();
        ApiHttpClient client = client(account, oneAMinute, NO_AUTH);
        // Another task of the account has just spent this minute's permit.
        SharedBudgets.forAccount("Test/" + account, oneAMinute).get(0).drainPermissions();
        long start = System.nanoTime();
        ApiException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(ApiException.class, () -> client.sendForString(get("/budgeted"), "budgeted")));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMillis < 5_000, "the thread must not wait for the next window: took " + tookMillis + " ms");
        ApiThrottledException throttled = assertInstanceOf(ApiThrottledException.class, e);
        assertEquals(0, throttled.statusCode(), "nothing was sent");
        assertTrue(!throttled.serverRequested());
        assertTrue(throttled.retryAfter().compareTo(Duration.ofSeconds(30)) > 0
                && throttled.retryAfter().compareTo(Duration.ofSeconds(61)) < 0, throttled.retryAfter().toString());
        assertEquals(0, LOG.count("GET /budgeted"));
    }

    @Test
    void exhaustedThrottlingIsReportedAsThrottledWithAWait() {
        FAULTS.add(Fault.tooManyRequests(0).onPath("^/always-limited"), 5);
        ApiThrottledException e = assertThrows(ApiThrottledException.class,
                () -> client("always", fastRetries(2), NO_AUTH).sendForString(get("/always-limited"), "always"));
        assertEquals(429, e.statusCode());
        assertTrue(e.getMessage().contains("after 2 attempts"), e.getMessage());
        assertTrue(e.retryAfter().toMillis() >= 1, e.retryAfter().toString());
    }

    @Test
    void otherClientErrorsAreReturnedWithoutRetry() {
        HttpResponse<String> response = client("c", fastRetries(5), NO_AUTH).sendForString(get("/bad"), "bad");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("bad filter"));
        assertEquals(1, LOG.count("GET /bad"));
    }

    @Test
    void droppedConnectionsAreRetried() {
        // java.net.http itself retries a GET once on a dropped connection: 2 resets = one failed attempt of ours.
        FAULTS.add(Fault.reset().onPath("^/dropping"), 2);
        HttpResponse<String> response = client("d", fastRetries(3), NO_AUTH).sendForString(get("/dropping"), "drop");
        assertEquals(200, response.statusCode());
        assertEquals(3, LOG.count("GET /dropping"));
    }

    @Test
    void timeoutsAreRetried() {
        FAULTS.add(Fault.delay(Duration.ofMillis(2_500)).onPath("^/slow"), 1);
        HttpResponse<String> response = client("e", fastRetries(3), NO_AUTH).sendForString(get("/slow"), "slow");
        assertEquals(200, response.statusCode());
        assertEquals(2, LOG.count("GET /slow"));
    }

    @Test
    void exhaustedRetriesNameTheCallAndTheStatusButNotTheQuery() {
        FAULTS.add(Fault.status(502).onPath("^/down"), 10);
        ApiException e = assertThrows(ApiException.class, () -> client("f", fastRetries(3), NO_AUTH)
                .sendForString(get("/down?$deltatoken=secret-token"), "down"));
        assertEquals(502, e.statusCode());
        assertTrue(e.getMessage().contains("GET " + server.baseUri() + "/down"), e.getMessage());
        assertTrue(e.getMessage().contains("3 attempts"), e.getMessage());
        assertTrue(!e.getMessage().contains("secret-token"), e.getMessage());
        assertEquals(3, LOG.count("GET /down"));
    }

    @Test
    void circuitOpensAfterRepeatedFailuresAndThenFailsFast() {
        ResilienceSettings tripping = fastRetries(1).withCircuit(50f, 4, Duration.ofMinutes(5));
        ApiHttpClient client = client("g", tripping, NO_AUTH);
        FAULTS.add(Fault.status(500).onPath("^/broken"), 4);
        for (int i = 0; i < 4; i++) {
            assertEquals(500, client.sendForString(get("/broken"), "broken").statusCode());
        }
        assertEquals(CircuitBreaker.State.OPEN, client.circuitState());
        ApiException e = assertThrows(ApiException.class, () -> client.sendForString(get("/broken"), "broken"));
        assertTrue(e.getMessage().contains("circuit is open"), e.getMessage());
        assertEquals(4, LOG.count("GET /broken"), "an open circuit must not call the server");
    }

    @Test
    void a401RefreshesCredentialsOnceAndRetries() {
        AtomicInteger refreshes = new AtomicInteger();
        AtomicInteger generation = new AtomicInteger(1);
        AuthProvider rotating = new AuthProvider() {
            @Override
            public void authorize(HttpRequest.Builder request) {
                request.setHeader("Authorization", "Bearer token-" + generation.get());
            }

            @Override
            public boolean refreshAfterUnauthorized() {
                refreshes.incrementAndGet();
                generation.incrementAndGet();
                return true;
            }

            @Override
            public String describe() {
                return "rotating";
            }
        };
        unauthorizedLeft.set(1);
        HttpResponse<String> response = client("h", fastRetries(3), rotating).sendForString(get("/protected"), "p");
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("Bearer token-2"), response.body());
        assertEquals(1, refreshes.get());

        unauthorizedLeft.set(2);
        HttpResponse<String> stillRefused = client("h", fastRetries(3), rotating).sendForString(get("/protected"), "p");
        assertEquals(401, stillRefused.statusCode(), "a second 401 in a row is the caller's to report");
        assertEquals(2, refreshes.get());
    }

    @Test
    void plainHttpIsRefusedUnlessAllowed() {
        URI plain = URI.create("http://127.0.0.1:1/api");
        ConfigException e = assertThrows(ConfigException.class,
                () -> HttpClientFactory.requireAllowedScheme(plain, http, "dynamics.url"));
        assertTrue(e.getMessage().contains("dynamics.url") && e.getMessage().contains(HttpConfigDefs.ALLOW_PLAIN_HTTP));
        HttpClientFactory.requireAllowedScheme(plain, HttpSettings.builder().allowPlainHttp(true).build(), "x");
        HttpClientFactory.requireAllowedScheme(URI.create("https://x.example"), http, "x");
    }

    @Test
    void budgetsAreSharedPerAccountAcrossClients() {
        ResilienceSettings budgeted = fastRetries(1).withBudget(1_000, 0);
        List<RateLimiter> first = SharedBudgets.forAccount("Test/shared-account", budgeted);
        List<RateLimiter> second = SharedBudgets.forAccount("Test/shared-account", budgeted);
        List<RateLimiter> other = SharedBudgets.forAccount("Test/other-account", budgeted);
        assertSame(first.get(0), second.get(0));
        assertTrue(first.get(0) != other.get(0));

        ApiHttpClient a = client("shared-account", budgeted, NO_AUTH);
        ApiHttpClient b = client("shared-account", budgeted, NO_AUTH);
        int before = first.get(0).getMetrics().getAvailablePermissions();
        a.sendForString(get("/one"), "one");
        b.sendForString(get("/two"), "two");
        assertEquals(before - 2, first.get(0).getMetrics().getAvailablePermissions());
    }

    @Test
    void anEmptyBudgetRefusesUntilTheWindowTurns() {
        ResilienceSettings tiny = fastRetries(1).withBudget(2, 0);
        RateLimiter limiter = SharedBudgets.forAccount("Test/tiny", tiny).get(0);
        assertTrue(limiter.acquirePermission());
        assertTrue(limiter.acquirePermission());
        // The real timeout is a whole minute; shorten it so the refusal shows quickly.
        limiter.changeTimeoutDuration(Duration.ofMillis(200));
        long start = System.nanoTime();
        assertTrue(!limiter.acquirePermission(), "a third call within the minute must not get a permit");
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 150, "the call should have waited for a permit");
    }

    private HttpRequest.Builder post(String path) {
        return HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
    }

    @Test
    void anUnrepeatableCallIsNotSentAgainWhenItsFirstAttemptMayHaveBeenApplied() {
        ApiHttpClient client = client("unrepeatable", fastRetries(4), NO_AUTH);
        FAULTS.add(Fault.status(504).onPath("^/create").afterApplying(), 1);
        ApiOutcomeUnknownException gateway = assertThrows(ApiOutcomeUnknownException.class,
                () -> client.sendUnrepeatable(post("/create"), HttpResponse.BodyHandlers.ofString(), "create"));
        assertEquals(504, gateway.statusCode());
        assertEquals(1, LOG.count("POST /create"));

        FAULTS.add(Fault.reset().onPath("^/create").afterApplying(), 1);
        ApiOutcomeUnknownException dropped = assertThrows(ApiOutcomeUnknownException.class,
                () -> client.sendUnrepeatable(post("/create"), HttpResponse.BodyHandlers.ofString(), "create"));
        assertEquals(0, dropped.statusCode());
        assertEquals(2, LOG.count("POST /create"));
    }

    @Test
    void anUnrepeatableCallIsSentAgainAfterA429WhichNothingWasAppliedBefore() {
        FAULTS.add(Fault.tooManyRequests(0).onPath("^/create"), 1);
        HttpResponse<String> response = client("unrepeatable-429", fastRetries(3), NO_AUTH)
                .sendUnrepeatable(post("/create"), HttpResponse.BodyHandlers.ofString(), "create");
        assertEquals(200, response.statusCode());
        assertEquals(2, LOG.count("POST /create"));
    }
}
