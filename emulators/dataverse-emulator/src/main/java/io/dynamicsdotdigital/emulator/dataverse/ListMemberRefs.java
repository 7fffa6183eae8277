package io.dynamicsdotdigital.emulator.dataverse;

import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Web API's way to change a static marketing list's members: {@code POST lists({listid})/listcontact_association/$ref}
 * with {@code {"@odata.id": ".../contacts({contactid})"}} associates one (adds its {@code listmember} row), and
 * {@code DELETE lists({listid})/listcontact_association({contactid})/$ref} disassociates it (and
 * {@code listlead_association}, {@code listaccount_association} alike). Adding a member twice and removing a record
 * that is not a member change nothing and answer 204 as well. {@code listmembers} itself is read-only, as in
 * Dataverse: {@link #refuseWrite} answers a create, update or delete of its rows 400.
 */
final class ListMemberRefs {
    static final Pattern REF = Pattern.compile("^lists\\(([^)]*)\\)/([A-Za-z_]+)\\(([^)]*)\\)/\\$ref$");
    static final Pattern COLLECTION_REF = Pattern.compile("^lists\\(([^)]*)\\)/([A-Za-z_]+)/\\$ref$");
    private static final Pattern ODATA_ID = Pattern.compile("(?:^|/)([A-Za-z_]+)\\(([^)]*)\\)$");
    private static final Map<String, String> TARGETS = Map.of(
            "listcontact_association", "contact",
            "listlead_association", "lead",
            "listaccount_association", "account");

    private final DataverseEmulator emulator;

    ListMemberRefs(DataverseEmulator emulator) {
        this.emulator = emulator;
    }

    /**
     * A write to {@code listmembers} itself. The real service's exact answer is not in the reference notes; this is
     * the Web API error shape with the message Dataverse gives for messages an entity does not support (an
     * assumption, documented in docs/preferences-to-crm.md).
     */
    static void refuseWrite(String method, EmulatedTable table) {
        if (table.logicalName().equals("listmember") && !method.equals("GET")) {
            String message = switch (method) {
                case "POST" -> "Create";
                case "PATCH", "PUT" -> "Update";
                default -> "Delete";
            };
            throw new ODataException(400, "0x80040203", "The '" + message + "' method does not support entities of"
                    + " type 'listmember'. Add members with POST lists({listid})/listcontact_association/$ref"
                    + " (listlead_association, listaccount_association) and remove them with DELETE"
                    + " lists({listid})/listcontact_association({id})/$ref.");
        }
    }

    void associate(WebApiHandler.Request request, Matcher ref) throws IOException {
        if (!request.exchange.getRequestMethod().equals("POST")) {
            throw new ODataException(405, ODataException.QUERY_ERROR, "The HTTP method "
                    + request.exchange.getRequestMethod() + " is not allowed on this resource.");
        }
        String target = target(ref.group(2));
        EmulatedTable lists = emulator.table("list");
        String listId = ref.group(1).trim();
        if (!Values.isGuid(listId) || !lists.exists(listId)) {
            throw WebApiHandler.notFound(lists, listId);
        }
        com.fasterxml.jackson.databind.JsonNode body = request.body();
        String odataId = body.path("@odata.id").asText("");
        Matcher id = ODATA_ID.matcher(odataId.trim());
        EmulatedTable members = emulator.table(target);
        if (!id.find() || !id.group(1).equals(members.definition().entitySetName())) {
            throw ODataException.badRequest("The request body must be {\"@odata.id\": \"<service root>/"
                    + members.definition().entitySetName() + "(<id>)\"} for " + ref.group(2) + ", got "
                    + body);
        }
        String memberId = id.group(2).trim();
        if (!Values.isGuid(memberId) || !members.exists(memberId)) {
            throw WebApiHandler.notFound(members, memberId);
        }
        if (!emulator.isListMember(listId, memberId)) {
            emulator.addListMember(listId, target, memberId);
        }
        request.exchange.getResponseHeaders().set("OData-Version", "4.0");
        request.exchange.sendResponseHeaders(204, -1);
    }

    private static String target(String navigation) {
        String target = TARGETS.get(navigation);
        if (target == null) {
            throw new ODataException(400, ODataException.QUERY_ERROR, "Could not find a property named '"
                    + navigation + "' on type 'Microsoft.Dynamics.CRM.list'.");
        }
        return target;
    }

    void disassociate(WebApiHandler.Request request, Matcher ref) throws IOException {
        if (!request.exchange.getRequestMethod().equals("DELETE")) {
            throw new ODataException(405, ODataException.QUERY_ERROR, "The HTTP method "
                    + request.exchange.getRequestMethod() + " is not allowed on this resource.");
        }
        String target = target(ref.group(2));
        EmulatedTable lists = emulator.table("list");
        String listId = ref.group(1).trim();
        if (!Values.isGuid(listId) || !lists.exists(listId)) {
            throw WebApiHandler.notFound(lists, listId);
        }
        EmulatedTable members = emulator.table(target);
        String memberId = ref.group(3).trim();
        if (!Values.isGuid(memberId) || !members.exists(memberId)) {
            throw WebApiHandler.notFound(members, memberId);
        }
        emulator.removeListMember(listId, memberId);
        request.exchange.getResponseHeaders().set("OData-Version", "4.0");
        request.exchange.sendResponseHeaders(204, -1);
    }
}
