package io.dynamicsdotdigital.dotdigital.sink.bulk;

import io.dynamicsdotdigital.dotdigital.client.DotdigitalApiException;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.model.ImportHandle;
import io.dynamicsdotdigital.dotdigital.client.model.ImportResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import io.dynamicsdotdigital.dotdigital.sink.outage.Outage;
import org.apache.kafka.connect.errors.ConnectException;
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

    private final DotdigitalClient client;
    private final int maxActive;
    private final int maxAttempts;
    private final long pollIntervalMs;
    private final ImportListener listener;
    private final Outage outage;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final ImportQueue queued = new ImportQueue();
    private final ActiveImports active = new ActiveImports();
    private final ConcurrentLinkedQueue<ImportOutcome> outcomes = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int queuedCount;
    /** After tooManyActiveImports or a failed start, no start before this (System.nanoTime()). */
    private volatile long holdStartsUntil;
    /** Why the runner cannot go on (an Error on its thread, or an outage longer than allowed); null while fine. */
    private volatile ConnectException failure;

    /** @param outage waits out imports that fail for account-wide or transient reasons, and bounds the wait */
    public ImportRunner(DotdigitalClient client, int maxActive, int maxAttempts, long pollIntervalMs, String name,
                        ImportListener listener, Outage outage) {
        this.client = client;
        this.maxActive = maxActive;
        this.maxAttempts = maxAttempts;
        this.pollIntervalMs = pollIntervalMs;
        this.listener = listener;
        this.outage = outage;
        this.holdStartsUntil = System.nanoTime();
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public void submit(ImportBatch batch) {
        lock.lock();
        try {
            queued.submit(batch);
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
        return active.count();
    }

    public int queuedImports() {
        return queuedCount;
    }

    /** Non-null once the runner cannot go on; the task fails with it. */
    public ConnectException failure() {
        return failure;
    }

    private void run() {
        try {
            loop();
        } catch (Error e) {
            // For example out of memory building a large body: the batches in hand are lost, so the task must
            // fail (its records were never committed and are redelivered after the restart).
            failure = new ConnectException("The Dotdigital import runner thread died: " + e, e);
            log.error("{}", failure.getMessage(), e);
            running = false;
        }
    }

    private void loop() {
        while (running) {
            try {
                startQueued();
                pollActive();
            } catch (RuntimeException e) {
                log.warn("Import runner round failed; it is retried: {}", e.getMessage());
            }
            if (failure == null && outage.exceeded()) {
                failure = outage.failure();
            }
            lock.lock();
            try {
                if (running) {
                    boolean canStart = !queued.isEmpty() && active.size() < maxActive
                            && System.nanoTime() - holdStartsUntil >= 0
                            && queued.hasStartable();
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
                next = queued.takeStartable();
                if (next == null) {
                    return;
                }
                queuedCount = queued.size();
            } finally {
                lock.unlock();
            }
            try {
                ImportHandle handle = client.startImport(next.request());
                outage.recovered();
                next.started(handle);
                lock.lock();
                try {
                    active.add(next);
                } finally {
                    lock.unlock();
                }
                listener.started(next);
            } catch (DotdigitalApiException e) {
                if (e.isTooManyActiveImports()) {
                    // The account is at its limit (25): wait for an import to finish, keep the batch first in line.
                    hold(next, pollIntervalMs);
                    listener.throttled(next);
                    log.debug("Dotdigital has too many active imports; {} waits", next.describe());
                    return;
                }
                if (Outage.waitsOut(e)) {
                    // Not the batch's fault (credentials, region, deleted address book, Dotdigital down): wait,
                    // without using up the batch's attempts.
                    hold(next, outage.failed(e));
                    return;
                }
                retryOrGiveUp(next, "starting failed: " + e.getMessage(), e.statusCode() >= 400
                        && e.statusCode() < 500);
                return;
            } catch (RuntimeException e) {
                retryOrGiveUp(next, "starting failed: " + e.getMessage(), false);
                return;
            }
        }
    }

    /** The batch finished or was given up: later batches of its emails may start. */
    private void done(ImportOutcome outcome) {
        lock.lock();
        try {
            queued.finished(outcome.batch());
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        outcomes.add(outcome);
    }

    private void hold(ImportBatch batch, long millis) {
        holdStartsUntil = System.nanoTime() + millis * 1_000_000L;
        lock.lock();
        try {
            queued.putBack(batch);
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
            listener.restarted(batch);
            hold(batch, pollIntervalMs);
        } else {
            done(new ImportOutcome(batch, null, why + " (after " + batch.attempts() + " attempts)"));
        }
    }

    private void pollActive() {
        List<ImportBatch> snapshot;
        lock.lock();
        try {
            snapshot = active.snapshot();
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
                outage.recovered();
            } catch (DotdigitalApiException e) {
                if (Outage.waitsOut(e)) {
                    outage.failed(e);
                    log.debug("Reading the status of {} failed; read again later: {}", batch.describe(),
                            e.getMessage());
                    continue;
                }
                // Dotdigital does not know the import (404) or refuses to tell: start the batch again as a new
                // import (counts as an attempt) rather than polling for ever.
                removeActive(batch);
                retryOrGiveUp(batch, "reading its status failed: " + e.getMessage(), false);
                continue;
            } catch (RuntimeException e) {
                log.warn("Reading the status of {} failed; read again later: {}", batch.describe(), e.getMessage());
                continue;
            }
            if (result.isInProgress()) {
                continue;
            }
            removeActive(batch);
            if (result.isFinished()) {
                done(new ImportOutcome(batch, result, null));
            } else {
                retryOrGiveUp(batch, "Dotdigital reported status " + result.status(), false);
            }
        }
    }

    private void removeActive(ImportBatch batch) {
        lock.lock();
        try {
            active.remove(batch);
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
