package io.dynamicsdotdigital.dotdigital.sink;

import io.dynamicsdotdigital.dotdigital.client.model.ImportFailure;
import io.dynamicsdotdigital.dotdigital.client.model.ImportResult;
import io.dynamicsdotdigital.dotdigital.sink.bulk.ImportBatch;
import io.dynamicsdotdigital.dotdigital.sink.bulk.ImportOutcome;
import io.dynamicsdotdigital.dotdigital.sink.bulk.RecordRef;
import io.dynamicsdotdigital.dotdigital.sink.record.EmailAddresses;
import io.dynamicsdotdigital.dotdigital.sink.record.RecordErrorKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies what the import runner reports back, on the task thread: the records of a finished import are finished,
 * except those whose contact Dotdigital refused (reported as failed with its code); the records of an import given
 * up are reported as failed. Either way the batch's emails are released, so calls parked behind them run.
 */
final class ImportOutcomes {
    private static final Logger log = LoggerFactory.getLogger(ImportOutcomes.class);

    private final PendingWork work;
    private final DotdigitalSinkMetrics metrics;

    ImportOutcomes(PendingWork work, DotdigitalSinkMetrics metrics) {
        this.work = work;
        this.metrics = metrics;
    }

    void apply(List<ImportOutcome> outcomes) {
        for (ImportOutcome outcome : outcomes) {
            ImportBatch batch = outcome.batch();
            if (outcome.finished()) {
                finished(batch, outcome.result());
            } else {
                givenUp(batch, outcome.failure());
            }
            for (ImportBatch.Entry e : batch.entries()) {
                work.released(e.contact().email());
            }
        }
    }

    private void givenUp(ImportBatch batch, String failure) {
        metrics.importsFailed.increment();
        log.error("Dotdigital {} gave up: {}", batch.describe(), failure);
        for (ImportBatch.Entry e : batch.entries()) {
            for (RecordRef ref : e.records()) {
                work.fail(ref, RecordErrorKind.IMPORT_FAILED.code(), "Dotdigital " + batch.describe()
                        + " did not succeed: " + failure, null);
            }
        }
    }

    private void finished(ImportBatch batch, ImportResult result) {
        Map<String, ImportFailure> failures = new HashMap<>();
        List<ImportFailure> unattributed = new ArrayList<>();
        for (ImportFailure f : result.failures()) {
            if (f.email() != null && !f.email().isBlank()) {
                failures.put(EmailAddresses.normalize(f.email()), f);
            } else {
                unattributed.add(f);
            }
        }
        int refused = 0;
        for (ImportBatch.Entry e : batch.entries()) {
            ImportFailure f = failures.get(e.contact().email());
            if (f != null) {
                refused++;
            }
            for (RecordRef ref : e.records()) {
                if (f == null) {
                    work.finish(ref);
                } else {
                    work.fail(ref, f.failureCode(), "Dotdigital refused the contact in import " + result.importId()
                            + ": " + f.failureCode() + (f.description() == null ? "" : ": " + f.description()), null);
                }
            }
            if (f == null && "Unsubscribed".equals(e.contact().status())) {
                metrics.unsubscribes.increment();
            }
        }
        int imported = result.summary().newContacts() + result.summary().updatedContacts();
        metrics.importsFinished.increment();
        metrics.contactsImported.add(imported);
        if (!unattributed.isEmpty()) {
            // Dotdigital refused contacts without saying which: their records cannot be told apart and finish,
            // but they are not counted as imported or added.
            metrics.importFailuresUnattributed.add(unattributed.size());
            log.warn("Dotdigital import {} refused {} contacts without naming their email, so their records cannot"
                    + " be reported: {}", result.importId(), unattributed.size(), describe(unattributed));
        }
        if (batch.addressBookId() != null) {
            metrics.addressBookAdds.add(Math.max(0, batch.contactCount() - refused - unattributed.size()));
        }
        log.info("Dotdigital import {} finished in {} ms: {} contacts sent, {} new, {} updated, {} globally"
                        + " suppressed, {} invalid, {} duplicates, {} refused{}", result.importId(),
                batch.runningMillis(), batch.contactCount(), result.summary().newContacts(),
                result.summary().updatedContacts(), result.summary().globallySuppressed(),
                result.summary().invalidEntries(), result.summary().duplicates(), refused,
                batch.addressBookId() == null ? "" : " (address book " + batch.addressBookId() + ")");
    }

    private static String describe(List<ImportFailure> failures) {
        StringBuilder out = new StringBuilder();
        for (ImportFailure f : failures.subList(0, Math.min(10, failures.size()))) {
            out.append(out.length() == 0 ? "" : "; ").append(f.failureCode())
                    .append(f.description() == null ? "" : ": " + f.description());
        }
        return failures.size() > 10 ? out + "; ..." : out.toString();
    }
}
