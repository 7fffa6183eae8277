package io.dynamicsdotdigital.dotdigital.sink.bulk;

import io.dynamicsdotdigital.dotdigital.client.model.ImportResult;

/**
 * How an import ended: finished (with its per-contact failures), or given up after its attempts (then
 * {@code result} is null and {@code failure} says why).
 */
public record ImportOutcome(ImportBatch batch, ImportResult result, String failure) {
    public boolean finished() {
        return result != null && result.isFinished();
    }
}
