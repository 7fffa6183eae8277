package io.dynamicsdotdigital.emulator.dataverse;

import com.fasterxml.jackson.core.JsonGenerator;
import io.dynamicsdotdigital.emulator.dataverse.WebApiHandler.Prefer;
import io.dynamicsdotdigital.emulator.dataverse.WebApiHandler.Request;
import io.dynamicsdotdigital.emulator.dataverse.WebApiHandler.Selection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * A collection read ({@code GET {set}}): a plain query ({@code $filter}, {@code $orderby}, {@code $top}), a
 * change-tracking snapshot or a delta, paged by cursors so every page of one read comes from the same result set.
 */
final class CollectionQuery {
    private final DataverseEmulator emulator;
    private final Cursors cursors;

    CollectionQuery(DataverseEmulator emulator, Cursors cursors) {
        this.emulator = emulator;
        this.cursors = cursors;
    }

    /** Where a page starts: the result set and the offset into it; {@code stored} when it came from a skiptoken. */
    private record Position(Cursors.Cursor cursor, int offset, boolean stored) {
    }

    /** Answers one page; {@code restriction}, when given, limits the rows (a navigation such as list members). */
    void answer(Request request, EmulatedTable table, Predicate<Row> restriction) throws IOException {
        if (request.has("$skip")) {
            throw ODataException.badRequest("The query parameter $skip is not supported");
        }
        Prefer prefer = request.prefer;
        boolean track = prefer.trackChanges || request.has("$deltatoken");
        int pageSize = prefer.maxPageSize != null ? prefer.maxPageSize : WebApiHandler.MAX_PAGE_SIZE;
        Selection selection = Selection.of(table, request.option("$select"));
        if (track) {
            checkChangeTrackingRequest(request, table);
        }
        Position position = position(request, table, restriction, track);
        Cursors.Cursor cursor = position.cursor();
        int end = Math.min(cursor.items.size(), position.offset() + pageSize);
        boolean more = end < cursor.items.size();
        if (more && !position.stored()) {
            cursors.keep(cursor);
        }
        announceAppliedPreferences(request);
        writePage(request, table, selection, position, end, more);
    }

    private static void checkChangeTrackingRequest(Request request, EmulatedTable table) {
        if (!table.definition().changeTracking()) {
            throw ODataException.badRequest("Change tracking is not enabled for entity '" + table.logicalName()
                    + "'. Enable ChangeTrackingEnabled on the table to use odata.track-changes.");
        }
        for (String option : List.of("$filter", "$orderby", "$expand", "$top")) {
            if (request.has(option)) {
                throw ODataException.badRequest("The \"" + option
                        + "\" query parameter isn't supported when Change Tracking is enabled.");
            }
        }
    }

    private Position position(Request request, EmulatedTable table, Predicate<Row> restriction, boolean track) {
        String skiptoken = request.option("$skiptoken");
        if (skiptoken != null) {
            return resume(skiptoken);
        }
        Cursors.Cursor cursor = track ? changeTrackingCursor(request, table)
                : plainQueryCursor(request, table, restriction);
        return new Position(cursor, 0, false);
    }

    private Position resume(String skiptoken) {
        Object[] resolved = cursors.resolve(skiptoken);
        if (resolved == null) {
            throw ODataException.badRequest("The $skiptoken '" + skiptoken + "' is invalid or has expired; "
                    + "start the query again.");
        }
        return new Position((Cursors.Cursor) resolved[0], (Integer) resolved[1], true);
    }

    /** With a deltatoken: the changes since its version; without: every row, ending in a deltaLink. */
    private Cursors.Cursor changeTrackingCursor(Request request, EmulatedTable table) {
        String deltaToken = request.option("$deltatoken");
        if (deltaToken != null) {
            long since = emulator.deltaTokens().checkedVersion(table, deltaToken);
            EmulatedTable.Changes changes = table.changesSince(since);
            return cursors.create(changes.items, true, changes.version);
        }
        EmulatedTable.Snapshot snapshot = table.snapshot();
        return cursors.create(new ArrayList<>(snapshot.rows), true, snapshot.version);
    }

    private Cursors.Cursor plainQueryCursor(Request request, EmulatedTable table, Predicate<Row> restriction) {
        if (request.has("$expand")) {
            throw new ODataException(501, ODataException.QUERY_ERROR,
                    "$expand on rows is not emulated; query the related table instead.");
        }
        Predicate<Row> filter = restriction;
        String filterText = request.option("$filter");
        if (filterText != null) {
            Predicate<Row> f = Filter.compile(filterText, WebApiHandler.columnsOf(table));
            filter = filter == null ? f : filter.and(f);
        }
        Comparator<Row> order = orderBy(table, request.option("$orderby"));
        List<Object> items = new ArrayList<>();
        for (Row row : table.snapshot().rows) {
            if (filter == null || filter.test(row)) {
                items.add(row);
            }
        }
        if (order != null) {
            items.sort((a, b) -> order.compare((Row) a, (Row) b));
        }
        // $top cuts the result only without odata.maxpagesize; with it the emulator pages the whole result.
        if (request.prefer.maxPageSize == null) {
            items = applyTop(request.option("$top"), items);
        }
        return cursors.create(items, false, 0);
    }

