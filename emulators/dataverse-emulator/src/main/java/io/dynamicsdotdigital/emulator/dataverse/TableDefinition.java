package io.dynamicsdotdigital.emulator.dataverse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The shape of a table: logical name, entity set name, key, primary name and attributes. Every table also gets
 * {@code createdon}, {@code modifiedon} and {@code versionnumber} and its key attribute.
 */
public final class TableDefinition {
    private final String logicalName;
    private final String entitySetName;
    private final String primaryIdAttribute;
    private final String primaryNameAttribute;
    private final boolean changeTracking;
    private final List<AttributeDefinition> attributes;
    private final List<String> alternateKey;

    private TableDefinition(String logicalName, String entitySetName, String primaryIdAttribute,
                            String primaryNameAttribute, boolean changeTracking, List<AttributeDefinition> attributes,
                            List<String> alternateKey) {
        this.logicalName = Objects.requireNonNull(logicalName);
        this.entitySetName = Objects.requireNonNull(entitySetName);
        this.primaryIdAttribute = Objects.requireNonNull(primaryIdAttribute);
        this.primaryNameAttribute = primaryNameAttribute;
        this.changeTracking = changeTracking;
        List<AttributeDefinition> all = new ArrayList<>();
        all.add(AttributeDefinition.of(primaryIdAttribute, AttributeType.Uniqueidentifier));
        for (AttributeDefinition a : attributes) {
            if (!a.logicalName().equals(primaryIdAttribute) && all.stream().noneMatch(x -> x.logicalName().equals(a.logicalName()))) {
                all.add(a);
            }
        }
        for (AttributeDefinition standard : List.of(AttributeDefinition.of("createdon", AttributeType.DateTime),
                AttributeDefinition.of("modifiedon", AttributeType.DateTime),
                AttributeDefinition.of("versionnumber", AttributeType.BigInt))) {
            if (all.stream().noneMatch(x -> x.logicalName().equals(standard.logicalName()))) {
                all.add(standard);
            }
        }
        this.attributes = Collections.unmodifiableList(all);
        this.alternateKey = List.copyOf(alternateKey);
    }

    /** A custom table (for example {@code esc_...}); the primary name attribute is the first String attribute, if any. */
    public static TableDefinition custom(String logicalName, String entitySetName, String primaryIdAttribute,
                                         boolean changeTracking, AttributeDefinition... attributes) {
        String primaryName = null;
        for (AttributeDefinition a : attributes) {
            if (a.type() == AttributeType.String) {
                primaryName = a.logicalName();
                break;
            }
        }
        return new TableDefinition(logicalName, entitySetName, primaryIdAttribute, primaryName, changeTracking,
                List.of(attributes), List.of());
    }

    public static TableDefinition of(String logicalName, String entitySetName, String primaryIdAttribute,
                                     String primaryNameAttribute, boolean changeTracking,
                                     List<AttributeDefinition> attributes) {
        return new TableDefinition(logicalName, entitySetName, primaryIdAttribute, primaryNameAttribute,
                changeTracking, attributes, List.of());
    }

    /** A copy with an alternate key (column names) usable in {@code PATCH set(col='v')} upserts. */
    public TableDefinition withAlternateKey(String... columns) {
        return new TableDefinition(logicalName, entitySetName, primaryIdAttribute, primaryNameAttribute,
                changeTracking, attributes, List.of(columns));
    }

    public TableDefinition withChangeTracking(boolean enabled) {
        return new TableDefinition(logicalName, entitySetName, primaryIdAttribute, primaryNameAttribute,
                enabled, attributes, alternateKey);
    }

    public String logicalName() {
        return logicalName;
    }

    public String entitySetName() {
        return entitySetName;
    }

    public String primaryIdAttribute() {
        return primaryIdAttribute;
    }

    public String primaryNameAttribute() {
        return primaryNameAttribute;
    }

    public boolean changeTracking() {
        return changeTracking;
    }

    /** All attributes, key first, then the declared ones, then createdon/modifiedon/versionnumber. */
    public List<AttributeDefinition> attributes() {
        return attributes;
    }

    public List<String> alternateKey() {
        return alternateKey;
    }
}
