package io.dynamicsdotdigital.dynamics.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
