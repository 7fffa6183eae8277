package io.dynamicsdotdigital.dotdigital.sink;

import io.dynamicsdotdigital.common.errors.FailedRecordHandler;
import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;
import java.util.Map;

/** The sink task's metrics, by name, on top of the shared {@link ConnectorMetrics} (which also counts API calls). */
public final class DotdigitalSinkMetrics implements AutoCloseable {
    public static final String RECORDS_RECEIVED = "records-received-total";
    public static final String RECORDS_FAILED = "records-failed-total";
    /** Counted by the shared {@link FailedRecordHandler}, as is {@link #RECORDS_SKIPPED}. */
    public static final String DLQ_RECORDS = FailedRecordHandler.DLQ_RECORDS;
    public static final String RECORDS_SKIPPED = FailedRecordHandler.RECORDS_SKIPPED;
    public static final String CONTACTS_IMPORTED = "contacts-imported-total";
    public static final String IMPORTS_STARTED = "imports-started-total";
    public static final String IMPORTS_ACTIVE = "imports-active";
    public static final String IMPORTS_QUEUED = "imports-queued";
    public static final String IMPORTS_FINISHED = "imports-finished-total";
    public static final String IMPORTS_FAILED = "imports-failed-total";
    public static final String IMPORTS_THROTTLED = "imports-throttled-total";
    public static final String IMPORTS_RESTARTED = "imports-restarted-total";
    public static final String RECORDS_PENDING = "records-pending";
    public static final String UNSUBSCRIBES = "unsubscribes-total";
    public static final String ADDRESS_BOOK_ADDS = "address-book-adds-total";
    public static final String ADDRESS_BOOK_REMOVES = "address-book-removes-total";
    public static final String CALLS_DEFERRED = "calls-deferred-total";
    public static final String TOMBSTONES_IGNORED = "tombstones-ignored-total";
    public static final String IMPORT_FAILURES_UNATTRIBUTED = "import-failures-unattributed-total";

    private final ConnectorMetrics metrics;
    final ConnectorMetrics.Counter recordsReceived;
    final ConnectorMetrics.Counter recordsFailed;
    final ConnectorMetrics.Counter contactsImported;
    final ConnectorMetrics.Counter importsStarted;
    final ConnectorMetrics.Level importsActive;
    final ConnectorMetrics.Level importsQueued;
    final ConnectorMetrics.Counter importsFinished;
    final ConnectorMetrics.Counter importsFailed;
    final ConnectorMetrics.Counter importsThrottled;
    final ConnectorMetrics.Counter importsRestarted;
    final ConnectorMetrics.Level recordsPending;
    final ConnectorMetrics.Counter unsubscribes;
    final ConnectorMetrics.Counter addressBookAdds;
    final ConnectorMetrics.Counter addressBookRemoves;
    final ConnectorMetrics.Counter callsDeferred;
    final ConnectorMetrics.Counter tombstonesIgnored;
    final ConnectorMetrics.Counter importFailuresUnattributed;

    public DotdigitalSinkMetrics(ConnectorMetrics metrics) {
        this.metrics = metrics;
        recordsReceived = metrics.counter(RECORDS_RECEIVED, "Records handed to the task");
        recordsFailed = metrics.counter(RECORDS_FAILED, "Records that could not be applied (bad input or refused)");
        contactsImported = metrics.counter(CONTACTS_IMPORTED,
                "Contacts created or updated by finished bulk imports");
        importsStarted = metrics.counter(IMPORTS_STARTED, "Bulk imports started (retries included)");
        importsActive = metrics.level(IMPORTS_ACTIVE, "Bulk imports started and not yet finished");
        importsQueued = metrics.level(IMPORTS_QUEUED, "Sealed batches waiting for an import slot");
        importsFinished = metrics.counter(IMPORTS_FINISHED, "Bulk imports that finished");
        importsFailed = metrics.counter(IMPORTS_FAILED,
                "Bulk imports given up after their attempts (their records failed)");
        importsThrottled = metrics.counter(IMPORTS_THROTTLED,
                "Import starts refused with tooManyActiveImports (the batch waited and was sent again)");
        importsRestarted = metrics.counter(IMPORTS_RESTARTED, "Batches started again as a new import after an"
                + " attempt failed (Failed, RejectedByWatchdog, an unknown import or an unreadable status)");
        recordsPending = metrics.level(RECORDS_PENDING, "Records accepted whose import or action has not finished");
        unsubscribes = metrics.counter(UNSUBSCRIBES, "Contacts unsubscribed (globally or from an address book)");
        addressBookAdds = metrics.counter(ADDRESS_BOOK_ADDS, "Contacts added to an address book by imports");
        addressBookRemoves = metrics.counter(ADDRESS_BOOK_REMOVES, "Contacts removed from an address book");
        importFailuresUnattributed = metrics.counter(IMPORT_FAILURES_UNATTRIBUTED, "Contacts a finished import"
                + " refused without naming their email (their records cannot be reported; not counted as added)");
        tombstonesIgnored = metrics.counter(TOMBSTONES_IGNORED, "Contact tombstones with nothing to do:"
                + " tombstone.action=ignore, or remove_from_addressbook without a fixed address book");
        callsDeferred = metrics.counter(CALLS_DEFERRED, "Dotdigital calls put off and retried later: no answer,"
                + " 429/5xx beyond the client's retries, or account-wide errors (401, 403, deleted address book)");
    }

    /** The shared metrics, also the HTTP transport's listener. */
    public ConnectorMetrics connectorMetrics() {
        return metrics;
    }

    @Override
    public void close() {
        metrics.close();
    }
}
