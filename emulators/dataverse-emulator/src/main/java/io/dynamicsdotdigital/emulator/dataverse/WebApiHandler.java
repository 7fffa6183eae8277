package io.dynamicsdotdigital.emulator.dataverse;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Routes and answers Web API requests ({@code /api/data/v9.x/...}) after authentication and service protection. */
final class WebApiHandler {
    static final int MAX_PAGE_SIZE = 5000;
    static final String EXPIRED_DELTA_CODE = "0x80044352";
    static final String EXPIRED_DELTA_MESSAGE =
            "Version stamp associated with the client has expired. Please perform a full sync.";
    private static final Pattern API_PATH = Pattern.compile("^/api/data/(v[89]\\.[012])/(.*)$");
    private static final Pattern KEYED = Pattern.compile("^([A-Za-z0-9_]+)\\((.*)\\)(/([A-Za-z0-9_]+))?$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataverseEmulator emulator;
    private final MetadataHandler metadata;
    private final CollectionQuery collections;
    private final FetchXmlQuery fetchXml;

    WebApiHandler(DataverseEmulator emulator) {
        this.emulator = emulator;
        this.metadata = new MetadataHandler(emulator);
        this.collections = new CollectionQuery(emulator, new Cursors());
        this.fetchXml = new FetchXmlQuery(emulator::tableOrNull);
    }

    /** Everything that is not the token endpoint. */
    void handle(HttpExchange exchange) throws IOException {
        try {
            String clientId = emulator.authentication().authenticate(exchange);
            if (clientId == null) {
                return;
            }
            emulator.serviceProtection().acquire(clientId);
            long started = System.currentTimeMillis();
            try {
                long pause = emulator.processingTime().toMillis();
                if (pause > 0) {
                    try {
                        Thread.sleep(pause);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                dispatch(exchange);
            } finally {
                emulator.serviceProtection().release(clientId, started);
            }
        } catch (ODataException e) {
            JsonOut.error(exchange, e.status(), e.code(), e.getMessage(), e.headers());
        }
    }

    /** Routes an authenticated request and turns failures into the Web API's error answers. */
    void dispatch(HttpExchange exchange) throws IOException {
        try {
            route(exchange);
        } catch (ODataException e) {
            JsonOut.error(exchange, e.status(), e.code(), e.getMessage(), e.headers());
        } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
            JsonOut.error(exchange, 400, "0x80040203", e.getMessage(), Map.of());
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Matcher api = API_PATH.matcher(path);
        if (!api.matches() || !emulator.serverVersion().serves(api.group(1))) {
            throw new ODataException(404, "", "No Web API resource at " + path
                    + ". The Web API lives under " + emulator.serverVersion().apiPaths() + ".");
        }
        Request request = new Request(exchange, api.group(1), api.group(2),
                emulator.serverVersion().webApiChangeTracking());
        exchange.getResponseHeaders().set("x-ms-dop-hint", Integer.toString(emulator.dopHint()));
        String resource = request.resource;
        String method = exchange.getRequestMethod();
        if (resource.equals("WhoAmI") || resource.equals("WhoAmI()")) {
            whoAmI(request);
            return;
        }
        if (resource.startsWith("EntityDefinitions")) {
            requireMethod(method, "GET");
            metadata.handle(request);
            return;
        }
        if (resource.equals("$batch")) {
            requireMethod(method, "POST");
            if (exchange instanceof BatchExchange) {
                throw ODataException.badRequest("A $batch cannot contain another $batch.");
            }
            new Batch(this, request).run();
            return;
        }
        Matcher ref = NavigationRefs.REF.matcher(resource);
        if (ref.matches()) {
            new NavigationRefs(emulator, this).disassociate(request, ref);
            return;
        }
        Matcher collectionRef = NavigationRefs.COLLECTION_REF.matcher(resource);
        if (collectionRef.matches()) {
            new NavigationRefs(emulator, this).associate(request, collectionRef);
            return;
        }
        Matcher keyed = KEYED.matcher(resource);
        if (keyed.matches()) {
            EmulatedTable table = tableBySet(keyed.group(1));
            requirePrivilege(method, table);
            ListMemberRefs.refuseWrite(method, table);
            String key = keyed.group(2);
            String navigation = keyed.group(4);
            if (navigation != null) {
                requireMethod(method, "GET");
                association(request, table, key, navigation);
                return;
            }
            switch (method) {
                case "GET":
                    getOne(request, table, key);
                    return;
                case "PATCH":
                    Writes.upsert(request, table, key, emulator);
                    return;
                case "DELETE":
                    Writes.delete(request, table, key);
                    return;
                default:
                    throw methodNotAllowed(method);
            }
        }
        if (resource.endsWith("/$count") && resource.indexOf('/') == resource.length() - 7) {
            requireMethod(method, "GET");
            countOnly(request, tableBySet(resource.substring(0, resource.length() - 7)));
            return;
        }
        if (resource.contains("/") || resource.isEmpty()) {
            throw new ODataException(404, ODataException.QUERY_ERROR, "Resource not found for the segment '" + resource + "'.");
        }
        EmulatedTable table = tableBySet(resource);
        requirePrivilege(method, table);
        ListMemberRefs.refuseWrite(method, table);
        switch (method) {
            case "GET":
                if (request.has("fetchXml")) {
                    fetchXml.answer(request, table);
                } else {
                    collections.answer(request, table, null);
                }
                return;
            case "POST":
                Writes.create(request, table, emulator);
                return;
            default:
                throw methodNotAllowed(method);
        }
    }

    private void requirePrivilege(String method, EmulatedTable table) {
        emulator.privileges().require(Privileges.needed(method, table.logicalName()), table.logicalName(),
                emulator.userId());
    }

    private static void requireMethod(String method, String expected) {
        if (!method.equals(expected)) {
            throw methodNotAllowed(method);
        }
    }

    private static ODataException methodNotAllowed(String method) {
        return new ODataException(405, ODataException.QUERY_ERROR, "The HTTP method " + method
                + " is not allowed on this resource.");
    }

    EmulatedTable tableBySet(String set) {
        EmulatedTable table = emulator.tableBySetName(set);
        if (table == null) {
            throw new ODataException(404, ODataException.QUERY_ERROR, "Resource not found for the segment '" + set + "'.");
        }
        return table;
    }

    private void whoAmI(Request request) throws IOException {
        try (JsonGenerator gen = JsonOut.start(request.exchange, 200)) {
            gen.writeStartObject();
            gen.writeStringField("@odata.context", request.metadataBase() + "Microsoft.Dynamics.CRM.WhoAmIResponse");
            gen.writeStringField("BusinessUnitId", emulator.businessUnitId());
            gen.writeStringField("UserId", emulator.userId());
            gen.writeStringField("OrganizationId", emulator.organizationId());
            gen.writeEndObject();
        }
    }

    private void getOne(Request request, EmulatedTable table, String key) throws IOException {
        String id = Writes.resolveKey(table, key);
        Row row = id == null ? null : table.row(id);
        if (row == null) {
            throw notFound(table, key);
        }
        Selection selection = Selection.of(table, request.option("$select"));
        String ifNoneMatch = request.exchange.getRequestHeaders().getFirst("If-None-Match");
        if (ifNoneMatch != null && ifNoneMatch.equals("W/\"" + row.version + "\"")) {
            request.exchange.getResponseHeaders().set("ETag", ifNoneMatch);
            request.exchange.sendResponseHeaders(304, -1);
            return;
        }
        try (JsonGenerator gen = JsonOut.start(request.exchange, 200)) {
            gen.writeStartObject();
            gen.writeStringField("@odata.context", request.metadataBase() + table.definition().entitySetName()
                    + selection.contextSuffix() + "/$entity");
            gen.writeStringField("@odata.etag", "W/\"" + row.version + "\"");
            for (int i = 0; i < selection.columns.length; i++) {
                gen.writeFieldName(JsonOut.name(selection.names[i]));
                JsonOut.writeValue(gen, row.get(selection.columns[i]));
            }
            gen.writeEndObject();
        }
    }

    /** {@code GET {set}/$count}: the number of rows (honouring {@code $filter}) as plain text. */
    private void countOnly(Request request, EmulatedTable table) throws IOException {
        Predicate<Row> filter = request.has("$filter") ? Filter.compile(request.option("$filter"), columnsOf(table)) : null;
        long count = 0;
        for (Row row : table.snapshot().rows) {
            if (filter == null || filter.test(row)) {
                count++;
            }
        }
        byte[] body = Long.toString(count).getBytes(StandardCharsets.UTF_8);
        request.exchange.getResponseHeaders().set("Content-Type", "text/plain");
        request.exchange.getResponseHeaders().set("OData-Version", "4.0");
        request.exchange.sendResponseHeaders(200, body.length);
        try (java.io.OutputStream out = request.exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static ODataException notFound(EmulatedTable table, String key) {
        return new ODataException(404, "0x80040217", table.logicalName() + " With Id = " + key + " Does Not Exist");
    }

    /** {@code GET <set>(id)/<nav>}: the related rows as a collection ($select, $filter, paging as any collection). */
    private void association(Request request, EmulatedTable from, String key, String navigation) throws IOException {
        Navigations.Navigation related = new Navigations(emulator).of(from, navigation);
        String id = Writes.resolveKey(from, key);
        if (id == null || !from.exists(id)) {
            throw notFound(from, key);
        }
        Set<String> ids = related.related(id);
        collections.answer(request, emulator.table(related.target()), row -> ids.contains(row.id));
    }

    static Filter.Columns columnsOf(EmulatedTable table) {
        List<AttributeDefinition> cols = table.columns();
        String typeName = "Microsoft.Dynamics.CRM." + table.logicalName();
        return new Filter.Columns() {
            @Override
            public Integer index(String name) {
                Integer i = table.columnByName(name);
                return i != null && cols.get(i).type().hasColumn() ? i : null;
            }

            @Override
            public AttributeType type(int index) {
                return cols.get(index).type();
            }

            @Override
            public String typeName() {
                return typeName;
            }
        };
    }

    /** The columns a response carries: the key plus {@code $select}, or every readable column. */
    static final class Selection {
        final int[] columns;
        final String[] names;
        final com.fasterxml.jackson.core.io.SerializedString[] encodedNames;
        final String select;

        private Selection(int[] columns, String[] names, String select) {
            this.columns = columns;
            this.names = names;
            this.select = select;
            this.encodedNames = new com.fasterxml.jackson.core.io.SerializedString[names.length];
            for (int i = 0; i < names.length; i++) {
                encodedNames[i] = JsonOut.name(names[i]);
            }
        }

        static Selection of(EmulatedTable table, String select) {
            List<AttributeDefinition> cols = table.columns();
            List<Integer> chosen = new ArrayList<>();
            if (select == null || select.isBlank() || select.trim().equals("*")) {
                for (int i = 0; i < cols.size(); i++) {
                    if (cols.get(i).type().hasColumn()) {
                        chosen.add(i);
                    }
                }
                select = null;
            } else {
                Filter.Columns lookup = columnsOf(table);
                for (String name : select.split(",")) {
                    String n = name.trim();
                    Integer i = lookup.index(n);
                    if (i == null) {
                        throw ODataException.badRequest("Could not find a property named '" + n + "' on type '"
                                + lookup.typeName() + "'.");
                    }
                    if (!chosen.contains(i)) {
                        chosen.add(i);
                    }
                }
                // The key is always returned.
                if (!chosen.contains(table.idColumn())) {
                    chosen.add(table.idColumn());
                }
            }
            int[] columns = chosen.stream().mapToInt(Integer::intValue).toArray();
            String[] names = new String[columns.length];
            for (int i = 0; i < columns.length; i++) {
                names[i] = cols.get(columns[i]).columnName();
            }
            return new Selection(columns, names, select);
        }

        String contextSuffix() {
            return select == null ? "" : "(" + select.replace(" ", "") + ")";
        }
    }

    /** The parsed pieces of one Web API request. */
    static final class Request {
        final HttpExchange exchange;
        final String version;
        final String resource;
        final Map<String, String> options = new LinkedHashMap<>();
        final Prefer prefer;
        private final String orgUrl;

        /** @param changeTracking false on an 8.x server, whose Web API ignores {@code odata.track-changes} */
        Request(HttpExchange exchange, String version, String resource, boolean changeTracking) {
            this.exchange = exchange;
            this.version = version;
            this.resource = resource;
            String raw = exchange.getRequestURI().getRawQuery();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                    String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                    options.put(key, value);
                }
            }
            Prefer asked = Prefer.parse(exchange.getRequestHeaders().get("Prefer"));
            this.prefer = changeTracking ? asked : asked.withoutChangeTracking();
            this.orgUrl = originOf(exchange);
        }

        private static String originOf(HttpExchange exchange) {
            if (exchange instanceof BatchExchange) {
                return originOf(((BatchExchange) exchange).parent());
            }
            // By the server, not the exchange class: an exchange whose answer a fault captures is not an HttpsExchange.
            String scheme = exchange.getHttpContext().getServer() instanceof com.sun.net.httpserver.HttpsServer
                    ? "https" : "http";
            return scheme + "://127.0.0.1:" + exchange.getLocalAddress().getPort();
        }

        /** Query decoding as the service's web server does it: {@code +} is a space, so a literal plus must be %2B. */
        private static String decode(String s) {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        }

        boolean has(String option) {
            return options.containsKey(option);
        }

        String option(String option) {
            return options.get(option);
        }

        /** {@code https://127.0.0.1:PORT} of the connection this request came in on. */
        String origin() {
            return orgUrl;
        }

        String metadataBase() {
            return orgUrl + "/api/data/" + version + "/$metadata#";
        }

        /** This request's absolute URL without paging tokens, plus {@code name=value}. */
        String linkWith(String name, String value) {
            StringBuilder sb = new StringBuilder(orgUrl).append(exchange.getRequestURI().getRawPath()).append('?');
            String raw = exchange.getRequestURI().getRawQuery();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    int eq = pair.indexOf('=');
                    String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                    if (pair.isEmpty() || key.equals("$skiptoken") || key.equals("$deltatoken")) {
                        continue;
                    }
                    sb.append(pair).append('&');
                }
            }
            return sb.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)).toString();
        }

