package io.dynamicsdotdigital.emulator.dataverse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.emulator.common.Fault;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ServiceProtectionAndFaultsTest {
    static DataverseEmulator emu;
    static WebApiClient api;

    @BeforeAll
    static void start() {
        emu = DataverseEmulator.builder().seed(DataverseSeed.empty().contacts(20)).build().start();
        api = new WebApiClient(emu);
    }

    @AfterEach
    void restoreDefaults() {
        emu.serviceProtection(6000, Duration.ofSeconds(300), 52);
        emu.executionTimeLimit(Duration.ofMillis(1_200_000));
        emu.processingTime(Duration.ZERO);
        emu.faults().clear();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @Test
    void requestCountLimitAnswers429WithRetryAfterPerUser() throws Exception {
        emu.serviceProtection(5, Duration.ofSeconds(2), 52);
        for (int i = 0; i < 5; i++) {
            assertEquals(200, api.get("contacts?$select=fullname").status());
        }
        WebApiClient.Answer limited = api.get("contacts?$select=fullname");
        assertEquals(429, limited.status());
        assertEquals("0x80072322", limited.json().get("error").get("code").asText());
        int retryAfter = Integer.parseInt(limited.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 2, "Retry-After in seconds: " + retryAfter);
        int pressed = Integer.parseInt(api.get("contacts?$select=fullname").header("Retry-After"));
        assertTrue(pressed > retryAfter, "sustained pressure lengthens Retry-After: " + pressed + " after " + retryAfter);

        // Limits are per user: another application is not affected.
        emu.registerClient("b1d5c8e2-0000-4000-8000-000000000002", "other-secret");
        WebApiClient other = new WebApiClient(emu);
        other.token = other.fetchToken("b1d5c8e2-0000-4000-8000-000000000002", "other-secret").json().get("access_token").asText();
        assertEquals(200, other.get("contacts?$select=fullname").status());

        Thread.sleep(2100);
        assertEquals(200, api.get("contacts?$select=fullname").status());
    }

    @Test
    void concurrentRequestsBeyondTheLimitAreRejectedAtOnce() {
        emu.serviceProtection(1000, Duration.ofSeconds(300), 2);
        emu.processingTime(Duration.ofMillis(700));
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            calls.add(api.http.sendAsync(api.request("contacts?$select=fullname").GET().build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        int ok = 0;
        int limited = 0;
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> r = call.join();
            if (r.statusCode() == 200) {
                ok++;
            } else {
                assertEquals(429, r.statusCode());
                assertTrue(r.body().contains("0x80072326"), r.body());
                limited++;
            }
        }
        assertTrue(ok >= 1 && ok <= 2, "ok=" + ok);
        assertEquals(5 - ok, limited);
    }

    @Test
    void executionTimeLimitAnswers429() {
        emu.executionTimeLimit(Duration.ofMillis(100));
        emu.processingTime(Duration.ofMillis(150));
        assertEquals(200, api.get("contacts?$select=fullname").status());
        // The first request's time is booked just after its answer went out, so a request sent at once may still
        // pass; within a few more the window holds more than the limit and must answer 429.
        WebApiClient.Answer limited = api.get("contacts?$select=fullname");
        for (int i = 0; i < 5 && limited.status() == 200; i++) {
            limited = api.get("contacts?$select=fullname");
        }
        assertEquals(429, limited.status());
        assertEquals("0x80072321", limited.json().get("error").get("code").asText());
        assertTrue(Integer.parseInt(limited.header("Retry-After")) >= 1);
    }

    @Test
    void scriptedFaultsAreServedInOrderThenNormalAnswersResume() {
        emu.faults().add(Fault.tooManyRequests(7).onPath("/contacts"), 1)
                .add(Fault.status(503).onPath("/contacts"), 1);
        WebApiClient.Answer first = api.get("contacts?$select=fullname");
        assertEquals(429, first.status());
        assertEquals("7", first.header("Retry-After"));
        assertTrue(first.json().get("error").has("code"));
        WebApiClient.Answer second = api.get("contacts?$select=fullname");
        assertEquals(503, second.status());
        assertTrue(second.json().get("error").get("message").asText().length() > 0);
        assertEquals(200, api.get("contacts?$select=fullname").status());
        assertEquals(0, emu.faults().pending());
    }

    @Test
    void resetAndMalformedBodyFaults() {
        // java.net.http retries an idempotent GET once after a dropped connection: drop it twice.
        emu.faults().add(Fault.reset().onPath("/accounts"), 2);
        assertThrows(UncheckedIOException.class, () -> api.get("accounts?$select=name"));
        emu.faults().clear();
        emu.faults().add(Fault.malformedBody().onPath("/accounts"), 1);
        WebApiClient.Answer malformed = api.get("accounts?$select=name");
        assertEquals(200, malformed.status());
        assertThrows(UncheckedIOException.class, malformed::json);
        assertEquals(200, api.get("accounts?$select=name").status());
    }

    @Test
    void tokenEndpointFaultsToo() {
        emu.faults().add(Fault.status(503).onPath("/oauth2/v2.0/token"), 1);
        assertEquals(503, api.fetchToken(emu.clientId(), emu.clientSecret()).status());
        assertEquals(200, api.fetchToken(emu.clientId(), emu.clientSecret()).status());
        assertTrue(emu.requests().count("POST /" + emu.tenantId() + "/oauth2/v2.0/token") >= 2);
    }

}
