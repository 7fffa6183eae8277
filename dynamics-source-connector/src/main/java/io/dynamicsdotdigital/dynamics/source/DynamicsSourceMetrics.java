package io.dynamicsdotdigital.dynamics.source;

import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;
import java.util.Map;

/** The source task's metrics: the transport's (through {@link #connector()}) and one set per table. */
final class DynamicsSourceMetrics implements AutoCloseable {
    private final ConnectorMetrics metrics;
    final ConnectorMetrics.Counter tokenFailures;

    DynamicsSourceMetrics(ConnectorMetrics metrics) {
        this.metrics = metrics;
        tokenFailures = metrics.counter("token-failures-total",
                "Reads postponed because the token endpoint failed transiently (5xx, 429, timeout)");
    }

    /**
     * A page read of the table failed transiently (no token, no answer or 5xx after the client's retries, a 500, a
     * body that broke off, stalled or was not JSON) and the table waits before it reads the page again.
     */
    void readPostponed(String table) {
        metrics.counter("reads-postponed-total", "Page reads that failed transiently and were postponed (read again"
                + " later)", Map.of("table", table)).increment();
    }

    /** The underlying registry, which also observes every API call. */
    ConnectorMetrics connector() {
        return metrics;
    }

    Table table(String table) {
        return new Table(metrics, table);
    }

    @Override
    public void close() {
        metrics.close();
    }

    /** The metrics of one table, tagged {@code table=<logical name>}. */
    static final class Table {
        final ConnectorMetrics.Counter recordsRead;
        final ConnectorMetrics.Counter deletesRead;
        final ConnectorMetrics.Counter unkeyedDeletes;
        final ConnectorMetrics.Counter keyScanPages;
        final ConnectorMetrics.Counter snapshotRows;
        final ConnectorMetrics.Counter snapshotPages;
        final ConnectorMetrics.Counter deltaTokenResets;
        final ConnectorMetrics.Counter schemaRefreshes;
        final ConnectorMetrics.Counter rowsSkipped;
        final ConnectorMetrics.Level lagSeconds;
        final ConnectorMetrics.Level lastSuccessfulPoll;

        Table(ConnectorMetrics metrics, String table) {
            Map<String, String> tags = Map.of("table", table);
            recordsRead = metrics.counter("records-read-total", "Rows and deletes read from Dataverse", tags);
            deletesRead = metrics.counter("deletes-read-total",
                    "Deletes read through change tracking or found by watermark delete scans", tags);
            unkeyedDeletes = metrics.counter("unkeyed-deletes-total",
                    "Deletes of list members whose (list, member) key was unknown, so no tombstone was emitted",
                    tags);
            keyScanPages = metrics.counter("key-scan-pages-total",
                    "Pages of key scans (deletes in watermark mode; list member keys after a restart)", tags);
            snapshotRows = metrics.counter("snapshot-rows-total", "Rows read by full snapshots", tags);
            snapshotPages = metrics.counter("snapshot-pages-total", "Pages read by full snapshots", tags);
            deltaTokenResets = metrics.counter("delta-token-resets-total",
                    "Expired delta tokens that forced a full re-snapshot", tags);
            schemaRefreshes = metrics.counter("schema-refreshes-total",
                    "Times the table's metadata was read again", tags);
            rowsSkipped = metrics.counter("rows-skipped-total",
                    "Rows left out because a value could not be read (unreadable.row.action=skip)", tags);
            lagSeconds = metrics.level("lag-seconds", "Now minus the newest modifiedon emitted, in seconds", tags);
            lastSuccessfulPoll = metrics.level("last-successful-poll-epoch-ms",
                    "When the table last read a page successfully (epoch ms)", tags);
        }
    }
}
