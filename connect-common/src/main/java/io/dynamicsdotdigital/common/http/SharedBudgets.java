package io.dynamicsdotdigital.common.http;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Client-side call budgets per API account, shared by every task of every connector in this worker JVM that uses
 * the same account, because the provider counts calls per account, not per task.
 */
public final class SharedBudgets {
    private static final RateLimiterRegistry REGISTRY = RateLimiterRegistry.ofDefaults();

    private SharedBudgets() {
    }

    /**
     * The budgets of an API account in this worker, created on first use.
     *
     * @param accountKey "{api name}/{account}", as {@link ApiHttpClient} forms it; never a secret
     */
    public static List<RateLimiter> forAccount(String accountKey, ResilienceSettings settings) {
        List<RateLimiter> limiters = new ArrayList<>(2);
        if (settings.callsPerMinute() > 0) {
            limiters.add(limiter(accountKey + "/minute/" + settings.callsPerMinute(), settings.callsPerMinute(),
                    Duration.ofMinutes(1)));
        }
        if (settings.callsPerHour() > 0) {
            limiters.add(limiter(accountKey + "/hour/" + settings.callsPerHour(), settings.callsPerHour(),
                    Duration.ofHours(1)));
        }
        return List.copyOf(limiters);
    }

    /** About how long the next permit of the budget is away; zero when one is free now. */
    public static Duration estimatedWait(RateLimiter budget) {
        if (budget.getMetrics() instanceof AtomicRateLimiter.AtomicRateLimiterMetrics atomic) {
            return Duration.ofNanos(Math.max(0, atomic.getNanosToWait()));
        }
        return budget.getMetrics().getAvailablePermissions() > 0 ? Duration.ZERO
                : budget.getRateLimiterConfig().getLimitRefreshPeriod();
    }

    private static RateLimiter limiter(String name, int permits, Duration period) {
        // A caller checks estimatedWait first and waits only a few seconds in a call; the timeout covers a permit
        // another task took in between.
        return REGISTRY.rateLimiter(name, RateLimiterConfig.custom()
                .limitForPeriod(permits)
                .limitRefreshPeriod(period)
                .timeoutDuration(period.plusSeconds(5))
                .build());
    }
}
