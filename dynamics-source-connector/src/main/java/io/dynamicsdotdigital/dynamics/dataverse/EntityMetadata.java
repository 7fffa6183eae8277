package io.dynamicsdotdigital.dynamics.dataverse;

import java.util.List;
import java.util.Optional;

/** What the connector needs to know about a table from {@code EntityDefinitions}. */
public record EntityMetadata(String logicalName, String entitySetName, String primaryIdAttribute,
                             boolean changeTrackingEnabled, List<AttributeInfo> attributes) {
    public EntityMetadata {
        attributes = List.copyOf(attributes);
    }

    public Optional<AttributeInfo> attribute(String logicalName) {
        return attributes.stream().filter(a -> a.logicalName().equals(logicalName)).findFirst();
    }
}
