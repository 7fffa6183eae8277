package io.dynamicsdotdigital.emulator.dataverse;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The collection-valued navigation properties of N:N relationships, whatever keeps them: a static marketing list's
 * members ({@code listcontact_association}, {@code listlead_association}, {@code listaccount_association}, kept as
 * {@code listmember} rows) and the intersect-table relationships of {@link ManyToManyRelationships}. The Web API
 * serves them all alike: {@code GET <set>(id)/<nav>}, {@code POST <set>(id)/<nav>/$ref},
 * {@code DELETE <set>(id)/<nav>(id)/$ref} ({@link NavigationRefs}).
 */
final class Navigations {
    private static final Map<String, String> LIST_MEMBERS = Map.of(
            "listcontact_association", "contact",
            "listlead_association", "lead",
            "listaccount_association", "account");

    /** One navigation property of one table. */
    interface Navigation {
        /** The logical name of the related table. */
        String target();

        /** The ids of the rows related to {@code id}. */
        Set<String> related(String id);

        void associate(String id, String targetId);

        void disassociate(String id, String targetId);

        /** The privilege an association or disassociation needs here. */
        String writePrivilege();
    }

    private final DataverseEmulator emulator;

    Navigations(DataverseEmulator emulator) {
        this.emulator = emulator;
    }

    /** The navigation property {@code navigation} of {@code from}; 400 as the service answers when it has none. */
    Navigation of(EmulatedTable from, String navigation) {
        if (from.logicalName().equals("list") && LIST_MEMBERS.containsKey(navigation)) {
            return listMembers(LIST_MEMBERS.get(navigation));
        }
        ManyToManyRelationships.Definition d = emulator.relationships().byNavigation(from.logicalName(), navigation);
        if (d == null) {
            throw new ODataException(400, ODataException.QUERY_ERROR, "Could not find a property named '"
                    + navigation + "' on type 'Microsoft.Dynamics.CRM." + from.logicalName() + "'.");
        }
        return intersect(d, from.logicalName());
    }

    private Navigation listMembers(String target) {
        return new Navigation() {
            @Override
            public String target() {
                return target;
            }

            @Override
            public Set<String> related(String listId) {
                EmulatedTable members = emulator.table("listmember");
                int listColumn = members.columnByName("_listid_value");
                int entityColumn = members.columnByName("_entityid_value");
                int typeColumn = members.columnByName("entitytype");
                Set<String> ids = new HashSet<>();
                for (Row m : members.snapshot().rows) {
                    if (listId.equals(m.get(listColumn)) && target.equals(m.get(typeColumn))) {
                        ids.add((String) m.get(entityColumn));
                    }
                }
                return ids;
            }

            @Override
            public void associate(String listId, String memberId) {
                if (!emulator.isListMember(listId, memberId)) {
                    emulator.addListMember(listId, target, memberId);
                }
            }

            @Override
            public void disassociate(String listId, String memberId) {
                emulator.removeListMember(listId, memberId);
            }

            @Override
            public String writePrivilege() {
                return Privileges.LIST_MEMBERS;
            }
        };
    }

    private Navigation intersect(ManyToManyRelationships.Definition d, String from) {
        ManyToManyRelationships relationships = emulator.relationships();
        return new Navigation() {
            @Override
            public String target() {
                return d.other(from);
            }

            @Override
            public Set<String> related(String id) {
                return relationships.related(d, from, id);
            }

            @Override
            public void associate(String id, String targetId) {
                relationships.associate(d, from, id, targetId);
            }

            @Override
            public void disassociate(String id, String targetId) {
                relationships.disassociate(d, from, id, targetId);
            }

            @Override
            public String writePrivilege() {
                // Associating appends a record of one table to a record of the other.
                return Privileges.named("Append", from);
            }
        };
    }
}
