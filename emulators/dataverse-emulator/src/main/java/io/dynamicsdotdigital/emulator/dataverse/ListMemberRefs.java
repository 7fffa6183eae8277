package io.dynamicsdotdigital.emulator.dataverse;

import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code DELETE lists({listid})/listcontact_association({contactid})/$ref} (and {@code listlead_association},
 * {@code listaccount_association}): the Web API's disassociation of a static marketing list's member, which removes
 * its {@code listmember} row. Removing a record that is not a member changes nothing and answers 204 as well.
 */
final class ListMemberRefs {
    static final Pattern REF = Pattern.compile("^lists\\(([^)]*)\\)/([A-Za-z_]+)\\(([^)]*)\\)/\\$ref$");
    private static final Map<String, String> TARGETS = Map.of(
            "listcontact_association", "contact",
            "listlead_association", "lead",
            "listaccount_association", "account");

    private final DataverseEmulator emulator;

    ListMemberRefs(DataverseEmulator emulator) {
        this.emulator = emulator;
    }

    void disassociate(WebApiHandler.Request request, Matcher ref) throws IOException {
        if (!request.exchange.getRequestMethod().equals("DELETE")) {
            throw new ODataException(405, ODataException.QUERY_ERROR, "The HTTP method "
                    + request.exchange.getRequestMethod() + " is not allowed on this resource.");
        }
        String target = TARGETS.get(ref.group(2));
        if (target == null) {
            throw new ODataException(400, ODataException.QUERY_ERROR, "Could not find a property named '"
                    + ref.group(2) + "' on type 'Microsoft.Dynamics.CRM.list'.");
        }
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
