package io.dynamicsdotdigital.emulator.dataverse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * The rows of one table, held in primary-key order, with the bookkeeping change tracking needs (row versions and
 * delete tombstones). Java-side changes made here show up over HTTP exactly like changes made through the API.
 */
public final class EmulatedTable {
    /** What the table needs from its emulator: one version sequence, ids and a clock for all tables. */
    interface Context {
        long nextVersion();

        long currentVersion();

        String newId();

        Instant now();
    }

    /**
     * Who a change made here (not through the Web API) is stamped as modified by, on tables with a {@code modifiedby}
     * column: a user of the organisation editing the row, never the API caller ({@link DataverseEmulator}'s WhoAmI
     * user), whose writes stamp that caller instead.
     */
    public static final String ORGANISATION_USER_ID = "7a0e2c5d-1b3f-4e6a-9c8d-0f1e2d3c4b5a";

    /** While a $batch change set runs on this thread: how to undo each change, in order. */
    static final ThreadLocal<List<Runnable>> UNDO = new ThreadLocal<>();

    private final Context context;
    private volatile TableDefinition definition;
    private volatile List<AttributeDefinition> columns;
    private volatile Map<String, Integer> columnIndex;
    private final int idColumn;
    private final int createdOnColumn;
    private final int modifiedOnColumn;
    private final int versionColumn;
    private final TreeMap<String, Row> rows = new TreeMap<>();
    /** Alternate key values (lower case, joined) to row id, so a write by alternate key is a lookup, as in Dataverse. */
    private final Map<String, String> alternateKeyIndex = new HashMap<>();
    private final List<Tombstone> tombstones = new ArrayList<>();
    /** Delta tokens with a serial at or below this answer "expired". */
    private volatile long deltaFloor;

    EmulatedTable(TableDefinition definition, Context context) {
        this.context = context;
        this.definition = definition;
        setColumns(definition.attributes());
        this.idColumn = columnIndex.get(definition.primaryIdAttribute());
        this.createdOnColumn = columnIndex.get("createdon");
        this.modifiedOnColumn = columnIndex.get("modifiedon");
        this.versionColumn = columnIndex.get("versionnumber");
    }

