package io.dynamicsdotdigital.dynamics.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The ids in the answer to a match lookup: {@code {"value":[{"contactid":"..."}, ...]}}. */
final class MatchedIds {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MatchedIds() {
    }

    static List<String> read(String body, String idColumn) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the lookup answer is not JSON: " + io.dynamicsdotdigital.dataverse.client.DataverseError.abbreviate(body));
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode row : root.path("value")) {
            JsonNode id = row.get(idColumn);
            if (id == null || !id.isTextual()) {
                throw new IllegalArgumentException("the lookup answer has a row without '" + idColumn
                        + "'; check match.id.column");
            }
            ids.add(id.asText());
        }
        return ids;
    }
}
