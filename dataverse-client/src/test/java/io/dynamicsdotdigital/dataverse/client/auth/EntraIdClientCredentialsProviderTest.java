package io.dynamicsdotdigital.dataverse.client.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.common.auth.AuthProvider;
import io.dynamicsdotdigital.common.http.HttpSettings;
import io.dynamicsdotdigital.emulator.common.EmulatorHttpServer;
import io.dynamicsdotdigital.emulator.common.Fault;
import io.dynamicsdotdigital.emulator.common.FaultPlan;
import io.dynamicsdotdigital.emulator.common.RequestLog;
import io.dynamicsdotdigital.emulator.common.SelfSignedTls;
import java.io.StringWriter;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.config.types.Password;
import org.apache.log4j.Logger;
import org.apache.log4j.PatternLayout;
import org.apache.log4j.WriterAppender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real msal4j client-credentials flows against a local HTTPS token endpoint with a self-signed certificate. */
class EntraIdClientCredentialsProviderTest {
    static final String TENANT = "contoso-tenant";
    static final String CLIENT_ID = "11111111-2222-3333-4444-555555555555";
    static final String SECRET = "s3cr3t-Value-that-must-never-leak";
    static final RequestLog LOG = new RequestLog();
    static final AtomicInteger issued = new AtomicInteger();
    static final Map<String, String> lastForm = new HashMap<>();
    static EmulatorHttpServer tokenServer;
    static HttpSettings http;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        tokenServer = EmulatorHttpServer.start("token", 0, true, new FaultPlan(), LOG, s -> "{}", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> form = new HashMap<>();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            synchronized (lastForm) {
                lastForm.clear();
                lastForm.putAll(form);
            }
            String answer;
            int status;
            if (CLIENT_ID.equals(form.get("client_id")) && SECRET.equals(form.get("client_secret"))
                    && "client_credentials".equals(form.get("grant_type"))) {
                status = 200;
                answer = "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,"
                        + "\"access_token\":\"token-" + issued.incrementAndGet() + "\"}";
            } else {
                status = 401;
                answer = "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client"
                        + " secret provided.\",\"error_codes\":[7000215]}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        });
        Path trust = SelfSignedTls.shared().writeTrustStore(dir.resolve("trust.p12"), "changeit");
        http = HttpSettings.builder().trustStore(trust.toString(), new Password("changeit"), "PKCS12").build();
    }

    @AfterAll
    static void stop() {
        tokenServer.close();
    }

    private static EntraIdSettings settings(String secret) {
        return new EntraIdSettings(tokenServer.baseUri() + "/" + TENANT + "/", CLIENT_ID, new Password(secret), "",
                new Password(""), "https://contoso.crm.dynamics.com/.default");
    }

    private static String authorizationHeader(AuthProvider provider) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(java.net.URI.create("https://example.invalid/"));
        provider.authorize(builder);
        return builder.build().headers().firstValue("Authorization").orElseThrow();
    }

    @Test
    void getsATokenCachesItAndRefreshesItAfterA401() {
        EntraIdClientCredentialsProvider provider = new EntraIdClientCredentialsProvider(settings(SECRET), http);
        long before = LOG.count("POST /" + TENANT + "/oauth2/v2.0/token");
        String first = authorizationHeader(provider);
        String second = authorizationHeader(provider);
        assertTrue(first.startsWith("Bearer token-"), first);
        assertEquals(first, second, "msal4j's cache must serve the second call");
        assertEquals(before + 1, LOG.count("POST /" + TENANT + "/oauth2/v2.0/token"));
        synchronized (lastForm) {
            assertEquals("client_credentials", lastForm.get("grant_type"));
            assertTrue(lastForm.get("scope").contains("https://contoso.crm.dynamics.com/.default"));
        }

        assertTrue(provider.refreshAfterUnauthorized());
        String refreshed = authorizationHeader(provider);
        assertNotEquals(first, refreshed, "after a 401 the cache is skipped");
        assertEquals(before + 2, LOG.count("POST /" + TENANT + "/oauth2/v2.0/token"));
    }

    @Test
    void aRefusedSecretGivesAClearErrorWithoutTheSecret() {
        String wrong = "wrong-" + SECRET;
        StringWriter logs = new StringWriter();
        WriterAppender appender = new WriterAppender(new PatternLayout("%p %m%n"), logs);
        Logger.getRootLogger().addAppender(appender);
        try {
            EntraIdClientCredentialsProvider provider = new EntraIdClientCredentialsProvider(settings(wrong), http);
            AuthenticationException e = assertThrows(AuthenticationException.class, provider::verify);
            assertTrue(e.getMessage().contains("invalid_client"), e.getMessage());
            assertTrue(e.getMessage().contains(CLIENT_ID), e.getMessage());
            assertFalse(e.getMessage().contains(SECRET), e.getMessage());
            assertFalse(String.valueOf(provider).contains(SECRET));
            assertFalse(String.valueOf(settings(wrong)).contains(SECRET));
        } finally {
            Logger.getRootLogger().removeAppender(appender);
        }
        assertFalse(logs.toString().contains(SECRET), "a secret reached the logs");
    }

