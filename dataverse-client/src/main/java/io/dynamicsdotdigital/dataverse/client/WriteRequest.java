package io.dynamicsdotdigital.dataverse.client;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One write (or lookup) for a {@link DataverseClient#write} batch, addressed the way the Web API addresses rows.
 *
 * @param method     PATCH (upsert or update), POST (create), DELETE, or GET (a lookup)
 * @param path       relative to the Web API root, e.g. {@code esc_things(esc_key='a')} or {@code contacts?$filter=..}
 * @param body       the row's columns; null for DELETE and GET
 * @param updateOnly send {@code If-Match: *} so a PATCH never creates a row that is gone
 */
public record WriteRequest(String method, String path, ObjectNode body, boolean updateOnly) {
    public static WriteRequest of(String method, String path, ObjectNode body) {
        return new WriteRequest(method, path, body, false);
    }
}
