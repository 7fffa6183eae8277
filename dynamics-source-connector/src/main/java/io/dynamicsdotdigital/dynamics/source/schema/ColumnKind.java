package io.dynamicsdotdigital.dynamics.source.schema;

import java.util.Optional;

/** The Connect value kind of a Dataverse attribute type; empty for types that have no readable value. */
public enum ColumnKind {
    STRING, TIMESTAMP, INT32, INT64, FLOAT64, DECIMAL, BOOLEAN;

    /** Maps an {@code AttributeType} as the metadata names it. */
    public static Optional<ColumnKind> of(String attributeType) {
        return Optional.ofNullable(switch (attributeType) {
            case "String", "Memo", "Uniqueidentifier", "EntityName", "Lookup", "Customer", "Owner" -> STRING;
            case "DateTime" -> TIMESTAMP;
            case "Integer", "Picklist", "State", "Status" -> INT32;
            case "BigInt" -> INT64;
            case "Double" -> FLOAT64;
            case "Decimal", "Money" -> DECIMAL;
            case "Boolean" -> BOOLEAN;
            // Virtual, PartyList, CalendarRules, ManagedProperty and anything unknown have no column value.
            default -> null;
        });
    }

    /** Lookups are read through their {@code _<name>_value} column. */
    public static boolean isLookup(String attributeType) {
        return attributeType.equals("Lookup") || attributeType.equals("Customer") || attributeType.equals("Owner");
    }

    public static boolean isOptionSet(String attributeType) {
        return attributeType.equals("Picklist") || attributeType.equals("State") || attributeType.equals("Status");
    }
}
