package io.dynamicsdotdigital.dynamics.source.lists;

import com.fasterxml.jackson.databind.JsonNode;
import io.dynamicsdotdigital.dataverse.client.DataverseClient;
import io.dynamicsdotdigital.dataverse.client.EntityMetadata;
import io.dynamicsdotdigital.dataverse.client.FetchXmlPage;
import io.dynamicsdotdigital.dataverse.client.FetchXmlPages;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Dataverse reads behind dynamic lists, all through FetchXML: the dynamic lists (one call per 5,000 lists), one
 * list row, and a list's members (ceil(members / 5,000) calls).
 */
final class DynamicListQueries {
    /** What one evaluation found: the query's table and every matching row id. */
    record Evaluation(String entityName, MemberIdSet members, int calls) {
    }

    /** The list matches more rows than the membership store keeps per list. */
    static final class TooManyMembers extends IllegalStateException {
        TooManyMembers(String message) {
            super(message);
        }
    }

    private final DataverseClient client;
    private final int maxMembers;
    private final Map<String, EntityMetadata> metadata = new HashMap<>();

    DynamicListQueries(DataverseClient client, int maxMembers) {
        this.client = client;
        this.maxMembers = maxMembers;
    }

    /** Every list whose type is dynamic, by id. */
    Map<String, DynamicList> dynamicLists() {
        Map<String, DynamicList> lists = new LinkedHashMap<>();
        FetchXmlPages pages = new FetchXmlPages(client, "lists", "<fetch><entity name=\"list\">"
                + "<attribute name=\"listid\"/><attribute name=\"type\"/><attribute name=\"query\"/>"
                + "<filter><condition attribute=\"type\" operator=\"eq\" value=\"1\"/></filter>"
                + "<order attribute=\"listid\"/></entity></fetch>", FetchXmlPages.MAX_PAGE_SIZE,
                "read of the dynamic marketing lists");
        while (pages.hasNext()) {
            for (JsonNode row : pages.next().rows()) {
                DynamicList list = listOf(row);
                lists.put(list.listId(), list);
            }
        }
        return lists;
    }

    /** One list row; empty when the list no longer exists. */
    Optional<DynamicList> list(String listId) {
        if (!MemberIdSet.isGuid(listId)) {
            return Optional.empty();
        }
        FetchXmlPage page = client.readFetchXmlPage("lists", "<fetch count=\"1\"><entity name=\"list\">"
                + "<attribute name=\"listid\"/><attribute name=\"type\"/><attribute name=\"query\"/>"
                + "<filter><condition attribute=\"listid\" operator=\"eq\" value=\"" + listId + "\"/></filter>"
                + "</entity></fetch>", "read of marketing list " + listId);
        return page.rows().isEmpty() ? Optional.empty() : Optional.of(listOf(page.rows().get(0)));
    }

    /** The members a static list has as listmember rows (a list that stopped being dynamic keeps these). */
    MemberIdSet staticMembers(String listId) {
        FetchXmlPages pages = new FetchXmlPages(client, "listmembers", "<fetch><entity name=\"listmember\">"
                + "<attribute name=\"entityid\"/><filter><condition attribute=\"listid\" operator=\"eq\" value=\""
                + listId + "\"/></filter></entity></fetch>", FetchXmlPages.MAX_PAGE_SIZE,
                "read of the static members of list " + listId);
        MemberIdSet.Builder members = new MemberIdSet.Builder();
        while (pages.hasNext()) {
            for (JsonNode row : pages.next().rows()) {
                JsonNode id = row.get("_entityid_value");
                if (id != null && id.isTextual()) {
                    members.add(id.asText());
                }
            }
        }
        return members.build();
    }

    /**
     * Runs the list's query to its last page.
     *
     * @throws IllegalArgumentException when the query is not usable FetchXML or a row lacks its id
     * @throws TooManyMembers           when the list has more members than the membership store keeps
     */
    Evaluation evaluate(DynamicList list) {
        String entity = FetchXmlPages.entityName(list.query());
        EntityMetadata m = metadata.computeIfAbsent(entity, client::metadata);
        FetchXmlPages pages = new FetchXmlPages(client, m.entitySetName(), list.query(), FetchXmlPages.MAX_PAGE_SIZE,
                "evaluation of dynamic list " + list.listId());
        MemberIdSet.Builder members = new MemberIdSet.Builder();
        int calls = 0;
        while (pages.hasNext()) {
            FetchXmlPage page = pages.next();
            calls++;
            for (JsonNode row : page.rows()) {
                JsonNode id = row.get(m.primaryIdAttribute());
                if (id == null || !id.isTextual()) {
                    throw new IllegalArgumentException("a row of dynamic list " + list.listId() + "'s query has no "
                            + m.primaryIdAttribute() + "; add <attribute name=\"" + m.primaryIdAttribute()
                            + "\"/> to the query");
                }
                members.add(id.asText());
            }
            if (members.size() > maxMembers) {
                throw new TooManyMembers("dynamic list " + list.listId() + " matches more than " + maxMembers
                        + " rows, more than the membership state kept in source offsets holds (at most " + maxMembers
                        + " per list)");
            }
        }
        return new Evaluation(entity, members.build(), calls);
    }

    private static DynamicList listOf(JsonNode row) {
        JsonNode query = row.get("query");
        return new DynamicList(row.path("listid").asText(), row.path("type").asBoolean(false),
                query == null || query.isNull() ? null : query.asText());
    }
}
