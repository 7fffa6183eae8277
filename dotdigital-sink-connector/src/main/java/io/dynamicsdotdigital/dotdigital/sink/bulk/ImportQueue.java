package io.dynamicsdotdigital.dotdigital.sink.bulk;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Sealed batches waiting for an import slot, in submission order, and per email the unfinished batches holding it.
 * A batch may start only when it is first for each of its emails, so imports of one email apply in record order
 * even when an older one fails and is started again, and never run at the same time (Dotdigital does not say which
 * of two running imports wins). Batches of other emails are not held up. Not thread safe: the runner locks.
 */
final class ImportQueue {
    private final Deque<ImportBatch> waiting = new ArrayDeque<>();
    private final Map<String, ArrayDeque<ImportBatch>> unfinishedByEmail = new HashMap<>();

    /** A newly sealed batch, last in line. */
    void submit(ImportBatch batch) {
        waiting.addLast(batch);
        for (ImportBatch.Entry e : batch.entries()) {
            unfinishedByEmail.computeIfAbsent(e.contact().email(), k -> new ArrayDeque<>()).addLast(batch);
        }
    }

    /** A batch taken earlier that could not start (or must start again): first in line. */
    void putBack(ImportBatch batch) {
        waiting.addFirst(batch);
    }

    /** Takes the first waiting batch no earlier unfinished batch shares an email with; null when none may start. */
    ImportBatch takeStartable() {
        for (Iterator<ImportBatch> it = waiting.iterator(); it.hasNext(); ) {
            ImportBatch b = it.next();
            if (firstForAllEmails(b)) {
                it.remove();
                return b;
            }
        }
        return null;
    }

    boolean hasStartable() {
        return waiting.stream().anyMatch(this::firstForAllEmails);
    }

    /** The batch finished or was given up: later batches of its emails may start. */
    void finished(ImportBatch batch) {
        for (ImportBatch.Entry e : batch.entries()) {
            ArrayDeque<ImportBatch> holders = unfinishedByEmail.get(e.contact().email());
            if (holders != null) {
                holders.remove(batch);
                if (holders.isEmpty()) {
                    unfinishedByEmail.remove(e.contact().email());
                }
            }
        }
    }

    int size() {
        return waiting.size();
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    private boolean firstForAllEmails(ImportBatch batch) {
        for (ImportBatch.Entry e : batch.entries()) {
            ArrayDeque<ImportBatch> holders = unfinishedByEmail.get(e.contact().email());
            if (holders != null && holders.peekFirst() != batch) {
                return false;
            }
        }
        return true;
    }
}
