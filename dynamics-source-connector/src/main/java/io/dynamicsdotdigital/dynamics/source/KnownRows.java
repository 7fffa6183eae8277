package io.dynamicsdotdigital.dynamics.source;

import io.dynamicsdotdigital.dataverse.client.DataverseClient;
import io.dynamicsdotdigital.dynamics.source.schema.TableSchema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.connect.data.Struct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rows of a table known to exist, primary id to record key, and the key scans that keep that knowledge: list
 * members (whose deletes name only the id, while their key is (list, member)), and in watermark mode with delete
 * scans on, every row (key null when it is the id), so a scan can tell which rows are gone. With a key-state topic
 * every table's rows are known, the set starts from the stored one, and a snapshot compares against it: the rows it
 * does not read were deleted, also while no task ran.
 */
final class KnownRows {
    private static final Logger log = LoggerFactory.getLogger(KnownRows.class);

    private final String table;
    private final Duration deleteScanInterval;
    private final Clock clock;
    private final KeyStateLog keyState;
    private RowIdSet known = new RowIdSet();
    /** Whether {@link #known} holds every row it must; false after a restart until a key scan filled it. */
    private boolean keysPrimed;
    private KeyScan scan;
    /** The rows known when a watermark delete scan began; those it does not find were deleted. */
    private RowIdSet scanCandidates;
    /** The rows known when a compared snapshot began; those it does not read were deleted. */
    private RowIdSet snapshotCandidates;
    /** The key-state epoch of the compared snapshot in progress; 0 when none. */
    private long snapshotEpoch;
    /** Loaded from the key-state topic and not yet turned into keys (that needs the table's schema). */
    private KeyStateStore.StoredKeys stored;
    private boolean watermarkCaughtUp;
    private Instant deleteScanDueAt = Instant.EPOCH;
    /** The first page of a scan for the columns it selects, when scans cover a key range only; null for all rows. */
    private Function<List<String>, String> scanFirstLink;

    /** @param primed whether reading starts from the first row, which fills the known rows as it goes */
    KnownRows(String table, Duration deleteScanInterval, Clock clock, boolean primed) {
        this(table, deleteScanInterval, clock, primed, KeyStateLog.DISABLED, null, 0);
    }

    /**
     * @param stored               the table's key-state entries (null without a key-state topic)
     * @param resumedSnapshotEpoch the epoch of the snapshot the stored offset is in the middle of, or 0
     */
    KnownRows(String table, Duration deleteScanInterval, Clock clock, boolean primed, KeyStateLog keyState,
              KeyStateStore.StoredKeys stored, long resumedSnapshotEpoch) {
        this.table = table;
        this.deleteScanInterval = deleteScanInterval;
        this.clock = clock;
        this.keyState = keyState;
        // Without stored entries (a key-state topic just configured) a restarted table needs a baseline key scan.
        this.keysPrimed = primed || (stored != null && !stored.isEmpty());
        this.stored = stored;
        this.snapshotEpoch = resumedSnapshotEpoch;
    }

    /** Key scans read only the rows from {@code firstLink} on (one range of a parallel snapshot). */
    void scanOnly(Function<List<String>, String> firstLink) {
        this.scanFirstLink = firstLink;
    }

    /** Turns the loaded key-state entries into known rows, once the table's schema (its key fields) is known. */
    void attach(TableSchema schema) {
        if (stored == null) {
            return;
        }
        RowIdSet present = withKeys(stored.present(), stored.presentKeys(), schema);
        if (snapshotEpoch != 0) {
            snapshotCandidates = present;
            known = withKeys(stored.seen(), stored.seenKeys(), schema);
            log.info("Table {}: resuming a snapshot; {} rows in Kafka's view, {} already read again", table,
                    present.size(), known.size());
        } else {
            known = present;
            log.info("Table {}: {} rows in Kafka's view according to the key-state topic", table, present.size());
        }
        stored = null;
    }

    private static RowIdSet withKeys(RowIdSet ids, Map<String, String[]> keyed, TableSchema schema) {
        keyed.forEach((id, values) -> {
            Struct key = new Struct(schema.keySchema());
            for (int i = 0; i < schema.keyColumns().size() && i < values.length; i++) {
                key.put(schema.keyColumns().get(i), values[i]);
            }
            ids.put(id, schema.keyIsPrimaryId() ? null : key);
        });
        return ids;
    }