        JsonNode body() throws IOException {
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            if (bytes.length == 0) {
                return JSON.createObjectNode();
            }
            try {
                return JSON.readTree(bytes);
            } catch (IOException e) {
                throw ODataException.badRequest("The request body is not valid JSON: " + e.getMessage());
            }
        }
    }

    /** The {@code Prefer} header's values. */
    static final class Prefer {
        final boolean trackChanges;
        final Integer maxPageSize;
        final boolean returnRepresentation;

        private Prefer(boolean trackChanges, Integer maxPageSize, boolean returnRepresentation) {
            this.trackChanges = trackChanges;
            this.maxPageSize = maxPageSize;
            this.returnRepresentation = returnRepresentation;
        }

        Prefer withoutChangeTracking() {
            return new Prefer(false, maxPageSize, returnRepresentation);
        }

        static Prefer parse(List<String> headers) {
            boolean track = false;
            Integer max = null;
            boolean representation = false;
            if (headers != null) {
                for (String header : headers) {
                    for (String part : header.split(",")) {
                        String p = part.trim().toLowerCase(Locale.ROOT);
                        if (p.equals("odata.track-changes")) {
                            track = true;
                        } else if (p.startsWith("odata.maxpagesize=")) {
                            try {
                                int n = Integer.parseInt(p.substring("odata.maxpagesize=".length()).trim());
                                // Larger values (and nonsense) are ignored: the default page size applies.
                                if (n > 0 && n <= MAX_PAGE_SIZE) {
                                    max = n;
                                }
                            } catch (NumberFormatException ignored) {
                                // An unusable preference is not applied, as the service does.
                            }
                        } else if (p.equals("return=representation")) {
                            representation = true;
                        }
                    }
                }
            }
            return new Prefer(track, max, representation);
        }
    }
}
