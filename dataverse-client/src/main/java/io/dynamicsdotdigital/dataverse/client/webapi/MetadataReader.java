package io.dynamicsdotdigital.dataverse.client.webapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamicsdotdigital.dataverse.client.AttributeInfo;
import io.dynamicsdotdigital.dataverse.client.EntityKeys;
import io.dynamicsdotdigital.dataverse.client.EntityMetadata;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads {@code EntityDefinitions(LogicalName='x')} with its attributes into {@link EntityMetadata}. Metadata is small
 * and never paged, so a tree is fine here. Decimal and Money precision come from the derived metadata types; they
 * are asked for only when the first answer did not already carry them.
 */
final class MetadataReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MetadataReader() {
    }

    static EntityMetadata parseDefinition(byte[] body) throws IOException {
        JsonNode root = JSON.readTree(body);
        List<AttributeInfo> attributes = new ArrayList<>();
        for (JsonNode a : root.path("Attributes")) {
            if (a.hasNonNull("AttributeOf") || (a.has("IsValidForRead") && !a.path("IsValidForRead").asBoolean())) {
                // Helper columns (names of lookups, etc.) and write-only columns cannot be selected.
                continue;
            }
            String type = a.path("AttributeType").asText("");
            if (type.isEmpty()) {
                type = typeFromTypeName(a.path("AttributeTypeName").path("Value").asText(""));
            }
            Integer precision = a.hasNonNull("Precision") ? a.path("Precision").asInt() : null;
            attributes.add(new AttributeInfo(a.path("LogicalName").asText(), type, precision));
        }
        return new EntityMetadata(root.path("LogicalName").asText(), root.path("EntitySetName").asText(),
                root.path("PrimaryIdAttribute").asText(), root.path("ChangeTrackingEnabled").asBoolean(false),
                attributes);
    }

    /**
     * Reads {@code {"value":[{"LogicalName":..,"PrimaryIdAttribute":..,"Keys":[{"KeyAttributes":[..]}]}]}}; empty
     * when the answer names no table.
     */
    static Optional<EntityKeys> parseKeys(byte[] body) throws IOException {
        JsonNode table = JSON.readTree(body).path("value").path(0);
        if (table.isMissingNode()) {
            return Optional.empty();
        }
        List<Set<String>> keys = new ArrayList<>();
        for (JsonNode key : table.path("Keys")) {
            Set<String> columns = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            key.path("KeyAttributes").forEach(c -> columns.add(c.asText()));
            keys.add(columns);
        }
        return Optional.of(new EntityKeys(table.path("LogicalName").asText(""),
                table.hasNonNull("PrimaryIdAttribute") ? table.get("PrimaryIdAttribute").asText() : null,
                table.has("Keys") ? keys : null));
    }

    /** {@code StringType} -> {@code String}: for attributes whose AttributeType is missing. */
    static String typeFromTypeName(String typeName) {
        return typeName.endsWith("Type") ? typeName.substring(0, typeName.length() - 4) : typeName;
    }

    /** Reads {@code {"value":[{"LogicalName":..,"Precision":..}]}}. */
    static Map<String, Integer> parsePrecisions(byte[] body) throws IOException {
        Map<String, Integer> out = new HashMap<>();
        for (JsonNode a : JSON.readTree(body).path("value")) {
            if (a.hasNonNull("Precision")) {
                out.put(a.path("LogicalName").asText(), a.path("Precision").asInt());
            }
        }
        return out;
    }

    /** The metadata with the given precisions filled in. */
    static EntityMetadata withPrecisions(EntityMetadata m, Map<String, Integer> precisions) {
        List<AttributeInfo> attributes = new ArrayList<>();
        for (AttributeInfo a : m.attributes()) {
            Integer p = a.precision() != null ? a.precision() : precisions.get(a.logicalName());
            attributes.add(new AttributeInfo(a.logicalName(), a.attributeType(), p));
        }
        return new EntityMetadata(m.logicalName(), m.entitySetName(), m.primaryIdAttribute(),
                m.changeTrackingEnabled(), attributes);
    }
}
