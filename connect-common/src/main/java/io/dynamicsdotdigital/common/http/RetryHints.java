package io.dynamicsdotdigital.common.http;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before the next attempt: the server's hint when it gives one, else exponential backoff with
 * jitter.
 */
public final class RetryHints {
    /** Epoch-second values are above this; smaller values are "seconds from now". */
    private static final long EPOCH_SECONDS_THRESHOLD = 1_000_000_000L;

    private RetryHints() {
    }

    /**
     * The wait a response asks for: {@code Retry-After} (seconds or HTTP date) first, then Dotdigital's
     * {@code X-RateLimit-Reset} (epoch seconds or seconds until reset; the docs do not say which, so both are read)
     * when the response is a 429 or the remaining budget is zero.
     */
    public static Optional<Duration> serverWait(int status, HttpHeaders headers, Clock clock) {
        Optional<Duration> retryAfter = headers.firstValue("Retry-After").flatMap(v -> parseRetryAfter(v, clock));
        if (retryAfter.isPresent()) {
            return retryAfter;
        }
        boolean exhausted = status == 429
                || headers.firstValue("X-RateLimit-Remaining").map(String::trim).filter("0"::equals).isPresent();
        if (exhausted) {
            return headers.firstValue("X-RateLimit-Reset").flatMap(v -> parseRateLimitReset(v, clock));
        }
        return Optional.empty();
    }

    /** {@code Retry-After: 120} or {@code Retry-After: Wed, 21 Oct 2015 07:28:00 GMT}. */
    public static Optional<Duration> parseRetryAfter(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        OptionalLong seconds = parseLong(v);
        if (seconds.isPresent()) {
            return Optional.of(Duration.ofSeconds(Math.max(0, seconds.getAsLong())));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(nonNegative(Duration.between(clock.instant(), at)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** {@code X-RateLimit-Reset}: epoch seconds (large values) or seconds until the window resets. */
    public static Optional<Duration> parseRateLimitReset(String value, Clock clock) {
        OptionalLong parsed = value == null ? OptionalLong.empty() : parseLong(value.trim());
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        long v = parsed.getAsLong();
        if (v > EPOCH_SECONDS_THRESHOLD) {
            return Optional.of(nonNegative(Duration.between(clock.instant(), Instant.ofEpochSecond(v))));
        }
        return Optional.of(Duration.ofSeconds(Math.max(0, v)));
    }

    /**
     * The wait before the next attempt: the server's hint cut to {@link ResilienceSettings#maxServerWait()}, but
     * never shorter than the attempt's exponential backoff. A hint of zero ({@code Retry-After: 0}, a date in the
     * past, an {@code X-RateLimit-Reset} at or before now through clock skew) would otherwise fire every attempt
     * within milliseconds.
     *
     * @param attempt 1 for the wait after the first failed attempt
     */
    public static Duration nextWait(int attempt, Optional<Duration> serverHint, ResilienceSettings settings) {
        Duration backoff = backoff(attempt, settings.initialBackoff(), settings.maxBackoff());
        if (serverHint.isEmpty()) {
            return backoff;
        }
        Duration hint = serverHint.get().compareTo(settings.maxServerWait()) > 0 ? settings.maxServerWait()
                : serverHint.get();
        return hint.compareTo(backoff) < 0 ? backoff : hint;
    }

    /**
     * Exponential backoff with "equal jitter": half of the exponential step is fixed, the other half random, so
     * retries from many tasks spread out yet never collapse to zero.
     *
     * @param attempt 1 for the wait after the first failed attempt
     */
    public static Duration backoff(int attempt, Duration initial, Duration max) {
        long base = initial.toMillis();
        long cap = max.toMillis();
        int shift = Math.min(Math.max(attempt - 1, 0), 30);
        long exp = Math.min(cap, base << shift);
        if (exp <= 1) {
            return Duration.ofMillis(exp);
        }
        long half = exp / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    private static OptionalLong parseLong(String v) {
        try {
            return OptionalLong.of(Long.parseLong(v));
        } catch (NumberFormatException e) {
            try {
                return OptionalLong.of((long) Math.ceil(Double.parseDouble(v)));
            } catch (NumberFormatException e2) {
                return OptionalLong.empty();
            }
        }
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
