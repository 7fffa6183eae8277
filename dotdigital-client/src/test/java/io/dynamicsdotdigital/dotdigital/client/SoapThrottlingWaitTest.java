package io.dynamicsdotdigital.dotdigital.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.common.http.ApiThrottledException;
import io.dynamicsdotdigital.common.http.ResilienceSettings;
import io.dynamicsdotdigital.emulator.common.Fault;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalEmulator;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalSeed;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 8 over SOAP: a throttling answer asking for a wait longer than retry.wait.in.call.max.ms ends the
 * call as throttled, as over REST, instead of sleeping up to retry.server.wait.max.ms inside it.
 */
class SoapThrottlingWaitTest {
    @TempDir
    Path dir;

    @Test
    void aLongRetryAfterOnASoapCallEndsTheCallAsThrottledWithTheWait() {
        ResilienceSettings settings = new ResilienceSettings(4, Duration.ofMillis(20), Duration.ofMillis(200),
                Duration.ofMinutes(15), 0, 0, 50f, 100, Duration.ofSeconds(5), Duration.ofSeconds(1));
        try (DotdigitalEmulator emu = DotdigitalEmulator.builder().port(0).https(true)
                .seed(DotdigitalSeed.empty().addressBooks(1)).build().start();
             DotdigitalClient client = DotdigitalClients.create(EmulatorSupport.settings(emu, DotdigitalTransport.SOAP),
                     EmulatorSupport.httpSettings(dir), settings, null)) {
            emu.faults().add(Fault.tooManyRequests(600).onPath("/v2/Api.svc/GetAddressBooks"), 10);
            long before = emu.requests().count("SOAP GetAddressBooks");
            DotdigitalApiException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> assertThrows(DotdigitalApiException.class, client::addressBooks));
            assertEquals(429, e.statusCode());
            assertTrue(e.isTransient());
            ApiThrottledException throttled = assertInstanceOf(ApiThrottledException.class, e.getCause(),
                    "the same throttled cause the REST transport gives");
            assertEquals(Duration.ofSeconds(600), throttled.retryAfter());
            assertTrue(e.getMessage().contains("retry.wait.in.call.max.ms"), e.getMessage());
            assertEquals(1, emu.requests().count("SOAP GetAddressBooks") - before, "not retried inside the call");
        }
    }
}
