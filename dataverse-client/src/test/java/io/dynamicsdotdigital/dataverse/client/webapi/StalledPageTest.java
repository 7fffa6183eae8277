package io.dynamicsdotdigital.dataverse.client.webapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.common.auth.BearerTokenAuthProvider;
import io.dynamicsdotdigital.common.http.ApiHttpClient;
import io.dynamicsdotdigital.common.http.HttpSettings;
import io.dynamicsdotdigital.common.http.ResilienceSettings;
import io.dynamicsdotdigital.dataverse.client.PageQuery;
import io.dynamicsdotdigital.dataverse.client.PageResult;
import io.dynamicsdotdigital.dataverse.client.Paging;
import io.dynamicsdotdigital.dataverse.client.RequestGate;
import io.dynamicsdotdigital.emulator.common.EmulatorHttpServer;
import io.dynamicsdotdigital.emulator.common.FaultPlan;
import io.dynamicsdotdigital.emulator.common.RequestLog;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;

/** A page whose body stalls half way fails within the request timeout and gives its request slot back. */
class StalledPageTest {

    @Test
    void aBodyThatStallsMidPageFailsRetriablyWithinTheRequestTimeoutAndReleasesItsPermit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (EmulatorHttpServer server = EmulatorHttpServer.start("stall", 0, false, new FaultPlan(),
                new RequestLog(), s -> "{}", exchange -> {
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    if (exchange.getRequestURI().getQuery() != null) {
                        byte[] page = "{\"value\":[]}".getBytes(StandardCharsets.UTF_8);
                        exchange.sendResponseHeaders(200, page.length);
                        exchange.getResponseBody().write(page);
                        return;
                    }
                    exchange.sendResponseHeaders(200, 0);
                    OutputStream out = exchange.getResponseBody();
                    out.write("{\"value\":[{\"contactid\":\"a\"},".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })) {
            HttpSettings settings = HttpSettings.builder().allowPlainHttp(true)
                    .requestTimeout(Duration.ofMillis(1500)).build();
            ApiHttpClient http = new ApiHttpClient("Dataverse", settings,
                    ResilienceSettings.defaults().withMaxAttempts(1), new BearerTokenAuthProvider(new Password("t")),
                    "stall-test", null);
            RequestGate gate = new RequestGate(1);
            WebApiDataverseClient client = new WebApiDataverseClient(http,
                    URI.create(server.baseUri() + "/api/data/v9.2/"), 10, gate, 1000);
            RetriableException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(
                    RetriableException.class, () -> client.readPage(new PageQuery.Snapshot("contacts", List.of(),
                            Paging.PLAIN), WebApiDataverseClientFollowTest.NO_ROWS, "snapshot page of contacts")));
            assertTrue(e.getMessage().contains("not complete within"), e.getMessage());
            // The one permit is free again: the next page is read.
            PageResult next = client.readPage(new PageQuery.Snapshot("contacts", List.of("contactid"),
                    Paging.PLAIN), WebApiDataverseClientFollowTest.NO_ROWS, "snapshot page of contacts");
            assertEquals(0, next.items());
        } finally {
            release.countDown();
        }
    }
}
