package io.dynamicsdotdigital.dynamics.sink;

import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;

/** The sink task's metrics; the registry also observes every API call. */
final class DynamicsSinkMetrics implements AutoCloseable {
    final ConnectorMetrics registry;
    final ConnectorMetrics.Counter written;
    final ConnectorMetrics.Counter deleted;
    final ConnectorMetrics.Counter failed;
    final ConnectorMetrics.Counter batches;
    final ConnectorMetrics.Counter unmatched;
    final ConnectorMetrics.Counter tokenFailures;
    final ConnectorMetrics.Counter linked;
    final ConnectorMetrics.Counter unlinked;
    final ConnectorMetrics.Counter unchanged;
    final ConnectorMetrics.Counter notNewer;
    final ConnectorMetrics.Counter createsOutcomeUnknown;
    final ConnectorMetrics.Counter putsRedelivered;
    final ConnectorMetrics.Counter batchesResent;

    DynamicsSinkMetrics(ConnectorMetrics registry) {
        this.registry = registry;
        written = registry.counter("rows-written-total", "Rows created or updated in Dataverse");
        deleted = registry.counter("rows-deleted-total", "Rows deleted in Dataverse for tombstones");
        failed = registry.counter("records-failed-total",
                "Records that could not be written (to the dead-letter queue, skipped with a WARN, or failing the task,"
                        + " by errors.tolerance)");
        batches = registry.counter("batches-total", "$batch calls made");
        unmatched = registry.counter("records-unmatched-total",
                "Records of write.mode=update_matching whose match value no row has (skipped)");
        tokenFailures = registry.counter("token-failures-total",
                "Puts redelivered because the token endpoint failed transiently (5xx, 429, timeout)");
        linked = registry.counter("records-linked-total",
                "Records linked to at least one contact, lead or account (link.entities)");
        unlinked = registry.counter("records-unlinked-total",
                "Records linked to no CRM record (no match, no email, ambiguous with link.ambiguous=dead-letter);"
                        + " counted in records-failed-total too");
        unchanged = registry.counter("rows-unchanged-total",
                "Records whose row already had the values (not written): write.mode=update_linked, and upserts"
                        + " with newer.wins.field");
        notNewer = registry.counter("records-not-newer-total",
                "Upserts skipped by newer.wins.field because the record was not newer than the row (by more than"
                        + " newer.wins.skew.ms): never written");
        createsOutcomeUnknown = registry.counter("creates-outcome-unknown-total",
                "Records of write.mode=create whose $batch may have been applied though no answer came (timeout,"
                        + " dropped connection, 502-504): reported as failed records, not created again");
        batchesResent = registry.counter("batches-resent-total", "Whole $batch calls sent again in the next round"
                + " after a fast failure (a 5xx answer, an answer that could not be read)");
        putsRedelivered = registry.counter("puts-redelivered-total",
                "Puts handed back to the worker to deliver again later (throttling, an outage, an answer that could"
                        + " not be read)");
    }

    @Override
    public void close() {
        registry.close();
    }
}
