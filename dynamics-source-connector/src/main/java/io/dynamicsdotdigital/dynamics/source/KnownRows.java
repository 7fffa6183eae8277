package io.dynamicsdotdigital.dynamics.source;

import io.dynamicsdotdigital.dataverse.client.DataverseClient;
import io.dynamicsdotdigital.dynamics.source.schema.TableSchema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rows of a table known to exist, primary id to record key, and the key scans that keep that knowledge: list
 * members (whose deletes name only the id, while their key is (list, member)), and in watermark mode with delete
 * scans on, every row (key null when it is the id), so a scan can tell which rows are gone.
 */
final class KnownRows {
    private static final Logger log = LoggerFactory.getLogger(KnownRows.class);

    private final String table;
    private final Duration deleteScanInterval;
    private final Clock clock;
    private RowIdSet known = new RowIdSet();
    /** Whether {@link #known} holds every list member; false after a restart until a key scan filled it. */
    private boolean keysPrimed;
    private KeyScan scan;
    /** The rows known when a watermark delete scan began; those it does not find were deleted. */
    private RowIdSet scanCandidates;
    private boolean watermarkCaughtUp;
    private Instant deleteScanDueAt = Instant.EPOCH;

    /** @param primed whether reading starts from the first row, which fills the known rows as it goes */
    KnownRows(String table, Duration deleteScanInterval, Clock clock, boolean primed) {
        this.table = table;
        this.deleteScanInterval = deleteScanInterval;
        this.clock = clock;
        this.keysPrimed = primed;
    }

    /** Reading starts again from the first row: everything known is forgotten and will be read again. */
    void restart() {
        known = new RowIdSet();
        keysPrimed = true;
        scan = null;
        scanCandidates = null;
        watermarkCaughtUp = false;
    }

    /** Whether emitted rows are remembered (natural keys, or watermark mode with delete scans on). */
    boolean tracks(boolean naturalKey, boolean changeTracking) {
        return naturalKey || !changeTracking && !deleteScanInterval.isZero();
    }

    void remember(String id, Struct keyOrNull) {
        known.put(id, keyOrNull);
    }

    /** Forgets a deleted row; its record key, or null when it was unknown or keyed by its id. */
    Struct forget(String id) {
        return known.remove(id);
    }

    /** Watermark mode: whether the last page reached the end of the table. */
    void watermarkCaughtUp(boolean caughtUp) {
        watermarkCaughtUp = caughtUp;
    }

    boolean scanning() {
        return scan != null;
    }

    boolean scanDue(boolean changeTracking, boolean naturalKey) {
        if (changeTracking) {
            return naturalKey && !keysPrimed;
        }
        return !deleteScanInterval.isZero() && watermarkCaughtUp && !clock.instant().isBefore(deleteScanDueAt);
    }

    /**
     * One page of a key scan. Change-tracking list members: learns the keys of members that exist now, so their
     * later deletes can be keyed. Watermark mode: when complete, the rows known before the scan that it did not
     * find were deleted.
     *
     * @return null while the scan runs; when it completed, the deleted rows, id to key (null where the key is the
     *         id), empty in change-tracking mode
     */
    Map<String, Struct> scanStep(DataverseClient client, TableSchema schema, boolean changeTracking) {
        if (scan == null) {
            scan = new KeyScan(schema);
            if (!changeTracking) {
                scanCandidates = known;
                known = new RowIdSet();
            }
            log.info("Table {}: key scan starting ({})", table, changeTracking
                    ? "learning list member keys after a restart" : "looking for deleted rows");
        }
        if (!scan.step(client)) {
            return null;
        }
        KeyScan finished = scan;
        scan = null;
        if (changeTracking) {
            finished.rows().forEach((id, key) -> {
                if (!known.contains(id)) {
                    known.put(id, key);
                }
            });
            keysPrimed = true;
            log.info("Table {}: key scan complete: {} rows in {} pages", table, finished.rows().size(),
                    finished.pages());
            return Map.of();
        }
        Map<String, Struct> deleted = new LinkedHashMap<>();
        RowIdSet found = finished.rows();
        scanCandidates.forEach((id, key) -> {
            if (!found.contains(id)) {
                deleted.put(id, key);
            }
        });
        // Rows emitted while the scan ran exist too, even where the scan had passed them already.
        found.putAll(known);
        known = found;
        scanCandidates = null;
        deleteScanDueAt = clock.instant().plus(deleteScanInterval);
        log.info("Table {}: key scan complete: {} rows in {} pages, {} deleted since the previous scan", table,
                finished.rows().size(), finished.pages(), deleted.size());
        return deleted;
    }

    /** Rows known now, for tests and diagnostics. */
    int size() {
        return known.size();
    }
}
