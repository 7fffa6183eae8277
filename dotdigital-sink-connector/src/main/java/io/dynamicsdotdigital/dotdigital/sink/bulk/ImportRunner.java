package io.dynamicsdotdigital.dotdigital.sink.bulk;

import io.dynamicsdotdigital.dotdigital.client.DotdigitalApiException;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.model.ImportHandle;
import io.dynamicsdotdigital.dotdigital.client.model.ImportResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts sealed batches as imports and polls them on its own thread, so put() never waits on the API. At most
 * {@code maxActive} imports run at once; when Dotdigital answers tooManyActiveImports (other tasks or tools use
 * the account too) the batch stays queued and is offered again after the next poll, never dropped. An import
 * Dotdigital reports as failed is started again up to {@code maxAttempts} times. Outcomes are handed back to the
 * task thread through {@link #drainOutcomes()}.
 */
public final class ImportRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);

    /** Callbacks for metrics and logs; all run on the runner thread. */
    public interface Listener {
        default void started(ImportBatch batch) {
        }

        default void throttled(ImportBatch batch) {
        }
    }

    private final DotdigitalClient client;
    private final int maxActive;
    private final int maxAttempts;
    private final long pollIntervalMs;
    private final Listener listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Deque<ImportBatch> queued = new ArrayDeque<>();
    private final List<ImportBatch> active = new ArrayList<>();
    private final ConcurrentLinkedQueue<ImportOutcome> outcomes = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int activeCount;
    private volatile int queuedCount;
    /** After tooManyActiveImports or a failed start, no start before this (System.nanoTime()). */
    private volatile long holdStartsUntil;

    public ImportRunner(DotdigitalClient client, int maxActive, int maxAttempts, long pollIntervalMs, String name,
                        Listener listener) {
        this.client = client;
        this.maxActive = maxActive;
        this.maxAttempts = maxAttempts;
        this.pollIntervalMs = pollIntervalMs;
        this.listener = listener;
        this.holdStartsUntil = System.nanoTime();
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public void submit(ImportBatch batch) {
        lock.lock();
        try {
            queued.addLast(batch);
            queuedCount = queued.size();
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Finished or given-up imports since the last call. */
    public List<ImportOutcome> drainOutcomes() {
        List<ImportOutcome> out = new ArrayList<>();
        ImportOutcome o;
        while ((o = outcomes.poll()) != null) {
            out.add(o);
        }
        return out;
    }

    public int activeImports() {
        return activeCount;
    }

    public int queuedImports() {
        return queuedCount;
    }

    private void run() {
        while (running) {
            try {
                startQueued();
                pollActive();
            } catch (RuntimeException e) {
                log.warn("Import runner round failed; it is retried: {}", e.getMessage());
            }
            lock.lock();
            try {
                if (running) {
                    boolean canStart = !queued.isEmpty() && active.size() < maxActive
                            && System.nanoTime() - holdStartsUntil >= 0;
                    if (!canStart) {
                        wake.await(pollIntervalMs, TimeUnit.MILLISECONDS);
                    } else if (!active.isEmpty()) {
                        wake.await(Math.min(pollIntervalMs, 50), TimeUnit.MILLISECONDS);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    private void startQueued() {
        while (running) {
            ImportBatch next;
            if (System.nanoTime() - holdStartsUntil < 0) {
                return;
            }
            lock.lock();
            try {
                if (queued.isEmpty() || active.size() >= maxActive) {
                    return;
                }
                next = queued.pollFirst();
                queuedCount = queued.size();
            } finally {
                lock.unlock();
            }
            try {
                ImportHandle handle = client.startImport(next.request());
                next.started(handle);
                lock.lock();
                try {
                    active.add(next);
                    activeCount = active.size();
                } finally {
                    lock.unlock();
                }
                listener.started(next);
            } catch (DotdigitalApiException e) {
                if (e.isTooManyActiveImports()) {
                    // The account is at its limit (25): wait for an import to finish, keep the batch first in line.
                    requeueFirst(next);
                    listener.throttled(next);
                    log.debug("Dotdigital has too many active imports; {} waits", next.describe());
                    return;
                }
                retryOrGiveUp(next, "starting failed: " + e.getMessage(), e.statusCode() >= 400
                        && e.statusCode() < 500 && e.statusCode() != 408 && e.statusCode() != 429);
                return;
            } catch (RuntimeException e) {
                retryOrGiveUp(next, "starting failed: " + e.getMessage(), false);
                return;
            }
        }
    }

    private void requeueFirst(ImportBatch batch) {
        holdStartsUntil = System.nanoTime() + pollIntervalMs * 1_000_000L;
        lock.lock();
        try {
            queued.addFirst(batch);
            queuedCount = queued.size();
        } finally {
            lock.unlock();
        }
    }

    private void retryOrGiveUp(ImportBatch batch, String why, boolean permanent) {
        batch.failedAttempt();
        if (!permanent && batch.attempts() < maxAttempts) {
            log.warn("{} (attempt {} of {}): {}; it is started again", batch.describe(), batch.attempts(),
                    maxAttempts, why);
            requeueFirst(batch);
        } else {
            outcomes.add(new ImportOutcome(batch, null, why + " (after " + batch.attempts() + " attempts)"));
        }
    }

    private void pollActive() {
        List<ImportBatch> snapshot;
        lock.lock();
        try {
            snapshot = new ArrayList<>(active);
        } finally {
            lock.unlock();
        }
        for (ImportBatch batch : snapshot) {
            if (!running) {
                return;
            }
            ImportResult result;
            try {
                result = client.importStatus(batch.handle());
            } catch (RuntimeException e) {
                log.warn("Reading the status of {} failed; read again later: {}", batch.describe(), e.getMessage());
                continue;
            }
            if (result.isInProgress()) {
                continue;
            }
            removeActive(batch);
            if (result.isFinished()) {
                outcomes.add(new ImportOutcome(batch, result, null));
            } else {
                retryOrGiveUp(batch, "Dotdigital reported status " + result.status(), false);
            }
        }
    }

    private void removeActive(ImportBatch batch) {
        lock.lock();
        try {
            for (Iterator<ImportBatch> it = active.iterator(); it.hasNext(); ) {
                if (it.next() == batch) {
                    it.remove();
                }
            }
            activeCount = active.size();
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        running = false;
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
    }
}
