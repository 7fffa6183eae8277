package io.dynamicsdotdigital.emulator.dataverse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One {@code link-entity} of a FetchXML query: the joined table, its {@code from} column matched against the parent's
 * {@code to} column, inner or outer, the linked rows its own filter keeps, and the columns it returns as
 * {@code <alias>.<attribute>}. The emulator supports one level of links (siblings are fine, nesting is not).
 */
final class FetchXmlLink {
    /** Stands for "no linked row" of an outer link: every column null. */
    static final Row NO_ROW = new Row(null, new Object[0], 0);

    final String alias;
    final EmulatedTable table;
    final boolean outer;
    final int toColumn;
    final int fromColumn;
    final Predicate<Row> filter;
    final int[] columns;
    private Map<String, List<Row>> byFrom;

    FetchXmlLink(String alias, EmulatedTable table, boolean outer, int toColumn, int fromColumn, Predicate<Row> filter,
                 int[] columns) {
        this.alias = alias;
        this.table = table;
        this.outer = outer;
        this.toColumn = toColumn;
        this.fromColumn = fromColumn;
        this.filter = filter;
        this.columns = columns;
    }

    /** The linked rows (kept by the link's filter) whose from column equals the parent's to column. */
    List<Row> matching(Row parent) {
        if (byFrom == null) {
            byFrom = new HashMap<>();
            for (Row row : table.snapshot().rows) {
                Object key = row.get(fromColumn);
                if (key != null && filter.test(row)) {
                    byFrom.computeIfAbsent(joinKey(key), k -> new ArrayList<>()).add(row);
                }
            }
        }
        Object key = parent.get(toColumn);
        return key == null ? List.of() : byFrom.getOrDefault(joinKey(key), List.of());
    }

    /** Ids and lookups are GUIDs in any case; other columns join on their text. */
    private static String joinKey(Object value) {
        return value.toString().toLowerCase(Locale.ROOT);
    }
}
