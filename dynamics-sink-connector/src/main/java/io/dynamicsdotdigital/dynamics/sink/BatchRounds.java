package io.dynamicsdotdigital.dynamics.sink;

import io.dynamicsdotdigital.common.http.ApiException;
import io.dynamicsdotdigital.common.http.ApiOutcomeUnknownException;
import io.dynamicsdotdigital.common.http.ApiThrottledException;
import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;
import io.dynamicsdotdigital.dataverse.client.DataverseClient;
import io.dynamicsdotdigital.dataverse.client.DataverseError;
import io.dynamicsdotdigital.dataverse.client.WriteResult;
import io.dynamicsdotdigital.dataverse.client.auth.TokenUnavailableException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * Sends operations in $batch calls of up to {@code batch.size}. Requests answered 429 or 5xx, or not answered
 * because the service stopped the batch, are sent again, up to {@link #ROW_ATTEMPTS} rounds; every other answer goes
 * to the handler. A whole call that failed fast (5xx, an unreadable answer) gets the same rounds. Requests still
 * failing, and a whole call that failed slowly or was throttled for long, make the put fail retriably. Creations of
 * a batch whose outcome is unknown are never sent again (see the four-argument send).
 */
final class BatchRounds {
    /** Rounds per batch for rows answered 429/5xx inside a $batch (the whole call has its own retries). */
    static final int ROW_ATTEMPTS = 3;

    /** Waits between rounds; tests replace it. */
    interface Pause {
        void before(int attempt) throws InterruptedException;
    }

    static final Pause SLEEP = attempt -> Thread.sleep(500L * attempt);

    private final DataverseClient client;
    private final int batchSize;
    private final String entitySet;
    private final ConnectorMetrics.Counter batches;
    private final ConnectorMetrics.Counter resent;
    private final Pause pause;

    /** @param resent counts whole calls sent again in the next round after a fast failure */
    BatchRounds(DataverseClient client, int batchSize, String entitySet, ConnectorMetrics.Counter batches,
                ConnectorMetrics.Counter resent, Pause pause) {
        this.client = client;
        this.batchSize = batchSize;
        this.entitySet = entitySet;
        this.batches = batches;
        this.resent = resent;
        this.pause = pause;
    }

    /** @param what names the requests in errors, e.g. "rows" or "row lookups" */
    void send(List<WriteOperation> operations, String what, BiConsumer<WriteOperation, WriteResult> handler) {
        send(operations, what, handler, (op, e) -> {
            throw e;
        });
    }

    /**
     * @param outcomeUnknown gets each creation of a batch whose outcome no answer tells (a timeout, a dropped
     *                       connection, 502-504): it is not sent again, as that could create the row twice; the
     *                       other requests of that batch are idempotent and go to the next round
     */
    void send(List<WriteOperation> operations, String what, BiConsumer<WriteOperation, WriteResult> handler,
              BiConsumer<WriteOperation, ApiOutcomeUnknownException> outcomeUnknown) {
        for (int from = 0; from < operations.size(); from += batchSize) {
            List<WriteOperation> pending = operations.subList(from, Math.min(operations.size(), from + batchSize));
            String lastProblem = null;
            for (int attempt = 1; attempt <= ROW_ATTEMPTS && !pending.isEmpty(); attempt++) {
                List<WriteResult> results;
                try {
                    results = write(pending);
                } catch (ApiOutcomeUnknownException e) {
                    batches.increment();
                    List<WriteOperation> repeatable = new ArrayList<>();
                    for (WriteOperation op : pending) {
                        if (op.method().equals("POST")) {
                            outcomeUnknown.accept(op, e);
                        } else {
                            repeatable.add(op);
                        }
                    }
                    pending = repeatable;
                    lastProblem = e.getMessage();
                    if (!pending.isEmpty() && attempt < ROW_ATTEMPTS) {
                        pauseBefore(attempt);
                    }
                    continue;
                } catch (RetriableException e) {
                    if (attempt == ROW_ATTEMPTS || !worthAnotherRound(e)) {
                        throw e;
                    }
                    batches.increment();
                    resent.increment();
                    lastProblem = e.getMessage();
                    pauseBefore(attempt);
                    continue;
                }
                batches.increment();
                List<WriteOperation> retry = new ArrayList<>();
                for (int i = 0; i < pending.size(); i++) {
                    WriteResult result = results.get(i);
                    if (result == null || result.transientFailure()) {
                        retry.add(pending.get(i));
                        lastProblem = result == null ? "Dataverse stopped the batch before this request"
                                : "HTTP " + result.status() + ": " + DataverseError.abbreviate(result.body());
                    } else {
                        handler.accept(pending.get(i), result);
                    }
                }
                pending = retry;
                if (!pending.isEmpty() && attempt < ROW_ATTEMPTS) {
                    pauseBefore(attempt);
                }
            }
            if (!pending.isEmpty()) {
                throw new RetriableException(pending.size() + " " + what + " of a Dataverse $batch on " + entitySet
                        + " still failed after " + ROW_ATTEMPTS + " rounds (last: " + lastProblem
                        + "); the worker delivers the records again");
            }
        }
    }

    /**
     * A whole call that failed fast (a 5xx answer, an answer that could not be read) is sent again in the next round,
     * like rows answered 5xx, instead of costing a redelivery. Throttling (it outlasted the call's own waits), a token
     * endpoint outage
     * and failures without an answer (timeouts, dropped or stalled bodies, each already as long as the request
     * timeout allows) go to the worker's redelivery at once, so put() never holds its thread for long.
     */
    static boolean worthAnotherRound(RetriableException e) {
        if (e instanceof TokenUnavailableException) {
            return false;
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof ApiThrottledException || t instanceof IOException
                    || (t instanceof ApiException api && (api.statusCode() == 0 || api.statusCode() == 429))) {
                return false;
            }
        }
        return true;
    }

    private List<WriteResult> write(List<WriteOperation> pending) {
        try {
            return client.write(pending.stream().map(WriteOperation::request).toList());
        } catch (ApiOutcomeUnknownException e) {
            throw e;
        } catch (ApiException e) {
            int s = e.statusCode();
            if (s == 0 || s == 429 || s >= 500) {
                // Retries exhausted on a transient failure: the worker delivers the records again after a pause.
                throw new RetriableException(e.getMessage(), e);
            }
            throw e;
        }
    }

    private void pauseBefore(int attempt) {
        try {
            pause.before(attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("Interrupted while waiting to retry throttled rows", e);
        }
    }
}
