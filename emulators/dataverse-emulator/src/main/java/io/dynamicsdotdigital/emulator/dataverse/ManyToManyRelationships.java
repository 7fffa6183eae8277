package io.dynamicsdotdigital.emulator.dataverse;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * N:N relationships kept in an intersect table, as Dataverse does for custom many-to-many relationships. For a
 * relationship between two different tables the Web API names the collection-valued navigation property on both
 * sides after the relationship's schema name, so {@code esc_emailsends(id)/esc_emailsend_list} reads an Email
 * Send's lists and {@code lists(id)/esc_emailsend_list} a list's Email Sends. Static marketing list members are not
 * here: they are {@code listmember} rows ({@link Navigations}).
 */
final class ManyToManyRelationships {
    /** A relationship between {@code entity1} and {@code entity2} (logical names). */
    record Definition(String schemaName, String entity1, String entity2) {
        /** The table on the other side of {@code from}. */
        String other(String from) {
            return from.equals(entity1) ? entity2 : entity1;
        }
    }

    /**
     * The replaced product's Email Send <-> marketing list relationship. Its schema name is an ASSUMPTION of this
     * project (the product's schema is not published), documented in docs/campaign-sends.md.
     */
    static final Definition EMAIL_SEND_LISTS = new Definition("esc_emailsend_list", "esc_emailsend", "list");

    private final Map<String, Definition> definitions = Map.of(EMAIL_SEND_LISTS.schemaName(), EMAIL_SEND_LISTS);
    /** Intersect rows: relationship name, then the entity1 id, then the entity2 id. */
    private final Set<List<String>> rows = ConcurrentHashMap.newKeySet();

    /** The relationship whose navigation property {@code navigation} the table {@code from} has, or null. */
    Definition byNavigation(String from, String navigation) {
        Definition d = definitions.get(navigation);
        return d != null && (d.entity1().equals(from) || d.entity2().equals(from)) ? d : null;
    }

    Definition byName(String schemaName) {
        Definition d = definitions.get(schemaName);
        if (d == null) {
            throw new NoSuchElementException("No N:N relationship '" + schemaName + "'; known: "
                    + definitions.keySet());
        }
        return d;
    }

    /** Associating twice changes nothing, as in Dataverse. */
    void associate(Definition d, String from, String fromId, String toId) {
        rows.add(row(d, from, fromId, toId));
    }

    /** @return false when the two were not associated */
    boolean disassociate(Definition d, String from, String fromId, String toId) {
        return rows.remove(row(d, from, fromId, toId));
    }

    /** The ids of the rows on the other side related to {@code fromId} of table {@code from}. */
    Set<String> related(Definition d, String from, String fromId) {
        String id = Values.guid(fromId);
        boolean first = from.equals(d.entity1());
        return rows.stream().filter(r -> r.get(0).equals(d.schemaName()) && r.get(first ? 1 : 2).equals(id))
                .map(r -> r.get(first ? 2 : 1)).collect(Collectors.toSet());
    }

    private static List<String> row(Definition d, String from, String fromId, String toId) {
        String a = Values.guid(fromId);
        String b = Values.guid(toId);
        return from.equals(d.entity1()) ? List.of(d.schemaName(), a, b) : List.of(d.schemaName(), b, a);
    }
}
