package io.dynamicsdotdigital.emulator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Associating and disassociating through a collection-valued navigation property, as the Web API does for every N:N
 * relationship: {@code POST <set>(id)/<nav>/$ref} with {@code {"@odata.id": ".../<targetset>(id)"}} associates
 * (twice changes nothing), {@code DELETE <set>(id)/<nav>(id)/$ref} disassociates (a pair not associated changes
 * nothing); both answer 204. A static marketing list's members ({@code lists(id)/listcontact_association/$ref}) are
 * one case of it.
 */
final class NavigationRefs {
    static final Pattern REF = Pattern.compile("^([A-Za-z0-9_]+)\\(([^)]*)\\)/([A-Za-z0-9_]+)\\(([^)]*)\\)/\\$ref$");
    static final Pattern COLLECTION_REF = Pattern.compile("^([A-Za-z0-9_]+)\\(([^)]*)\\)/([A-Za-z0-9_]+)/\\$ref$");
    private static final Pattern ODATA_ID = Pattern.compile("(?:^|/)([A-Za-z0-9_]+)\\(([^)]*)\\)$");

    private final DataverseEmulator emulator;
    private final WebApiHandler handler;

    NavigationRefs(DataverseEmulator emulator, WebApiHandler handler) {
        this.emulator = emulator;
        this.handler = handler;
    }

    /** {@code POST <set>(id)/<nav>/$ref} ({@link #COLLECTION_REF}). */
    void associate(WebApiHandler.Request request, Matcher ref) throws IOException {
        requireMethod(request, "POST");
        EmulatedTable from = handler.tableBySet(ref.group(1));
        Navigations.Navigation navigation = new Navigations(emulator).of(from, ref.group(3));
        emulator.privileges().require(navigation.writePrivilege(), from.logicalName(), emulator.userId());
        String id = existing(from, ref.group(2));
        JsonNode body = request.body();
        EmulatedTable target = emulator.table(navigation.target());
        Matcher odataId = ODATA_ID.matcher(body.path("@odata.id").asText("").trim());
        if (!odataId.find() || !odataId.group(1).equals(target.definition().entitySetName())) {
            throw ODataException.badRequest("The request body must be {\"@odata.id\": \"<service root>/"
                    + target.definition().entitySetName() + "(<id>)\"} for " + ref.group(3) + ", got " + body);
        }
        navigation.associate(id, existing(target, odataId.group(2)));
        noContent(request);
    }

    /** {@code DELETE <set>(id)/<nav>(id)/$ref} ({@link #REF}). */
    void disassociate(WebApiHandler.Request request, Matcher ref) throws IOException {
        requireMethod(request, "DELETE");
        EmulatedTable from = handler.tableBySet(ref.group(1));
        Navigations.Navigation navigation = new Navigations(emulator).of(from, ref.group(3));
        emulator.privileges().require(navigation.writePrivilege(), from.logicalName(), emulator.userId());
        String id = existing(from, ref.group(2));
        navigation.disassociate(id, existing(emulator.table(navigation.target()), ref.group(4)));
        noContent(request);
    }

    private static String existing(EmulatedTable table, String key) {
        String id = key.trim();
        if (!Values.isGuid(id) || !table.exists(id)) {
            throw WebApiHandler.notFound(table, id);
        }
        return Values.guid(id);
    }

    private static void requireMethod(WebApiHandler.Request request, String expected) {
        if (!request.exchange.getRequestMethod().equals(expected)) {
            throw new ODataException(405, ODataException.QUERY_ERROR, "The HTTP method "
                    + request.exchange.getRequestMethod() + " is not allowed on this resource.");
        }
    }

    private static void noContent(WebApiHandler.Request request) throws IOException {
        request.exchange.getResponseHeaders().set("OData-Version", "4.0");
        request.exchange.sendResponseHeaders(204, -1);
    }
}
