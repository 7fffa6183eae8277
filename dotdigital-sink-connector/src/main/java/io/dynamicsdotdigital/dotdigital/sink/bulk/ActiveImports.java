package io.dynamicsdotdigital.dotdigital.sink.bulk;

import java.util.ArrayList;
import java.util.List;

/**
 * The imports {@link ImportRunner} started and has not seen finish. Changed under the runner's lock; the count is
 * also read without it, for metrics.
 */
final class ActiveImports {
    private final List<ImportBatch> batches = new ArrayList<>();
    private volatile int count;

    void add(ImportBatch batch) {
        batches.add(batch);
        count = batches.size();
    }

    /** Removes this very batch (by identity). */
    void remove(ImportBatch batch) {
        batches.removeIf(b -> b == batch);
        count = batches.size();
    }

    List<ImportBatch> snapshot() {
        return new ArrayList<>(batches);
    }

    int size() {
        return batches.size();
    }

    boolean isEmpty() {
        return batches.isEmpty();
    }

    /** The size as last changed; safe to read from any thread. */
    int count() {
        return count;
    }
}
