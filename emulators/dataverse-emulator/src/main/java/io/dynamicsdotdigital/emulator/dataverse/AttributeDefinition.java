package io.dynamicsdotdigital.emulator.dataverse;

import java.util.Objects;

/**
 * One attribute of a table. Lookup-like attributes ({@code parentcustomerid}) are read through the column
 * {@code _parentcustomerid_value}; every other attribute's column has its logical name.
 */
public final class AttributeDefinition {
    private final String logicalName;
    private final AttributeType type;
    private final Integer precision;

    private AttributeDefinition(String logicalName, AttributeType type, Integer precision) {
        this.logicalName = Objects.requireNonNull(logicalName, "logicalName");
        this.type = Objects.requireNonNull(type, "type");
        this.precision = precision;
    }

    public static AttributeDefinition of(String logicalName, AttributeType type) {
        return new AttributeDefinition(logicalName, type, type.hasPrecision() ? 2 : null);
    }

    /** A Decimal or Money attribute with the given number of decimal places. */
    public static AttributeDefinition withPrecision(String logicalName, AttributeType type, int precision) {
        if (!type.hasPrecision()) {
            throw new IllegalArgumentException("Only Decimal and Money attributes have a precision, not " + type);
        }
        return new AttributeDefinition(logicalName, type, precision);
    }

    public String logicalName() {
        return logicalName;
    }

    public AttributeType type() {
        return type;
    }

    /** Decimal places of Decimal/Money attributes, else null. */
    public Integer precision() {
        return precision;
    }

    /** The name of the column in Web API rows. */
    public String columnName() {
        return type.isLookup() ? "_" + logicalName + "_value" : logicalName;
    }

    @Override
    public String toString() {
        return logicalName + ":" + type;
    }
}
