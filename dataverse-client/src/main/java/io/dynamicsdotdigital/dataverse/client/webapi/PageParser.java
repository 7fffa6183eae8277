package io.dynamicsdotdigital.dataverse.client.webapi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.dynamicsdotdigital.dataverse.client.PageResult;
import io.dynamicsdotdigital.dataverse.client.RowReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Streams a Web API page ({@code {"value":[...],"@odata.nextLink":...,"@odata.deltaLink":...}}) from the response
 * body into a {@link RowReader}, property by property: no JSON tree and no copy of the page in memory.
 */
public final class PageParser {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final String DELETED_ENTITY = "$deletedEntity";

    private PageParser() {
    }

    /** @param entitySet names the table in errors */
    public static PageResult parse(InputStream body, String entitySet, RowReader rows) throws IOException {
        String nextLink = null;
        String deltaLink = null;
        int items = 0;
        Set<String> unknown = null;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ConnectException("Dataverse answered " + entitySet
                        + " with something other than a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "@odata.nextLink" -> nextLink = p.getValueAsString();
                    case "@odata.deltaLink" -> deltaLink = p.getValueAsString();
                    case "value" -> {
                        if (t != JsonToken.START_ARRAY) {
                            throw new ConnectException("Dataverse page of " + entitySet
                                    + " has a \"value\" that is not an array");
                        }
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            unknown = readItem(p, entitySet, rows, unknown);
                            items++;
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        }
        return new PageResult(items, nextLink, deltaLink, unknown == null ? Set.of() : unknown);
    }

    private static Set<String> readItem(JsonParser p, String entitySet, RowReader rows, Set<String> unknown)
            throws IOException {
        rows.beginRow();
        boolean deleted = false;
        String id = null;
        String reason = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (name.indexOf('@') >= 0) {
                if (name.equals("@odata.context")) {
                    deleted = p.getValueAsString("").endsWith(DELETED_ENTITY);
                } else if (!rows.annotation(name, p)) {
                    p.skipChildren();
                }
                continue;
            }
            if (rows.column(name, t, p)) {
                continue;
            }
            if (name.equals("id") && t == JsonToken.VALUE_STRING) {
                id = p.getText();
            } else if (name.equals("reason") && t == JsonToken.VALUE_STRING) {
                reason = p.getText();
            } else {
                if (unknown == null) {
                    unknown = new HashSet<>();
                }
                unknown.add(name);
                p.skipChildren();
            }
        }
        if (deleted) {
            if (id == null) {
                throw new ConnectException("Dataverse reported a deleted row of " + entitySet + " without an id");
            }
            rows.deleted(id, reason == null ? "deleted" : reason);
        } else {
            rows.endRow();
        }
        return unknown;
    }
}
