package io.dynamicsdotdigital.dynamics.source;

import java.util.List;
import java.util.function.BiConsumer;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** The settings that split a table's first snapshot into primary-key ranges read by several tasks. */
final class ParallelSnapshotConfigDefs {
    static final String GROUP = "Parallel snapshot";
    static final String SNAPSHOT_PARALLELISM = "snapshot.parallelism";
    static final String SNAPSHOT_PARALLEL_TABLES = "snapshot.parallel.tables";
    /** Read in one task always: list rows drive dynamic list evaluation, list members need their keys known. */
    static final List<String> SERIAL_ONLY = List.of("list", "listmember");

    private ParallelSnapshotConfigDefs() {
    }

    static void add(ConfigDef def) {
        int order = 0;
        def.define(SNAPSHOT_PARALLELISM, Type.INT, 1, Range.between(1, 52), Importance.MEDIUM,
                        "Primary-key ranges the first snapshot of each table in " + SNAPSHOT_PARALLEL_TABLES
                                + " is split into; each range is its own source partition, read by its own task"
                                + " slot (give tasks.max at least the number of ranges). Each range notes the time"
                                + " before its first page; once every range is done, the task holding range 0"
                                + " continues the table in watermark mode from the earliest of those times minus "
                                + DynamicsSourceConfig.WATERMARK_SAFETY_DELAY_MS + ", so rows changed during the"
                                + " snapshot arrive again (at least once). The table then stays in watermark mode"
                                + " (deletes found by " + DynamicsSourceConfig.WATERMARK_DELETE_SCAN_INTERVAL_MS
                                + "), also with change tracking. Done ranges are seen through committed"
                                + " offsets (offset.flush.interval.ms). 1 reads every table in one task, page after"
                                + " page. Only a table without a stored offset is split; see docs/benchmarks.md.",
                        GROUP, ++order, Width.SHORT, "Snapshot parallelism")
                .define(SNAPSHOT_PARALLEL_TABLES, Type.LIST, "", Importance.MEDIUM,
                        "Tables whose first snapshot is split into " + SNAPSHOT_PARALLELISM + " ranges; empty"
                                + " for every listed table except " + String.join(" and ", SERIAL_ONLY)
                                + ", which are always read in one task.",
                        GROUP, ++order, Width.LONG, "Parallel snapshot tables");
    }

    /** How many ranges {@code table}'s first snapshot is split into (1: not split). */
    static int parallelism(DynamicsSourceConfig config, String table) {
        int n = config.getInt(SNAPSHOT_PARALLELISM);
        if (n <= 1 || SERIAL_ONLY.contains(table)) {
            return 1;
        }
        List<String> listed = config.getList(SNAPSHOT_PARALLEL_TABLES).stream().map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        return listed.isEmpty() || listed.contains(table) ? n : 1;
    }

    /** The rules between these settings and the others, each failure on the key at fault. */
    static void checkCrossField(DynamicsSourceConfig cfg, BiConsumer<String, ConfigException> onError) {
        int n = cfg.getInt(SNAPSHOT_PARALLELISM);
        List<String> tables = cfg.tables().stream().map(TableSettings::logicalName).toList();
        for (String t : cfg.getList(SNAPSHOT_PARALLEL_TABLES)) {
            String table = t.trim();
            if (table.isEmpty()) {
                continue;
            }
            if (!tables.contains(table)) {
                onError.accept(SNAPSHOT_PARALLEL_TABLES, new ConfigException(SNAPSHOT_PARALLEL_TABLES, table,
                        "is not in " + DynamicsSourceConfig.TABLES));
            } else if (SERIAL_ONLY.contains(table)) {
                onError.accept(SNAPSHOT_PARALLEL_TABLES, new ConfigException(SNAPSHOT_PARALLEL_TABLES, table,
                        "is always read in one task (dynamic lists and list member keys depend on it)"));
            }
        }
        if (n <= 1) {
            return;
        }
        if (n > cfg.maxConcurrentRequests()) {
            onError.accept(SNAPSHOT_PARALLELISM, new ConfigException(SNAPSHOT_PARALLELISM, n,
                    "is more than " + DynamicsSourceConfig.MAX_CONCURRENT_REQUESTS + "="
                            + cfg.maxConcurrentRequests() + ", which is divided among the tasks; raise that"
                            + " (Dataverse allows 52 per user) or lower this"));
        }
        if (cfg.keyStateEnabled()) {
            onError.accept(SNAPSHOT_PARALLELISM, new ConfigException(SNAPSHOT_PARALLELISM, n,
                    "cannot be used with " + DynamicsSourceConfig.KEY_STATE_BOOTSTRAP_SERVERS + " yet: the ranges"
                            + " do not record rows in the key-state topic; set it to 1"));
        }
    }
}