    /** Reading starts again from the first row: everything known is forgotten and will be read again. */
    void restart() {
        if (keyState.enabled()) {
            // Kafka's view still holds the rows known: the next scan or snapshot compares against them.
            if (scanCandidates != null) {
                known.putAll(scanCandidates);
            }
        } else {
            known = new RowIdSet();
        }
        keysPrimed = true;
        scan = null;
        scanCandidates = null;
        watermarkCaughtUp = false;
    }

    /**
     * A snapshot reads the table from its first page. With a key-state topic the rows known now are compared with
     * the rows it reads; {@code epoch} marks its key-state entries.
     */
    void snapshotStarting(long epoch) {
        if (!keyState.enabled()) {
            restart();
            return;
        }
        restart();
        if (snapshotCandidates == null) {
            snapshotCandidates = known;
        } else {
            snapshotCandidates.putAll(known);
        }
        known = new RowIdSet();
        snapshotEpoch = epoch;
    }

    /** The snapshot read its last page: the rows known before it that it did not read, id to key (null: the id). */
    Map<String, Struct> snapshotComplete() {
        Map<String, Struct> deleted = new LinkedHashMap<>();
        if (snapshotCandidates != null) {
            snapshotCandidates.forEach((id, key) -> {
                if (!known.contains(id)) {
                    deleted.put(id, key);
                }
            });
            log.info("Table {}: snapshot compared with the {} rows in Kafka's view before it: {} deleted", table,
                    snapshotCandidates.size(), deleted.size());
        }
        snapshotCandidates = null;
        snapshotEpoch = 0;
        return deleted;
    }

    /** Whether emitted rows are remembered (key state, natural keys, or watermark mode with delete scans on). */
    boolean tracks(boolean naturalKey, boolean changeTracking) {
        return keyState.enabled() || naturalKey || !changeTracking && !deleteScanInterval.isZero();
    }

    void remember(String id, Struct keyOrNull) {
        boolean added = !known.contains(id);
        known.put(id, keyOrNull);
        if (added) {
            keyState.present(table, id, snapshotEpoch, keyOrNull);
        }
    }

    /**
     * A snapshot row that is not emitted (modified before start.timestamp): it still exists, so a row Kafka holds
     * is not deleted.
     */
    void sawWithoutEmitting(String id, Struct keyOrNull) {
        if (snapshotCandidates != null && snapshotCandidates.contains(id)) {
            remember(id, keyOrNull);
        }
    }

    /** Forgets a deleted row; its record key, or null when it was unknown or keyed by its id. */
    Struct forget(String id) {
        Struct key = known.remove(id);
        if (snapshotCandidates != null) {
            Struct candidate = snapshotCandidates.remove(id);
            key = key != null ? key : candidate;
        }
        return key;
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
            return (naturalKey || keyState.enabled()) && !keysPrimed && snapshotCandidates == null;
        }
        return !deleteScanInterval.isZero() && watermarkCaughtUp && !clock.instant().isBefore(deleteScanDueAt);
    }

    /**
     * One page of a key scan. Change-tracking tables: learns the keys of rows that exist now, so their later deletes
     * can be keyed. Watermark mode: when complete, the rows known before the scan that it did not find were deleted.
     * With a key-state topic, a baseline scan (no stored entries yet) also records the rows it found.
     *
     * @return null while the scan runs; when it completed, the deleted rows, id to key (null where the key is the
     *         id), empty in change-tracking mode
     */
    Map<String, Struct> scanStep(DataverseClient client, TableSchema schema, boolean changeTracking) {
        if (scan == null) {
            scan = new KeyScan(schema, scanFirstLink);
            if (!changeTracking) {
                scanCandidates = known;
                known = new RowIdSet();
            }
            log.info("Table {}: key scan starting ({})", table, changeTracking
                    ? "learning row keys after a restart" : "looking for deleted rows");
        }
        if (!scan.step(client)) {
            return null;
        }
        KeyScan finished = scan;
        scan = null;
        boolean baseline = !keysPrimed;
        keysPrimed = true;
        if (changeTracking) {
            finished.rows().forEach((id, key) -> {
                if (!known.contains(id)) {
                    remember(id, key);
                }
            });
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
        if (baseline && keyState.enabled()) {
            found.forEach((id, key) -> {
                if (!scanCandidates.contains(id) && !known.contains(id)) {
                    keyState.present(table, id, 0, key);
                }
            });
        }
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
