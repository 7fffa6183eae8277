package io.dynamicsdotdigital.dotdigital.sink.outage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalApiException;
import io.dynamicsdotdigital.dotdigital.sink.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

class OutageTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ConnectorMetrics.Counter deferred = new ConnectorMetrics(null, Map.of()).counter("d", "d");
    private final Outage outage = new Outage("imports", "outage.max.duration.ms", 60_000, clock, deferred);

    private static DotdigitalApiException status(int status) {
        return new DotdigitalApiException("Dotdigital call failed: HTTP " + status, status, "");
    }

    @Test
    void whatIsWaitedOut() {
        assertTrue(Outage.waitsOut(status(401)));
        assertTrue(Outage.waitsOut(status(403)));
        assertTrue(Outage.waitsOut(status(503)));
        assertTrue(Outage.waitsOut(status(429)));
        assertTrue(Outage.waitsOut(status(0)));
        assertTrue(Outage.waitsOut(new DotdigitalApiException("gone", 404, "ERROR_ADDRESSBOOK_NOT_FOUND")));
        assertFalse(Outage.waitsOut(status(400)));
        assertFalse(Outage.waitsOut(new DotdigitalApiException("no contact", 404, "ERROR_CONTACT_NOT_FOUND")));
    }

    @Test
    void theBackoffDoublesUpToAMinute() {
        assertEquals(1_000, outage.failed(status(503)));
        assertEquals(2_000, outage.failed(status(503)));
        assertEquals(4_000, outage.failed(status(503)));
        for (int i = 0; i < 10; i++) {
            outage.failed(status(503));
        }
        assertEquals(60_000, outage.backoffMillis());
        assertEquals(13, deferred.value());
    }

    @Test
    void failuresLastingTheBoundFailTheTaskNamingTheCauseUnlessACallSucceeds() {
        outage.failed(status(401));
        clock.advance(Duration.ofSeconds(59));
        assertFalse(outage.exceeded());
        outage.recovered();
        assertFalse(outage.active());
        outage.failed(status(401));
        clock.advance(Duration.ofSeconds(60));
        assertTrue(outage.exceeded());
        ConnectException e = outage.failure();
        assertTrue(e.getMessage().contains("imports") && e.getMessage().contains("outage.max.duration.ms=60000")
                && e.getMessage().contains("HTTP 401") && e.getMessage().contains("dotdigital.api.password"),
                e.getMessage());
    }
}
