package io.dynamicsdotdigital.emulator.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmulatorHttpServerTest {
    static final FaultPlan FAULTS = new FaultPlan();
    static final RequestLog LOG = new RequestLog();
    static EmulatorHttpServer server;
    static HttpClient client;
    static final AtomicInteger HANDLED = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        server = EmulatorHttpServer.start("test", 0, true, FAULTS, LOG, status -> "{\"error\":" + status + "}",
                exchange -> {
                    HANDLED.incrementAndGet();
                    byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                });
        client = HttpClient.newBuilder().sslContext(SelfSignedTls.shared().clientContext()).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(server.baseUri() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesHttpsWithTheSelfSignedCertificateAndHostnameChecks() throws Exception {
        HttpResponse<String> response = get("/hello");
        assertEquals(200, response.statusCode());
        assertEquals("ok", response.body());
        assertEquals(1, LOG.count("GET /hello"));
    }

    @Test
    void scriptedStatusFaultsAreConsumedInOrderAndOnlyOnMatchingPaths() throws Exception {
        FAULTS.add(Fault.tooManyRequests(3).onPath("^/limited"), 2);
        assertEquals(200, get("/other").statusCode());
        HttpResponse<String> first = get("/limited/x");
        assertEquals(429, first.statusCode());
        assertEquals("3", first.headers().firstValue("Retry-After").orElseThrow());
        assertEquals("{\"error\":429}", first.body());
        assertEquals(429, get("/limited/y").statusCode());
        assertEquals(200, get("/limited/z").statusCode());
        assertEquals(0, FAULTS.pending());
    }

    @Test
    void resetClosesTheConnectionWithoutAnAnswer() {
        // java.net.http retries an idempotent GET once on a dropped connection, so drop both attempts.
        FAULTS.add(Fault.reset().onPath("^/reset"), 2);
        assertThrows(IOException.class, () -> get("/reset"));
    }

    @Test
    void aFaultAfterApplyingCarriesTheRequestOutAndLosesOrDelaysItsAnswer() throws Exception {
        FAULTS.add(Fault.status(504).onPath("^/applied").afterApplying(), 1);
        int before = HANDLED.get();
        HttpResponse<String> lost = client.send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/applied"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(504, lost.statusCode());
        assertEquals(before + 1, HANDLED.get(), "the request was carried out");

        FAULTS.add(Fault.reset().onPath("^/applied").afterApplying(), 1);
        assertThrows(IOException.class, () -> client.send(HttpRequest.newBuilder(URI.create(server.baseUri()
                + "/applied")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertEquals(before + 2, HANDLED.get());

        FAULTS.add(Fault.delay(Duration.ofMillis(300)).onPath("^/applied").afterApplying(), 1);
        HttpResponse<String> late = get("/applied");
        assertEquals(200, late.statusCode());
        assertEquals("ok", late.body());
        assertEquals(before + 3, HANDLED.get());
    }

    @Test
    void aStalledBodyStopsHalfWayAndThenTheConnectionDrops() {
        FAULTS.add(Fault.stallMidBody(Duration.ofMillis(500)).onPath("^/stalled"), 1);
        int before = HANDLED.get();
        long start = System.nanoTime();
        assertThrows(IOException.class, () -> get("/stalled"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(before + 1, HANDLED.get(), "the request was carried out");
        org.junit.jupiter.api.Assertions.assertTrue(millis >= 450, "the body stalled only " + millis + " ms");
    }

    @Test
    void aStalledBodySendsItsStartThenHangsAndDropsTheConnection() throws Exception {
        FAULTS.add(Fault.stalledBody("{\"value\":[{\"id\":1},", java.time.Duration.ofMillis(800))
                .onPath("^/stall"), 1);
        long start = System.nanoTime();
        HttpResponse<java.io.InputStream> response = client.send(HttpRequest.newBuilder(
                URI.create(server.baseUri() + "/stall")).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        try (java.io.InputStream body = response.body()) {
            byte[] start15 = body.readNBytes(10);
            assertEquals("{\"value\":[", new String(start15, StandardCharsets.UTF_8));
            assertThrows(IOException.class, body::readAllBytes);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        org.junit.jupiter.api.Assertions.assertTrue(millis >= 700, "stalled for " + millis + " ms");
    }

    @Test
    void anHtmlPageComesWithStatus200() throws Exception {
        FAULTS.add(Fault.htmlPage().onPath("^/html"), 1);
        HttpResponse<String> response = get("/html");
        assertEquals(200, response.statusCode());
        assertEquals("text/html; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        org.junit.jupiter.api.Assertions.assertTrue(response.body().startsWith("<!DOCTYPE html>"));
    }
}