    private static List<Object> applyTop(String top, List<Object> items) {
        if (top == null) {
            return items;
        }
        int n;
        try {
            n = Integer.parseInt(top.trim());
        } catch (NumberFormatException e) {
            throw ODataException.badRequest("Invalid value '" + top + "' for $top query option found.");
        }
        if (n < 0) {
            throw ODataException.badRequest("Invalid value '" + top + "' for $top query option found.");
        }
        return items.size() > n ? new ArrayList<>(items.subList(0, n)) : items;
    }

    private static void announceAppliedPreferences(Request request) {
        List<String> applied = new ArrayList<>();
        if (request.prefer.maxPageSize != null) {
            applied.add("odata.maxpagesize=" + request.prefer.maxPageSize);
        }
        if (request.prefer.trackChanges) {
            applied.add("odata.track-changes");
        }
        if (!applied.isEmpty()) {
            request.exchange.getResponseHeaders().set("Preference-Applied", String.join(",", applied));
        }
    }

    /** The page's rows (and tombstones), then a nextLink while rows remain, else a deltaLink when tracking. */
    private void writePage(Request request, EmulatedTable table, Selection selection, Position position, int end,
                           boolean more) throws IOException {
        Cursors.Cursor cursor = position.cursor();
        String set = table.definition().entitySetName();
        String context = request.metadataBase() + set + selection.contextSuffix()
                + (cursor.delta && request.has("$deltatoken") ? "/$delta" : "");
        String deletedContext = request.metadataBase() + set + "/$deletedEntity";
        boolean leaveOutDeleted = position.stored() && !cursor.delta && emulator.pagesLeaveOutDeletedRows();
        try (JsonGenerator gen = JsonOut.start(request.exchange, 200)) {
            gen.writeStartObject();
            gen.writeStringField("@odata.context", context);
            if ("true".equalsIgnoreCase(request.option("$count"))) {
                gen.writeNumberField("@odata.count", cursor.items.size());
            }
            gen.writeArrayFieldStart("value");
            for (int i = position.offset(); i < end; i++) {
                Object item = cursor.items.get(i);
                if (item instanceof Row row) {
                    if (leaveOutDeleted && !table.exists(row.id)) {
                        continue;
                    }
                    JsonOut.writeRow(gen, row, selection.columns, selection.encodedNames);
                } else {
                    writeTombstone(gen, (Tombstone) item, deletedContext);
                }
            }
            gen.writeEndArray();
            if (more) {
                gen.writeStringField("@odata.nextLink", request.linkWith("$skiptoken", Cursors.token(cursor, end)));
            } else if (cursor.delta) {
                gen.writeStringField("@odata.deltaLink", request.linkWith("$deltatoken",
                        emulator.deltaTokens().issue(cursor.version)));
            }
            gen.writeEndObject();
        }
    }

    private static void writeTombstone(JsonGenerator gen, Tombstone t, String deletedContext) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("@odata.context", deletedContext);
        gen.writeStringField("id", t.id);
        gen.writeStringField("reason", "deleted");
        gen.writeEndObject();
    }

    /** {@code $orderby}: columns asc/desc, nulls first ascending as SQL Server sorts, then the key for stability. */
    static Comparator<Row> orderBy(EmulatedTable table, String orderby) {
        if (orderby == null || orderby.isBlank()) {
            return null;
        }
        Filter.Columns columns = WebApiHandler.columnsOf(table);
        Comparator<Row> order = null;
        for (String part : orderby.split(",")) {
            Comparator<Row> byColumn = orderByPart(columns, part, orderby);
            order = order == null ? byColumn : order.thenComparing(byColumn);
        }
        return order.thenComparing((a, b) -> a.id.compareTo(b.id));
    }

    private static Comparator<Row> orderByPart(Filter.Columns columns, String part, String orderby) {
        String[] words = part.trim().split("\\s+");
        if (words.length == 0 || words.length > 2 || words[0].isEmpty()) {
            throw ODataException.badRequest("Syntax error in $orderby '" + orderby + "'.");
        }
        Integer column = columns.index(words[0]);
        if (column == null) {
            throw ODataException.badRequest("Could not find a property named '" + words[0] + "' on type '"
                    + columns.typeName() + "'.");
        }
        boolean descending = false;
        if (words.length == 2) {
            if (words[1].equalsIgnoreCase("desc")) {
                descending = true;
            } else if (!words[1].equalsIgnoreCase("asc")) {
                throw ODataException.badRequest("Syntax error in $orderby '" + orderby + "': expected asc or desc.");
            }
        }
        Comparator<Object> values = Filter.comparatorFor(columns.type(column));
        int c = column;
        // SQL Server order: nulls sort first ascending.
        Comparator<Row> byColumn = (a, b) -> {
            Object x = a.get(c);
            Object y = b.get(c);
            if (x == null || y == null) {
                return x == null ? (y == null ? 0 : -1) : 1;
            }
            return values.compare(x, y);
        };
        return descending ? byColumn.reversed() : byColumn;
    }
}
