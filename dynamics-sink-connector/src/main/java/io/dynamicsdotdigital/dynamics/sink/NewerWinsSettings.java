package io.dynamicsdotdigital.dynamics.sink;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * The "Newer wins" settings: an upsert is written only when the record's modified time is newer than the row's, so
 * a change that came from Dynamics (or an older copy of one from Dotdigital) never overwrites a newer row and never
 * echoes back.
 *
 * @param field     record field (dotted path) holding the record's modified time; empty: off
 * @param column    the row's column holding its modified time (modifiedon, or a column the write-back fills)
 * @param skewMillis how much the two systems' clocks may disagree: the record must be newer by more than this
 * @param ignoredColumns columns left out of the no-change check (the source's own bookkeeping)
 * @param writtenColumn the row's column this connector fills with the record's time, compared instead of column
 *                      when the row was last modified by the connector's own user; empty: always column
 */
public record NewerWinsSettings(String field, String column, long skewMillis, Set<String> ignoredColumns,
                                String writtenColumn) {
    public static final String GROUP = "Newer wins";
    public static final String FIELD = "newer.wins.field";
    public static final String COLUMN = "newer.wins.column";
    public static final String SKEW_MS = "newer.wins.skew.ms";
    public static final String IGNORE_COLUMNS = "newer.wins.ignore.columns";
    public static final String WRITTEN_COLUMN = "newer.wins.written.column";

    public boolean enabled() {
        return !field.isEmpty();
    }

    public static void define(ConfigDef def) {
        int order = 0;
        def.define(FIELD, Type.STRING, "", Importance.MEDIUM,
                        "Record field (dotted path, e.g. dateModified) holding when the record's data last changed"
                                + " at its source (a Timestamp, an ISO-8601 text or epoch milliseconds). When set"
                                + " (write.mode=upsert), each row is read first (one $batch per batch of records)"
                                + " and the record is written only when this time is newer than the row's "
                                + COLUMN + " by more than " + SKEW_MS + "; older records are skipped and counted"
                                + " in records-not-newer-total, and records whose mapped values the row already"
                                + " has write nothing (rows-unchanged-total). A missing row is created. A record"
                                + " without a usable time goes to the dead-letter queue. Empty: every record is"
                                + " written.",
                        GROUP, ++order, Width.MEDIUM, "Record modified-time field")
                .define(COLUMN, Type.STRING, "modifiedon", Importance.MEDIUM,
                        "The written table's DateTime column compared with " + FIELD + ": modifiedon (the row's"
                                + " last change on either side; Dataverse keeps whole seconds, so record times are"
                                + " compared at second precision) or a column of the row holding the source's"
                                + " change time.",
                        GROUP, ++order, Width.MEDIUM, "Row modified-time column")
                .define(SKEW_MS, Type.LONG, 0L, Range.atLeast(0), Importance.LOW,
                        "Clock-skew tolerance in milliseconds between the record's clock and the row's: a"
                                + " record is written only when it is newer by more than this, so within the"
                                + " tolerance the row's side is kept. 0 suits a column filled from the same clock"
                                + " as the record; with modifiedon allow for the two services' clocks.",
                        GROUP, ++order, Width.SHORT, "Clock-skew tolerance (ms)")
                .define(IGNORE_COLUMNS, Type.LIST, "", Importance.LOW,
                        "Columns the record sets that only copy the source's bookkeeping (its change time, its raw"
                                + " record), left out when checking whether the row already has the record's values:"
                                + " a record differing from the row only in them writes nothing"
                                + " (rows-unchanged-total). So a change that came from Dynamics and went round"
                                + " through the source, which restamps them, is not written back. Empty: every"
                                + " column is compared.",
                        GROUP, ++order, Width.LONG, "Columns left out of the no-change check")
                .define(WRITTEN_COLUMN, Type.STRING, "", Importance.MEDIUM,
                        "The row's DateTime column this connector fills with the record's time (the field mapping"
                                + " of " + FIELD + ", e.g. esc_dotdigitalmodifiedon). When set and the row was last"
                                + " modified by the connector's own Dataverse user (its modifiedby is the WhoAmI"
                                + " user, read once per task), the record is compared with this column, from the"
                                + " record's own clock, without the tolerance: " + COLUMN + " (modifiedon) then only"
                                + " holds the time of the connector's own write, which would make a change made"
                                + " during or just after that write look older. A row last modified by anyone else"
                                + " is compared with " + COLUMN + " and " + SKEW_MS + ", so a newer Dynamics edit"
                                + " keeps winning. Give the connector a user of its own. Empty: always " + COLUMN
                                + ".",
                        GROUP, ++order, Width.MEDIUM, "Row column holding the written record time");
    }

    public static NewerWinsSettings of(AbstractConfig config) {
        String column = config.getString(COLUMN).trim();
        if (!DynamicsSinkConfig.NAME.matcher(column).matches()) {
            throw new ConfigException(COLUMN, column, "must be a column name (letters, digits, _)");
        }
        List<String> ignored = config.getList(IGNORE_COLUMNS);
        for (String name : ignored) {
            if (!DynamicsSinkConfig.NAME.matcher(name.trim()).matches()) {
                throw new ConfigException(IGNORE_COLUMNS, String.join(",", ignored), "'" + name.trim()
                        + "' is not a column name (letters, digits, _)");
            }
        }
        String written = config.getString(WRITTEN_COLUMN).trim();
        if (!written.isEmpty() && !DynamicsSinkConfig.NAME.matcher(written).matches()) {
            throw new ConfigException(WRITTEN_COLUMN, written, "must be a column name (letters, digits, _)");
        }
        return new NewerWinsSettings(config.getString(FIELD).trim(), column, config.getLong(SKEW_MS),
                ignored.stream().map(String::trim).collect(Collectors.toUnmodifiableSet()), written);
    }
}
