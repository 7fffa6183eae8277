package io.dynamicsdotdigital.dataverse.client;

import java.util.List;
import java.util.Optional;

/** What the connector needs to know about a table from {@code EntityDefinitions}. */
public record EntityMetadata(String logicalName, String entitySetName, String primaryIdAttribute,
                             boolean changeTrackingEnabled, List<AttributeInfo> attributes) {
    /** The scale of Decimal and Money columns whose precision the service does not report. */
    public static final int DEFAULT_DECIMAL_SCALE = 2;

    public EntityMetadata {
        attributes = List.copyOf(attributes);
    }

    public Optional<AttributeInfo> attribute(String logicalName) {
        return attributes.stream().filter(a -> a.logicalName().equals(logicalName)).findFirst();
    }
}
