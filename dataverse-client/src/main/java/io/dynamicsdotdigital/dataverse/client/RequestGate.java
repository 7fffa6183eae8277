package io.dynamicsdotdigital.dataverse.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * Caps the Web API requests in flight for one connector in a worker, shared by its tasks (Dataverse allows 52
 * concurrent requests per user and answers 429 at once beyond that). The server's {@code x-ms-dop-hint} moves the
 * cap down and, when the server allows more again, back up; it never rises above the configured value.
 */
public final class RequestGate {
    private static final Map<String, RequestGate> SHARED = new ConcurrentHashMap<>();

    private final AdjustableSemaphore permits;
    private final int configured;
    private volatile int limit;

    public RequestGate(int maxConcurrent) {
        this.configured = maxConcurrent;
        this.limit = maxConcurrent;
        this.permits = new AdjustableSemaphore(maxConcurrent);
    }

    /** The gate shared by every task of a connector in this worker, keyed by connector and API account. */
    public static RequestGate shared(String key, int maxConcurrent) {
        return SHARED.compute(key, (k, existing) ->
                existing == null || existing.configured != maxConcurrent ? new RequestGate(maxConcurrent) : existing);
    }

    /** Waits for a permit; a task that cannot get one within {@code timeoutMillis} retries its poll later. */
    public void acquire(long timeoutMillis) {
        try {
            if (!permits.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new RetriableException("All " + limit + " Dataverse request slots of this connector stayed"
                        + " busy for " + timeoutMillis + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("Interrupted while waiting for a Dataverse request slot", e);
        }
    }

    public void release() {
        permits.release();
    }

    /**
     * Applies the server's degree-of-parallelism hint: the cap follows it down and up again, never below 1 or above
     * the configured one.
     */
    public synchronized void applyHint(int hint) {
        int target = Math.max(1, Math.min(configured, hint));
        if (target < limit) {
            permits.reduce(limit - target);
        } else if (target > limit) {
            permits.release(target - limit);
        }
        limit = target;
    }

    public int limit() {
        return limit;
    }

    private static final class AdjustableSemaphore extends Semaphore {
        private static final long serialVersionUID = 1L;

        AdjustableSemaphore(int permits) {
            super(permits, true);
        }

        void reduce(int by) {
            reducePermits(by);
        }
    }
}
