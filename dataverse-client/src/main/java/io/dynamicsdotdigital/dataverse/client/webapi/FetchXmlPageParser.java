package io.dynamicsdotdigital.dataverse.client.webapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamicsdotdigital.dataverse.client.FetchXmlPage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads a FetchXML answer: {@code value}, the morerecords flag and the paging cookie annotation. */
final class FetchXmlPageParser {
    static final String COOKIE = "@Microsoft.Dynamics.CRM.fetchxmlpagingcookie";
    static final String MORE_RECORDS = "@Microsoft.Dynamics.CRM.morerecords";
    private static final ObjectMapper JSON = new ObjectMapper();

    private FetchXmlPageParser() {
    }

    static FetchXmlPage parse(byte[] body) throws IOException {
        JsonNode root = JSON.readTree(body);
        if (root == null || !root.path("value").isArray()) {
            throw new IOException("the answer has no value array");
        }
        List<JsonNode> rows = new ArrayList<>(root.get("value").size());
        root.get("value").forEach(rows::add);
        JsonNode cookie = root.get(COOKIE);
        return new FetchXmlPage(rows, root.path(MORE_RECORDS).asBoolean(false),
                cookie == null || cookie.isNull() ? null : cookie.asText());
    }
}
