package io.dynamicsdotdigital.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryHintsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2015-10-21T07:27:00Z"), ZoneOffset.UTC);

    private static HttpHeaders headers(Map<String, String> values) {
        Map<String, List<String>> map = new java.util.HashMap<>();
        values.forEach((k, v) -> map.put(k, List.of(v)));
        return HttpHeaders.of(map, (a, b) -> true);
    }

    @Test
    void retryAfterInSeconds() {
        assertEquals(Optional.of(Duration.ofSeconds(120)), RetryHints.parseRetryAfter("120", CLOCK));
    }

    @Test
    void retryAfterAsHttpDate() {
        assertEquals(Optional.of(Duration.ofSeconds(60)),
                RetryHints.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", CLOCK));
    }

    @Test
    void retryAfterInThePastMeansNoWait() {
        assertEquals(Optional.of(Duration.ZERO), RetryHints.parseRetryAfter("Wed, 21 Oct 2015 07:00:00 GMT", CLOCK));
    }

    @Test
    void garbageRetryAfterIsIgnored() {
        assertEquals(Optional.empty(), RetryHints.parseRetryAfter("soon", CLOCK));
    }

    @Test
    void rateLimitResetAsEpochSecondsOrAsSecondsFromNow() {
        long epoch = CLOCK.instant().plusSeconds(42).getEpochSecond();
        assertEquals(Optional.of(Duration.ofSeconds(42)), RetryHints.parseRateLimitReset(Long.toString(epoch), CLOCK));
        assertEquals(Optional.of(Duration.ofSeconds(42)), RetryHints.parseRateLimitReset("42", CLOCK));
    }

    @Test
    void retryAfterWinsOverRateLimitReset() {
        HttpHeaders h = headers(Map.of("Retry-After", "5", "X-RateLimit-Reset", "30", "X-RateLimit-Remaining", "0"));
        assertEquals(Optional.of(Duration.ofSeconds(5)), RetryHints.serverWait(429, h, CLOCK));
    }

    @Test
    void rateLimitResetOnlyCountsWhenTheBudgetIsSpent() {
        HttpHeaders spent = headers(Map.of("X-RateLimit-Reset", "30", "X-RateLimit-Remaining", "0"));
        HttpHeaders left = headers(Map.of("X-RateLimit-Reset", "30", "X-RateLimit-Remaining", "12"));
        assertEquals(Optional.of(Duration.ofSeconds(30)), RetryHints.serverWait(503, spent, CLOCK));
        assertEquals(Optional.empty(), RetryHints.serverWait(503, left, CLOCK));
        assertEquals(Optional.of(Duration.ofSeconds(30)), RetryHints.serverWait(429, left, CLOCK));
    }

    @Test
    void backoffGrowsExponentiallyWithJitterAndStaysUnderTheCap() {
        Duration initial = Duration.ofMillis(100);
        Duration max = Duration.ofMillis(1_000);
        for (int i = 0; i < 200; i++) {
            long first = RetryHints.backoff(1, initial, max).toMillis();
            long third = RetryHints.backoff(3, initial, max).toMillis();
            long tenth = RetryHints.backoff(10, initial, max).toMillis();
            assertTrue(first >= 50 && first <= 100, "first " + first);
            assertTrue(third >= 200 && third <= 400, "third " + third);
            assertTrue(tenth >= 500 && tenth <= 1_000, "tenth " + tenth);
        }
    }
}