    /** A token endpoint that answers 503 to the first {@code failures} requests, then issues tokens. */
    private static EmulatorHttpServer flakyTokenServer(AtomicInteger calls, int failures) throws Exception {
        return EmulatorHttpServer.start("flaky-token", 0, true, new FaultPlan(), new RequestLog(), s -> "{}",
                exchange -> {
                    exchange.getRequestBody().readAllBytes();
                    boolean fail = calls.incrementAndGet() <= failures;
                    String answer = fail ? "{\"error\":\"temporarily_unavailable\",\"error_description\":"
                            + "\"AADSTS90033: A transient error has occurred.\"}"
                            : "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"token-flaky\"}";
                    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
                    exchange.sendResponseHeaders(fail ? 503 : 200, bytes.length);
                    exchange.getResponseBody().write(bytes);
                });
    }

    private static EntraIdSettings settingsAt(EmulatorHttpServer server) {
        return new EntraIdSettings(server.baseUri() + "/" + TENANT + "/", CLIENT_ID, new Password(SECRET), "",
                new Password(""), "https://contoso.crm.dynamics.com/.default");
    }

    @Test
    void aShortTokenEndpointOutageIsRetriedWithBackoff() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (EmulatorHttpServer flaky = flakyTokenServer(calls, 2)) {
            EntraIdClientCredentialsProvider provider = new EntraIdClientCredentialsProvider(settingsAt(flaky), http);
            assertEquals("Bearer token-flaky", authorizationHeader(provider));
            assertTrue(calls.get() >= 3, "asked again after the 503s");
        }
    }

    @Test
    void aLongerOutageIsRetriableWhileARefusedClientFailsFast() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (EmulatorHttpServer down = flakyTokenServer(calls, Integer.MAX_VALUE)) {
            EntraIdClientCredentialsProvider provider = new EntraIdClientCredentialsProvider(settingsAt(down), http);
            TokenUnavailableException e = assertThrows(TokenUnavailableException.class, provider::accessToken);
            assertTrue(e instanceof org.apache.kafka.connect.errors.RetriableException);
            assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
            assertFalse(e.getMessage().contains(SECRET));
            assertTrue(calls.get() >= TokenEndpointAttempts.ATTEMPTS, "calls: " + calls.get());
        }
        EntraIdClientCredentialsProvider refused = new EntraIdClientCredentialsProvider(settings("wrong"), http);
        long before = LOG.count("POST /" + TENANT + "/oauth2/v2.0/token");
        AuthenticationException e = assertThrows(AuthenticationException.class, refused::accessToken);
        assertFalse(org.apache.kafka.connect.errors.RetriableException.class.isInstance(e));
        assertEquals(before + 1, LOG.count("POST /" + TENANT + "/oauth2/v2.0/token"), "invalid_client is not retried");
    }

    @Test
    void aGatewayPageInsteadOfAnOAuthErrorIsATransientOutageNotACrash() throws Exception {
        // msal4j gives no status for these: null for a JSON error that is not OAuth's, none for an HTML page.
        assertTokenUnavailable(Fault.status(503, Map.of(), "{\"error\":{\"code\":\"0x80040216\",\"message\":"
                + "\"The service is temporarily unavailable.\"}}"), "HTTP 503");
        assertTokenUnavailable(Fault.status(502, Map.of("Content-Type", "text/html"),
                "<html><body><h1>502 Bad Gateway</h1></body></html>"), "invalid_json");
    }

    private static void assertTokenUnavailable(Fault answer, String named) throws Exception {
        try (EmulatorHttpServer down = EmulatorHttpServer.start("gateway-token", 0, true,
                new FaultPlan().add(answer, 100), new RequestLog(), s -> "{}",
                exchange -> exchange.sendResponseHeaders(500, -1))) {
            EntraIdClientCredentialsProvider provider = new EntraIdClientCredentialsProvider(settingsAt(down), http);
            TokenUnavailableException e = assertThrows(TokenUnavailableException.class, provider::accessToken);
            assertTrue(e.getMessage().contains(named), e.getMessage());
        }
    }

    @Test
    void nonMicrosoftAuthoritiesSkipInstanceDiscovery() {
        assertFalse(settings(SECRET).isMicrosoftAuthority());
        EntraIdSettings microsoft = new EntraIdSettings("https://login.microsoftonline.com/x/", CLIENT_ID,
                new Password(SECRET), "", new Password(""), "s");
        assertTrue(microsoft.isMicrosoftAuthority());
    }
}