    private void setColumns(List<AttributeDefinition> attributes) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < attributes.size(); i++) {
            index.put(attributes.get(i).columnName(), i);
            index.putIfAbsent(attributes.get(i).logicalName(), i);
        }
        this.columns = List.copyOf(attributes);
        this.columnIndex = Map.copyOf(index);
    }

    public TableDefinition definition() {
        return definition;
    }

    public String logicalName() {
        return definition.logicalName();
    }

    /** Creates a row and returns its id. Columns may be given by column name or logical name; {@code createdon},
     *  {@code modifiedon} and the key may be given to import historical rows. */
    public String create(Map<String, ?> columnValues) {
        synchronized (this) {
            Object[] values = new Object[columns.size()];
            apply(values, columnValues);
            String id = values[idColumn] != null ? (String) values[idColumn] : context.newId();
            if (rows.containsKey(id)) {
                throw new IllegalArgumentException("A " + logicalName() + " with id " + id + " already exists");
            }
            values[idColumn] = id;
            Instant now = context.now();
            if (values[createdOnColumn] == null) {
                values[createdOnColumn] = now;
            }
            if (values[modifiedOnColumn] == null) {
                values[modifiedOnColumn] = values[createdOnColumn];
            }
            stampModifiedBy(values, columnValues);
            long version = context.nextVersion();
            values[versionColumn] = version;
            putRow(id, new Row(id, values, version));
            recordUndo(() -> removeRow(id));
            return id;
        }
    }

    /** Applies changes to an existing row; stamps {@code modifiedon} (now, unless given) and a new version. */
    public void update(String id, Map<String, ?> changes) {
        synchronized (this) {
            updateLocked(key(id), changes, context.now());
        }
    }

    private Row updateLocked(String id, Map<String, ?> changes, Instant modifiedOn) {
        Row current = rows.get(id);
        if (current == null) {
            throw new NoSuchElementException("No " + logicalName() + " with id " + id);
        }
        Object[] values = java.util.Arrays.copyOf(current.values, columns.size());
        values[modifiedOnColumn] = modifiedOn;
        apply(values, changes);
        stampModifiedBy(values, changes);
        values[idColumn] = id;
        long version = context.nextVersion();
        values[versionColumn] = version;
        Row updated = new Row(id, values, version);
        putRow(id, updated);
        recordUndo(() -> putRow(id, current));
        return updated;
    }

    /**
     * Updates many rows with one {@code modifiedon} second, as bulk imports do; each row still gets its own version,
     * so only a {@code modifiedon}+{@code versionnumber} watermark can tell them apart.
     */
    public void bulkUpdateSameSecond(List<String> ids, Map<String, ?> changes) {
        synchronized (this) {
            Instant now = context.now();
            for (String id : ids) {
                updateLocked(key(id), changes, now);
            }
        }
    }

    /** Every create and update stamps modifiedby (where the table has it): the given user, else an organisation user. */
    private void stampModifiedBy(Object[] values, Map<String, ?> given) {
        Integer column = columnIndex.get("modifiedby");
        if (column != null && !given.containsKey("modifiedby") && !given.containsKey("_modifiedby_value")) {
            values[column] = ORGANISATION_USER_ID;
        }
    }

    private void putRow(String id, Row row) {
        Row previous = rows.put(id, row);
        if (!definition.alternateKey().isEmpty()) {
            if (previous != null) {
                alternateKeyIndex.remove(alternateKeyOf(previous), id);
            }
            String key = alternateKeyOf(row);
            if (key != null) {
                alternateKeyIndex.put(key, id);
            }
        }
    }

    private Row removeRow(String id) {
        Row removed = rows.remove(id);
        if (removed != null && !definition.alternateKey().isEmpty()) {
            alternateKeyIndex.remove(alternateKeyOf(removed), id);
        }
        return removed;
    }

    private String alternateKeyOf(Row row) {
        List<String> keyColumns = definition.alternateKey();
        String[] values = new String[keyColumns.size()];
        for (int i = 0; i < values.length; i++) {
            Object v = row.get(columnIndex.get(keyColumns.get(i)));
            if (v == null) {
                return null;
            }
            values[i] = v.toString();
        }
        return joinKey(values);
    }

    private static String joinKey(String[] values) {
        StringBuilder sb = new StringBuilder();
        for (String v : values) {
            sb.append(v.toLowerCase(java.util.Locale.ROOT)).append('\u0001');
        }
        return sb.toString();
    }

    /** The row whose alternate key columns (in the definition's order) have these values, or null. */
    synchronized String idByAlternateKey(String[] valuesInKeyOrder) {
        return alternateKeyIndex.get(joinKey(valuesInKeyOrder));
    }

    public void delete(String id) {
        synchronized (this) {
            String key = key(id);
            Row removed = removeRow(key);
            if (removed == null) {
                throw new NoSuchElementException("No " + logicalName() + " with id " + id);
            }
            Tombstone tombstone = new Tombstone(key, context.nextVersion());
            tombstones.add(tombstone);
            recordUndo(() -> {
                putRow(key, removed);
                tombstones.remove(tombstone);
            });
        }
    }

    /** The row as column name to value (lookups as {@code _x_value}), or null when there is none. */
    public Map<String, Object> get(String id) {
        Row row;
        synchronized (this) {
            row = rows.get(key(id));
        }
        if (row == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        List<AttributeDefinition> cols = columns;
        for (int i = 0; i < cols.size(); i++) {
            if (cols.get(i).type().hasColumn()) {
                out.put(cols.get(i).columnName(), row.get(i));
            }
        }
        return out;
    }

    public synchronized int count() {
        return rows.size();
    }

    /** All ids in primary-key order. */
    public synchronized List<String> ids() {
        return new ArrayList<>(rows.keySet());
    }

    public synchronized boolean exists(String id) {
        return rows.containsKey(key(id));
    }

    private void recordUndo(Runnable undo) {
        List<Runnable> log = UNDO.get();
        if (log != null) {
            log.add(() -> {
                synchronized (this) {
                    undo.run();
                }
            });
        }
    }

    private static String key(String id) {
        return Values.guid(id);
    }

    private void apply(Object[] values, Map<String, ?> columnValues) {
        for (Map.Entry<String, ?> e : columnValues.entrySet()) {
            Integer i = columnIndex.get(e.getKey());
            if (i == null) {
                throw new IllegalArgumentException("Table " + logicalName() + " has no column " + e.getKey());
            }
            if (i == versionColumn) {
                continue;
            }
            values[i] = Values.coerce(definition, columns.get(i), e.getValue());
        }
    }

    // ---- package-private: used by the HTTP layer ----

    List<AttributeDefinition> columns() {
        return columns;
    }

    /** Column index by column name ({@code _x_value} for lookups), or null. */
    Integer columnByName(String name) {
        Integer i = columnIndex.get(name);
        return i != null && columns.get(i).columnName().equals(name) ? i : null;
    }

    /** Column index by logical name or column name, or null. */
    Integer columnByAnyName(String name) {
        return columnIndex.get(name);
    }

    int idColumn() {
        return idColumn;
    }

    Row row(String id) {
        synchronized (this) {
            return rows.get(key(id));
        }
    }

    /** Consistent snapshot of the live rows (primary-key order) and the version it reflects. */
    synchronized Snapshot snapshot() {
        return new Snapshot(new ArrayList<>(rows.values()), context.currentVersion());
    }

    /** Changes after {@code sinceVersion}: rows (created or updated) and tombstones, in version order. */
    synchronized Changes changesSince(long sinceVersion) {
        List<Object> items = new ArrayList<>();
        for (Row row : rows.values()) {
            if (row.version > sinceVersion) {
                items.add(row);
            }
        }
        for (Tombstone t : tombstones) {
            if (t.version > sinceVersion) {
                Row live = rows.get(t.id);
                if (live == null || live.version < t.version) {
                    items.add(t);
                }
            }
        }
        items.sort((a, b) -> Long.compare(version(a), version(b)));
        return new Changes(items, context.currentVersion());
    }

    private static long version(Object item) {
        return item instanceof Row ? ((Row) item).version : ((Tombstone) item).version;
    }

    synchronized void addAttribute(AttributeDefinition attribute) {
        if (columnIndex.containsKey(attribute.columnName()) || columnIndex.containsKey(attribute.logicalName())) {
            throw new IllegalArgumentException("Table " + logicalName() + " already has attribute " + attribute.logicalName());
        }
        List<AttributeDefinition> attributes = new ArrayList<>(definition.attributes());
        attributes.add(attribute);
        definition = TableDefinition.of(definition.logicalName(), definition.entitySetName(),
                definition.primaryIdAttribute(), definition.primaryNameAttribute(), definition.changeTracking(),
                attributes).withAlternateKey(definition.alternateKey().toArray(new String[0]));
        setColumns(definition.attributes());
    }

    synchronized void setChangeTracking(boolean enabled) {
        definition = definition.withChangeTracking(enabled);
    }

    /** Delta tokens with a serial at or below {@code serial} now answer "expired". */
    void expireDeltaTokens(long serial) {
        deltaFloor = serial;
    }

    long deltaFloor() {
        return deltaFloor;
    }

    static final class Snapshot {
        final List<Row> rows;
        final long version;

        Snapshot(List<Row> rows, long version) {
            this.rows = rows;
            this.version = version;
        }
    }

    static final class Changes {
        final List<Object> items;
        final long version;

        Changes(List<Object> items, long version) {
            this.items = items;
            this.version = version;
        }
    }

    /** Removes every row without tombstones (test reset). */
    synchronized void clearSilently() {
        rows.clear();
        alternateKeyIndex.clear();
        tombstones.clear();
    }

    Collection<String> columnNames() {
        List<String> names = new ArrayList<>();
        for (AttributeDefinition a : columns) {
            if (a.type().hasColumn()) {
                names.add(a.columnName());
            }
        }
        return names;
    }
}
