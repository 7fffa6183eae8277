package io.dynamicsdotdigital.dynamics.source;

import io.dynamicsdotdigital.dataverse.client.DataverseClient;
import io.dynamicsdotdigital.dynamics.source.offsets.Offsets;
import io.dynamicsdotdigital.dynamics.source.offsets.TableOffset;
import io.dynamicsdotdigital.dynamics.source.offsets.TablePartitions;
import io.dynamicsdotdigital.dynamics.source.schema.SchemaMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's share of parallel snapshots: the ranges 1..N-1 it was given ({@code table:index}), read in turn, and the
 * view of committed range offsets the tasks holding range 0 wait on.
 */
final class SnapshotRangeTasks {
    private static final Logger log = LoggerFactory.getLogger(SnapshotRangeTasks.class);

    private final DynamicsSourceConfig config;
    private final DataverseClient client;
    private final SchemaMapper mapper;
    private final DynamicsSourceMetrics metrics;
    private final Clock clock;
    private final OffsetStorageReader offsets;
    private final List<RangeReader> readers = new ArrayList<>();
    private int next;

    SnapshotRangeTasks(DynamicsSourceConfig config, DataverseClient client, SchemaMapper mapper,
                       DynamicsSourceMetrics metrics, Clock clock, OffsetStorageReader offsets) {
        this.config = config;
        this.client = client;
        this.mapper = mapper;
        this.metrics = metrics;
        this.clock = clock;
        this.offsets = offsets;
    }

    /** The partitions whose offsets the task needs for its range units: each range's and its table's. */
    static List<Map<String, Object>> partitions(List<String> units) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String unit : units) {
            Unit u = Unit.parse(unit);
            out.add(TablePartitions.ofRange(u.table, u.index));
            out.add(TablePartitions.of(u.table));
        }
        return out;
    }

    /**
     * Starts a reader per range unit, unless its table is already past its parallel snapshot (its own partition
     * holds another kind of position): then the range has nothing to do.
     */
    void start(List<String> units, Map<Map<String, Object>, Map<String, Object>> stored) {
        for (String unit : units) {
            Unit u = Unit.parse(unit);
            TableSettings settings = config.table(u.table).orElseThrow(() -> new ConnectException(
                    "Task was given snapshot range " + unit + " of a table the configuration does not list"));
            int ranges = config.snapshotParallelism(u.table);
            if (u.index >= ranges) {
                continue;
            }
            TableOffset table = parse(stored == null ? null : stored.get(TablePartitions.of(u.table)), u.table);
            if (table != null && !(table instanceof TableOffset.Range r && r.ranges() == ranges)) {
                log.info("Table {}: already read past its snapshot; snapshot range {} has nothing to do", u.table,
                        u.index);
                continue;
            }
            TableOffset own = parse(stored == null ? null : stored.get(TablePartitions.ofRange(u.table, u.index)),
                    u.table);
            TableOffset.Range resume = own instanceof TableOffset.Range r && r.ranges() == ranges ? r : null;
            DynamicsSourceMetrics.Table tableMetrics = metrics.table(u.table);
            SchemaTracker schemas = new SchemaTracker(settings, client, mapper, config.optionLabelsEnabled(),
                    config.schemaRefreshInterval(), tableMetrics, clock);
            RecordBuilder records = new RecordBuilder(settings, config.getString(DynamicsSourceConfig.TOPIC_PREFIX),
                    config.deleteEventsEnabled(), clock, KeyStateLog.DISABLED,
                    TablePartitions.ofRange(u.table, u.index));
            readers.add(new RangeReader(settings, config, client, schemas, tableMetrics, clock, records, u.index,
                    ranges, resume));
        }
    }

    /** The next range that has something to do and is due, in turn; null when none. */
    RangeReader nextDue() {
        Instant now = clock.instant();
        for (int i = 0; i < readers.size(); i++) {
            RangeReader r = readers.get((next + i) % readers.size());
            if (r.endNotCarried() && pastSnapshot(r.table(), r.position().ranges())) {
                r.snapshotOver();
            }
            if (r.pending() && !r.dueAt().isAfter(now)) {
                next = (next + i + 1) % readers.size();
                return r;
            }
        }
        return null;
    }

    /** Whether the table's own partition holds a position past its parallel snapshot. */
    private boolean pastSnapshot(String table, int ranges) {
        Map<String, Object> partition = TablePartitions.of(table);
        Map<Map<String, Object>, Map<String, Object>> stored = offsets.offsets(List.of(partition));
        TableOffset at = parse(stored == null ? null : stored.get(partition), table);
        return at != null && !(at instanceof TableOffset.Range r && r.ranges() == ranges);
    }

    /** The committed offsets of a table's ranges 1..n-1, read afresh from the offset store each time. */
    ParallelSnapshot.RangeProgress progress() {
        return (table, ranges) -> {
            List<Map<String, Object>> partitions = new ArrayList<>();
            for (int i = 1; i < ranges; i++) {
                partitions.add(TablePartitions.ofRange(table, i));
            }
            Map<Map<String, Object>, Map<String, Object>> stored = offsets.offsets(partitions);
            List<TableOffset> out = new ArrayList<>();
            for (Map<String, Object> p : partitions) {
                out.add(parse(stored == null ? null : stored.get(p), table));
            }
            return out;
        };
    }

    private TableOffset parse(Map<String, Object> offset, String table) {
        try {
            return Offsets.parse(offset, config.httpSettings().allowPlainHttp(), config.webApiRoot());
        } catch (IllegalArgumentException e) {
            throw new ConnectException("Invalid stored offset of table " + table + ": " + e.getMessage());
        }
    }

    private record Unit(String table, int index) {
        static Unit parse(String unit) {
            int colon = unit.lastIndexOf(':');
            try {
                return new Unit(unit.substring(0, colon), Integer.parseInt(unit.substring(colon + 1)));
            } catch (RuntimeException e) {
                throw new ConnectException("Malformed snapshot range '" + unit + "' in task property "
                        + DynamicsSourceConnector.TASK_RANGES + "; expected table:index");
            }
        }
    }
}
