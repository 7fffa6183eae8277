package io.dynamicsdotdigital.emulator.dotdigital;

import java.time.Clock;

/** A per-account fixed one-minute window, as Dotdigital's tiered per-minute limits behave. */
final class RateLimiter {
    /** One call's view of the window. */
    record Window(boolean allowed, int limit, int remaining, long resetEpochSeconds, long secondsUntilReset) {
    }

    private int limitPerMinute;
    private final Clock clock;
    private long windowStart;
    private int used;

    RateLimiter(int limitPerMinute, Clock clock) {
        this.limitPerMinute = limitPerMinute;
        this.clock = clock;
    }

    /** Changes the budget and starts a fresh window now. */
    synchronized void limit(int perMinute) {
        this.limitPerMinute = perMinute;
        this.windowStart = clock.millis();
        this.used = 0;
    }

    synchronized Window acquire() {
        roll();
        boolean allowed = limitPerMinute == 0 || used < limitPerMinute;
        if (allowed) {
            used++;
        }
        return window(allowed);
    }

    synchronized Window peek() {
        roll();
        return window(true);
    }

    private void roll() {
        long now = clock.millis();
        if (now - windowStart >= 60_000) {
            windowStart = now - now % 60_000;
            used = 0;
        }
    }

    private Window window(boolean allowed) {
        long resetMillis = windowStart + 60_000;
        long until = Math.max(1, (resetMillis - clock.millis() + 999) / 1000);
        return new Window(allowed, limitPerMinute, Math.max(0, limitPerMinute - used), resetMillis / 1000, until);
    }
}
