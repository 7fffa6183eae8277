package io.dynamicsdotdigital.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The settings of calls made on a task thread that must not block long (issue 13 item 8). */
class ResilienceSettingsTest {
    private static final ResilienceSettings CONFIGURED = new ResilienceSettings(8, Duration.ofMillis(500),
            Duration.ofSeconds(60), Duration.ofMinutes(15), 100, 2000, 40f, 10, Duration.ofSeconds(30),
            Duration.ofMillis(800));

    @Test
    void aTaskThreadKeepsTheConfiguredInCallWaitWhenShorterAndTheWholeServerWait() {
        ResilienceSettings bounded = CONFIGURED.boundedForTaskThread(3, Duration.ofSeconds(5));
        assertEquals(3, bounded.maxAttempts());
        assertEquals(Duration.ofMillis(500), bounded.initialBackoff());
        assertEquals(Duration.ofSeconds(5), bounded.maxBackoff());
        assertEquals(Duration.ofMillis(800), bounded.maxInCallWait(), "retry.wait.in.call.max.ms is not dropped");
        assertEquals(Duration.ofMinutes(15), bounded.maxServerWait(),
                "a longer server wait is carried whole by ApiThrottledException, not cut and slept");
        assertEquals(100, bounded.callsPerMinute());
        assertEquals(2000, bounded.callsPerHour());
        assertEquals(40f, bounded.circuitFailureRate());
        assertEquals(10, bounded.circuitMinimumCalls());
        assertEquals(Duration.ofSeconds(30), bounded.circuitOpenDuration());
    }

    @Test
    void aTaskThreadNeverWaitsLongerThanItsBoundInsideACall() {
        ResilienceSettings bounded = ResilienceSettings.defaults().withServerWaits(Duration.ofMinutes(15),
                Duration.ofSeconds(30)).boundedForTaskThread(3, Duration.ofSeconds(2));
        assertEquals(Duration.ofSeconds(2), bounded.maxInCallWait());
        assertEquals(Duration.ofSeconds(2), bounded.maxBackoff());
        assertEquals(1, CONFIGURED.withMaxAttempts(1).boundedForTaskThread(3, Duration.ofSeconds(2)).maxAttempts(),
                "fewer configured attempts stay fewer");
    }
}
