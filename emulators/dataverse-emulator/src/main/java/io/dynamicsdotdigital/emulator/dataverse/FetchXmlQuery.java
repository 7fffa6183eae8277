package io.dynamicsdotdigital.emulator.dataverse;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.dynamicsdotdigital.emulator.dataverse.WebApiHandler.Request;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * {@code GET {set}?fetchXml=...}: a FetchXML query over one table. Supports {@code entity}, {@code attribute},
 * {@code all-attributes}, nested {@code filter} (and/or), the condition operators eq, ne, like, not-like, in,
 * not-in, null, not-null, gt, ge, lt, le, on-or-after, on-or-before, last-x-days, {@code order}, and paging with
 * {@code count}/{@code page}/{@code paging-cookie}. With {@code Prefer: odata.include-annotations} naming
 * {@code Microsoft.Dynamics.CRM.fetchxmlpagingcookie} (or {@code *}) a page carries
 * {@code @Microsoft.Dynamics.CRM.fetchxmlpagingcookie} (while more rows remain) and
 * {@code @Microsoft.Dynamics.CRM.morerecords}, as the service does: the cookie is
 * {@code <cookie pagenumber="N+1" pagingcookie="..." istracking="False" />} whose {@code pagingcookie} is the inner
 * cookie URL-encoded twice. One level of {@code link-entity} ({@link FetchXmlLink}): inner or outer, with its own
 * attribute/all-attributes/filter and alias, its columns returned as {@code <alias>.<attribute>}, and conditions of
 * the entity's filter may name it by {@code entityname} (the "rows without a related row" outer-join pattern). A
 * query with links pages by page number (a one-to-many link repeats the entity's row, and the cookie names only the
 * entity's key). Anything else (nested links, other link types, aggregates, other operators) answers 400 naming it.
 */
final class FetchXmlQuery {
    static final String COOKIE_ANNOTATION = "@Microsoft.Dynamics.CRM.fetchxmlpagingcookie";
    static final String MORE_RECORDS_ANNOTATION = "@Microsoft.Dynamics.CRM.morerecords";
    static final String INVALID_FETCHXML = "0x80040203";
    static final String UNKNOWN_ATTRIBUTE = "0x80041103";
    private static final Pattern PERCENT = Pattern.compile("%[0-9A-F]{2}");
    private static final Pattern GUID_BRACES = Pattern.compile("^\\{|}$");


    /** One ordering term: a column, descending or not. */
    private record OrderTerm(int column, String name, boolean descending) {
    }

    /** One result row: a row of the query's entity and, per link-entity, its joined row (null: none, outer). */
    private record Match(Row row, Row[] linked) {
    }

    private final Function<String, EmulatedTable> tables;

    /** @param tables the emulator's tables by logical name (null when unknown), for link-entity */
    FetchXmlQuery(Function<String, EmulatedTable> tables) {
        this.tables = tables;
    }

    void answer(Request request, EmulatedTable table) throws IOException {
        Element fetch = parse(request.option("fetchXml"));
        for (String a : List.of("aggregate", "distinct", "top")) {
            if (fetch.hasAttribute(a) && !(a.equals("distinct") && fetch.getAttribute(a).equals("false"))) {
                throw unsupported("the fetch attribute '" + a + "'");
            }
        }
        List<Element> entities = children(fetch);
        if (entities.size() != 1 || !entities.get(0).getTagName().equals("entity")) {
            throw invalid("A fetch element must contain exactly one entity element.");
        }
        Element entity = entities.get(0);
        if (!table.logicalName().equals(entity.getAttribute("name"))) {
            throw invalid("The entity name '" + entity.getAttribute("name") + "' of the FetchXML does not match the"
                    + " entity set '" + table.definition().entitySetName() + "' (entity " + table.logicalName() + ").");
        }
        List<Integer> selected = new ArrayList<>();
        boolean all = false;
        List<Element> filters = new ArrayList<>();
        List<OrderTerm> order = new ArrayList<>();
        List<FetchXmlLink> links = new ArrayList<>();
        for (Element child : children(entity)) {
            switch (child.getTagName()) {
                case "attribute" -> {
                    int c = column(table, child.getAttribute("name"));
                    if (!selected.contains(c)) {
                        selected.add(c);
                    }
                }
                case "all-attributes" -> all = true;
                case "filter" -> filters.add(child);
                case "order" -> {
                    if (child.hasAttribute("alias") || child.hasAttribute("entityname")) {
                        throw unsupported("order by alias or by a linked entity's column");
                    }
                    order.add(new OrderTerm(column(table, child.getAttribute("attribute")),
                            child.getAttribute("attribute"), "true".equals(child.getAttribute("descending"))));
                }
                case "link-entity" -> links.add(link(table, child, links));
                default -> throw unsupported("the element '" + child.getTagName() + "'");
            }
        }
        // Conditions may name a link-entity's alias (entityname), so links are read before filters.
        Predicate<Match> filter = match -> true;
        for (Element f : filters) {
            filter = filter.and(filter(f, condition -> mainCondition(table, links, condition)));
        }
        int count = intAttribute(fetch, "count", WebApiHandler.MAX_PAGE_SIZE);
        if (count < 1 || count > WebApiHandler.MAX_PAGE_SIZE) {
            throw invalid("The fetch count attribute must be between 1 and " + WebApiHandler.MAX_PAGE_SIZE
                    + "; it was " + count + ".");
        }
        int page = intAttribute(fetch, "page", 1);
        if (page < 1) {
            throw invalid("The fetch page attribute must be 1 or more; it was " + page + ".");
        }
        Comparator<Row> byRow = comparator(table, order);
        Comparator<Match> comparator = Comparator.comparing(Match::row, byRow).thenComparing(FetchXmlQuery::linkedIds);
        List<Match> rows = new ArrayList<>();
        for (Row row : table.snapshot().rows) {
            join(row, links, 0, new Row[links.size()], filter, rows);
        }
        rows.sort(comparator);
        int start;
        String cookie = fetch.getAttribute("paging-cookie");
        if (!cookie.isBlank() && page > 1 && links.isEmpty()) {
            Row last = lastRowOf(table, order, cookie);
            start = 0;
            while (start < rows.size() && byRow.compare(rows.get(start).row(), last) <= 0) {
                start++;
            }
        } else {
            // With links a row of the entity may come several times (one-to-many), and the cookie names only the
            // entity's key: page by number.
            start = (int) Math.min(rows.size(), (long) (page - 1) * count);
        }
        int end = Math.min(rows.size(), start + count);
        boolean more = end < rows.size();
        int[] columns = columnsOf(table, selected, all);
        write(request, table, rows.subList(start, end), columns, links, order, page, more);
    }

    /** The entity's row with every combination of its linked rows; inner links without a match drop the row. */
    private static void join(Row row, List<FetchXmlLink> links, int i, Row[] linked, Predicate<Match> filter,
                             List<Match> out) {
        if (i == links.size()) {
            Match match = new Match(row, linked.clone());
            if (filter.test(match)) {
                out.add(match);
            }
            return;
        }
        FetchXmlLink link = links.get(i);
        List<Row> found = link.matching(row);
        if (found.isEmpty()) {
            if (link.outer) {
                linked[i] = null;
                join(row, links, i + 1, linked, filter, out);
            }
            return;
        }
        for (Row r : found) {
            linked[i] = r;
            join(row, links, i + 1, linked, filter, out);
        }
    }

    private static String linkedIds(Match match) {
        StringBuilder ids = new StringBuilder();
        for (Row r : match.linked()) {
            ids.append(r == null ? "" : r.id).append('|');
        }
        return ids.toString();
    }

    /**
     * A {@code link-entity} of the query's entity: {@code name}, {@code from} (its column), {@code to} (the parent's
     * column), {@code link-type} inner (default) or outer, {@code alias} (else {@code <name><n>}), and its own
     * attribute, all-attributes and filter elements.
     */
    private FetchXmlLink link(EmulatedTable parent, Element link, List<FetchXmlLink> siblings) {
        String name = link.getAttribute("name");
        EmulatedTable linked = name.isBlank() ? null : tables.apply(name);
        if (linked == null) {
            throw invalid("The link-entity name '" + name + "' is not a table (entity) of this environment.");
        }
        for (String required : List.of("from", "to")) {
            if (!link.hasAttribute(required) || link.getAttribute(required).isBlank()) {
                throw invalid("The link-entity '" + name + "' needs a '" + required + "' attribute.");
            }
        }
        String type = link.hasAttribute("link-type") ? link.getAttribute("link-type") : "inner";
        if (!type.equals("inner") && !type.equals("outer")) {
            throw unsupported("the link-type '" + type + "'");
        }
        String alias = link.getAttribute("alias");
        if (alias.isBlank()) {
            long same = siblings.stream().filter(l -> l.table == linked).count();
            alias = name + (same + 1);
        }
        for (FetchXmlLink sibling : siblings) {
            if (sibling.alias.equals(alias)) {
                throw invalid("The alias '" + alias + "' is used by two link-entity elements.");
            }
        }
        int to = column(parent, link.getAttribute("to"));
        int from = column(linked, link.getAttribute("from"));
        List<Integer> selected = new ArrayList<>();
        boolean all = false;
        Predicate<Row> filter = row -> true;
        for (Element child : children(link)) {
            switch (child.getTagName()) {
                case "attribute" -> {
                    int c = column(linked, child.getAttribute("name"));
                    if (!selected.contains(c)) {
                        selected.add(c);
                    }
                }
                case "all-attributes" -> all = true;
                case "filter" -> filter = filter.and(filter(child, condition -> {
                    if (condition.hasAttribute("entityname")) {
                        throw unsupported("entityname on a condition inside a link-entity");
                    }
                    return condition(linked, condition);
                }));
                case "link-entity" -> throw invalid("The Dataverse emulator supports one level of link-entity: the"
                        + " link-entity '" + child.getAttribute("name") + "' is nested inside the link-entity '"
                        + name + "'.");
                case "order" -> throw unsupported("order inside a link-entity");
                default -> throw unsupported("the element '" + child.getTagName() + "' inside a link-entity");
            }
        }
        int[] columns;
        if (all) {
            columns = columnsOf(linked, List.of(), true);
        } else {
            // A link-entity returns only the columns it names (none when it names none).
            columns = selected.stream().mapToInt(Integer::intValue).toArray();
        }
        return new FetchXmlLink(alias, linked, type.equals("outer"), to, from, filter, columns);
    }

    /** A condition of the entity's filter: on its own column, or with entityname on a link-entity's column. */
    private Predicate<Match> mainCondition(EmulatedTable table, List<FetchXmlLink> links, Element condition) {
        if (!condition.hasAttribute("entityname")) {
            Predicate<Row> own = condition(table, condition);
            return match -> own.test(match.row());
        }
        String alias = condition.getAttribute("entityname");
        for (int i = 0; i < links.size(); i++) {
            if (links.get(i).alias.equals(alias)) {
                int index = i;
                Predicate<Row> linked = condition(links.get(i).table, condition);
                return match -> linked.test(match.linked()[index] == null ? FetchXmlLink.NO_ROW
                        : match.linked()[index]);
            }
        }
        throw invalid("The condition's entityname '" + alias + "' names no link-entity alias of this query.");
    }

    private void write(Request request, EmulatedTable table, List<Match> rows, int[] columns,
                       List<FetchXmlLink> links, List<OrderTerm> order, int page, boolean more) throws IOException {
        SerializedString[] names = new SerializedString[columns.length];
        for (int i = 0; i < columns.length; i++) {
            names[i] = JsonOut.name(table.columns().get(columns[i]).columnName());
        }
        boolean annotations = wantsPagingCookie(request);
        try (JsonGenerator gen = JsonOut.start(request.exchange, 200)) {
            gen.writeStartObject();
            gen.writeStringField("@odata.context", request.metadataBase() + table.definition().entitySetName());
            if (annotations) {
                if (!rows.isEmpty()) {
                    gen.writeStringField(COOKIE_ANNOTATION, pagingCookie(table, order, rows.get(0).row(),
                            rows.get(rows.size() - 1).row(), page));
                }
                gen.writeBooleanField(MORE_RECORDS_ANNOTATION, more);
            }
            gen.writeArrayFieldStart("value");
            for (Match match : rows) {
                if (links.isEmpty()) {
                    JsonOut.writeRow(gen, match.row(), columns, names);
                    continue;
                }
                gen.writeStartObject();
                gen.writeStringField("@odata.etag", match.row().etag);
                for (int i = 0; i < columns.length; i++) {
                    gen.writeFieldName(names[i]);
                    JsonOut.writeValue(gen, match.row().get(columns[i]));
                }
                for (int l = 0; l < links.size(); l++) {
                    FetchXmlLink link = links.get(l);
                    Row linked = match.linked()[l] == null ? FetchXmlLink.NO_ROW : match.linked()[l];
                    for (int c : link.columns) {
                        // Linked columns come as <alias>.<logical name>, lookups too.
                        gen.writeFieldName(link.alias + "." + link.table.columns().get(c).logicalName());
                        JsonOut.writeValue(gen, linked.get(c));
                    }
                }
                gen.writeEndObject();
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }
    }

    private static boolean wantsPagingCookie(Request request) {
        List<String> prefer = request.exchange.getRequestHeaders().get("Prefer");
        if (prefer == null) {
            return false;
        }
        for (String header : prefer) {
            String h = header.toLowerCase(Locale.ROOT);
            int at = h.indexOf("odata.include-annotations=");
            if (at >= 0) {
                String value = h.substring(at + "odata.include-annotations=".length());
                if (value.startsWith("\"*\"") || value.startsWith("*")
                        || value.contains("microsoft.dynamics.crm.fetchxmlpagingcookie")
                        || value.contains("microsoft.dynamics.crm.*")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The cookie for the page after this one: the last and first row's order values and key, URL-encoded twice. */
    private static String pagingCookie(EmulatedTable table, List<OrderTerm> order, Row first, Row last, int page) {
        StringBuilder inner = new StringBuilder("<cookie page=\"").append(page).append("\">");
        for (OrderTerm term : order) {
            inner.append('<').append(term.name()).append(" last=\"").append(xml(text(last.get(term.column()))))
                    .append("\" first=\"").append(xml(text(first.get(term.column())))).append("\" />");
        }
        String id = table.definition().primaryIdAttribute();
        inner.append('<').append(id).append(" last=\"{").append(last.id.toUpperCase(Locale.ROOT))
                .append("}\" first=\"{").append(first.id.toUpperCase(Locale.ROOT)).append("}\" /></cookie>");
        return "<cookie pagenumber=\"" + (page + 1) + "\" pagingcookie=\"" + urlEncode(urlEncode(inner.toString()))
                + "\" istracking=\"False\" />";
    }

    /** A stand-in row holding the previous page's last order values and key, parsed from the paging cookie. */
    private static Row lastRowOf(EmulatedTable table, List<OrderTerm> order, String cookie) {
        Element root;
        try {
            root = parseXml(cookie);
        } catch (ODataException e) {
            throw invalid("The paging-cookie is not valid XML: " + e.getMessage());
        }
        Object[] values = new Object[table.columns().size()];
        String id = null;
        for (Element e : children(root)) {
            String name = e.getTagName();
            String lastValue = e.getAttribute("last");
            if (name.equals(table.definition().primaryIdAttribute())) {
                id = GUID_BRACES.matcher(lastValue).replaceAll("").toLowerCase(Locale.ROOT);
                continue;
            }
            for (OrderTerm term : order) {
                if (term.name().equals(name) && e.hasAttribute("last") && !lastValue.isEmpty()) {
                    values[term.column()] = Values.coerce(table.definition(), table.columns().get(term.column()),
                            lastValue);
                }
            }
        }
        if (id == null) {
            throw invalid("The paging-cookie names no last " + table.definition().primaryIdAttribute() + ".");
        }
        return new Row(id, values, 0);
    }

    private static Comparator<Row> comparator(EmulatedTable table, List<OrderTerm> order) {
        Comparator<Row> result = null;
        for (OrderTerm term : order) {
            Comparator<Object> values = Filter.comparatorFor(table.columns().get(term.column()).type());
            int c = term.column();
            // SQL Server order: nulls sort first ascending.
            Comparator<Row> byColumn = (a, b) -> {
                Object x = a.get(c);
                Object y = b.get(c);
                if (x == null || y == null) {
                    return x == null ? (y == null ? 0 : -1) : 1;
                }
                return values.compare(x, y);
            };
            byColumn = term.descending() ? byColumn.reversed() : byColumn;
            result = result == null ? byColumn : result.thenComparing(byColumn);
        }
        Comparator<Row> byId = (a, b) -> a.id.compareTo(b.id);
        return result == null ? byId : result.thenComparing(byId);
    }

    /** A filter element (and/or, nested) over rows of type T, each condition made by {@code condition}. */
    private static <T> Predicate<T> filter(Element filter, Function<Element, Predicate<T>> condition) {
        String type = filter.hasAttribute("type") ? filter.getAttribute("type") : "and";
        if (!type.equals("and") && !type.equals("or")) {
            throw invalid("A filter type must be 'and' or 'or'; it was '" + type + "'.");
        }
        List<Predicate<T>> parts = new ArrayList<>();
        for (Element child : children(filter)) {
            switch (child.getTagName()) {
                case "condition" -> parts.add(condition.apply(child));
                case "filter" -> parts.add(filter(child, condition));
                default -> throw unsupported("the element '" + child.getTagName() + "' inside a filter");
            }
        }
        boolean and = type.equals("and");
        return row -> {
            for (Predicate<T> p : parts) {
                if (p.test(row) != and) {
                    return !and;
                }
            }
            return and;
        };
    }

    private static Predicate<Row> condition(EmulatedTable table, Element condition) {
        String attribute = condition.getAttribute("attribute");
        int c = column(table, attribute);
        AttributeDefinition def = table.columns().get(c);
        String operator = condition.getAttribute("operator");
        Comparator<Object> order = Filter.comparatorFor(def.type());
        switch (operator) {
            case "null":
                return row -> row.get(c) == null;
            case "not-null":
                return row -> row.get(c) != null;
            case "in":
            case "not-in": {
                List<Object> values = new ArrayList<>();
                for (Element v : children(condition)) {
                    if (!v.getTagName().equals("value")) {
                        throw invalid("An in condition holds only value elements; found '" + v.getTagName() + "'.");
                    }
                    values.add(value(table, def, v.getTextContent()));
                }
                boolean in = operator.equals("in");
                return row -> {
                    Object x = row.get(c);
                    boolean found = x != null && values.stream().anyMatch(v -> order.compare(x, v) == 0);
                    return found == in;
                };
            }
            case "like":
            case "not-like": {
                Pattern like = likePattern(requiredValue(condition));
                boolean positive = operator.equals("like");
                return row -> {
                    Object x = row.get(c);
                    return x != null && like.matcher(x.toString()).matches() == positive;
                };
            }
            case "last-x-days": {
                long days = Long.parseLong(requiredValue(condition).trim());
                Instant now = Instant.now();
                Instant from = now.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).minusDays(days).toInstant();
                return row -> row.get(c) instanceof Instant t && !t.isBefore(from) && !t.isAfter(now);
            }
            case "on-or-after":
            case "on-or-before": {
                Instant day = Values.instant(requiredValue(condition).trim().length() == 10
                        ? requiredValue(condition).trim() + "T00:00:00Z" : requiredValue(condition).trim())
                        .atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
                return operator.equals("on-or-after")
                        ? row -> row.get(c) instanceof Instant t && !t.isBefore(day)
                        : row -> row.get(c) instanceof Instant t && t.isBefore(day.plus(1, ChronoUnit.DAYS));
            }
            case "eq":
            case "ne":
            case "gt":
            case "ge":
            case "lt":
            case "le": {
                Object value = value(table, def, requiredValue(condition));
                return row -> {
                    Object x = row.get(c);
                    if (x == null) {
                        return operator.equals("ne");
                    }
                    int cmp = order.compare(x, value);
                    return switch (operator) {
                        case "eq" -> cmp == 0;
                        case "ne" -> cmp != 0;
                        case "gt" -> cmp > 0;
                        case "ge" -> cmp >= 0;
                        case "lt" -> cmp < 0;
                        default -> cmp <= 0;
                    };
                };
            }
            default:
                throw unsupported("the condition operator '" + operator + "'");
        }
    }

    private static String requiredValue(Element condition) {
        if (condition.hasAttribute("value")) {
            return condition.getAttribute("value");
        }
        List<Element> values = children(condition);
        if (values.size() == 1 && values.get(0).getTagName().equals("value")) {
            return values.get(0).getTextContent();
        }
        throw invalid("The condition on '" + condition.getAttribute("attribute") + "' with operator '"
                + condition.getAttribute("operator") + "' needs a value.");
    }

    private static Object value(EmulatedTable table, AttributeDefinition def, String text) {
        String t = def.type().isLookup() || def.type() == AttributeType.Uniqueidentifier
                ? GUID_BRACES.matcher(text.trim()).replaceAll("") : text;
        if (def.type() == AttributeType.Boolean) {
            // FetchXML writes booleans as 1 and 0.
            t = t.trim().equals("1") ? "true" : t.trim().equals("0") ? "false" : t;
        }
        try {
            Object v = Values.coerce(table.definition(), def, t);
            return v instanceof Number n && !(v instanceof BigDecimal) ? new BigDecimal(n.toString()) : v;
        } catch (IllegalArgumentException e) {
            throw invalid("The value '" + text + "' is not valid for attribute '" + def.logicalName() + "' ("
                    + def.type() + ").");
        }
    }

    /** SQL LIKE: % any run, _ one character, [..] a set; case-insensitive as the service's collation. */
    private static Pattern likePattern(String like) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < like.length(); i++) {
            char ch = like.charAt(i);
            if (ch == '%') {
                regex.append(".*");
            } else if (ch == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }

    private static int[] columnsOf(EmulatedTable table, List<Integer> selected, boolean all) {
        List<Integer> chosen = new ArrayList<>();
        List<AttributeDefinition> cols = table.columns();
        if (all || selected.isEmpty()) {
            for (int i = 0; i < cols.size(); i++) {
                if (cols.get(i).type().hasColumn()) {
                    chosen.add(i);
                }
            }
        } else {
            chosen.addAll(selected);
            // The primary key is always returned.
            if (!chosen.contains(table.idColumn())) {
                chosen.add(table.idColumn());
            }
        }
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int column(EmulatedTable table, String logicalName) {
        List<AttributeDefinition> cols = table.columns();
        for (int i = 0; i < cols.size(); i++) {
            if (cols.get(i).logicalName().equals(logicalName) && cols.get(i).type().hasColumn()) {
                return i;
            }
        }
        throw new ODataException(400, UNKNOWN_ATTRIBUTE, "'" + table.logicalName()
                + "' entity doesn't contain attribute with Name = '" + logicalName + "'.");
    }

    private static int intAttribute(Element e, String name, int otherwise) {
        if (!e.hasAttribute(name)) {
            return otherwise;
        }
        try {
            return Integer.parseInt(e.getAttribute(name).trim());
        } catch (NumberFormatException ex) {
            throw invalid("The fetch attribute " + name + " must be a number; it was '" + e.getAttribute(name) + "'.");
        }
    }

    private static Element parse(String fetchXml) {
        if (fetchXml == null || fetchXml.isBlank()) {
            throw invalid("The fetchXml parameter is empty.");
        }
        Element root = parseXml(fetchXml);
        if (!root.getTagName().equals("fetch")) {
            throw invalid("A FetchXML query starts with a fetch element, not '" + root.getTagName() + "'.");
        }
        return root;
    }

    private static Element parseXml(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            javax.xml.parsers.DocumentBuilder builder = factory.newDocumentBuilder();
            // The default handler prints to stderr; the 400 answer carries the message.
            builder.setErrorHandler(null);
            Document doc = builder.parse(new InputSource(new StringReader(xml)));
            return doc.getDocumentElement();
        } catch (Exception e) {
            throw invalid("The FetchXML is not well-formed XML: " + e.getMessage());
        }
    }

    private static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        return value instanceof Instant i ? JsonOut.instantText(i) : value.toString();
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** URL-encoding as the service writes cookies: spaces as %20 and lower-case hex digits. */
    private static String urlEncode(String s) {
        String encoded = URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
        return PERCENT.matcher(encoded).replaceAll(m -> m.group().toLowerCase(Locale.ROOT));
    }

    private static ODataException invalid(String message) {
        return new ODataException(400, INVALID_FETCHXML, message);
    }

    private static ODataException unsupported(String what) {
        return new ODataException(400, INVALID_FETCHXML, "The Dataverse emulator does not support " + what
                + " in FetchXML. Supported: entity, attribute, all-attributes, filter (and/or), condition (eq, ne,"
                + " gt, ge, lt, le, like, not-like, in, not-in, null, not-null, on-or-after, on-or-before,"
                + " last-x-days), order, one level of link-entity (inner or outer, with its own attributes, filter"
                + " and alias; entityname conditions on it), and count/page/paging-cookie.");
    }
}
