package io.dynamicsdotdigital.emulator.dataverse;

/**
 * {@code listmembers} is read-only, as in Dataverse: {@link #refuseWrite} answers a create, update or delete of its
 * rows 400. A static marketing list's members change through the list's navigation properties instead:
 * {@code POST lists({listid})/listcontact_association/$ref} with {@code {"@odata.id": ".../contacts({contactid})"}}
 * associates one (adds its {@code listmember} row), {@code DELETE lists({listid})/listcontact_association({id})/$ref}
 * disassociates it ({@link NavigationRefs}, {@link Navigations}).
 */
final class ListMemberRefs {
    private ListMemberRefs() {
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
}
