package io.dynamicsdotdigital.emulator.dataverse;

/** Dataverse attribute types as the metadata API names them ({@code AttributeType} and {@code AttributeTypeName.Value}). */
public enum AttributeType {
    Boolean("BooleanType", "BooleanAttributeMetadata"),
    Customer("CustomerType", "LookupAttributeMetadata"),
    DateTime("DateTimeType", "DateTimeAttributeMetadata"),
    Decimal("DecimalType", "DecimalAttributeMetadata"),
    Double("DoubleType", "DoubleAttributeMetadata"),
    Integer("IntegerType", "IntegerAttributeMetadata"),
    Lookup("LookupType", "LookupAttributeMetadata"),
    Memo("MemoType", "MemoAttributeMetadata"),
    Money("MoneyType", "MoneyAttributeMetadata"),
    Owner("OwnerType", "LookupAttributeMetadata"),
    PartyList("PartyListType", "LookupAttributeMetadata"),
    Picklist("PicklistType", "PicklistAttributeMetadata"),
    State("StateType", "StateAttributeMetadata"),
    Status("StatusType", "StatusAttributeMetadata"),
    String("StringType", "StringAttributeMetadata"),
    Uniqueidentifier("UniqueidentifierType", "UniqueIdentifierAttributeMetadata"),
    CalendarRules("CalendarRulesType", "AttributeMetadata"),
    Virtual("VirtualType", "AttributeMetadata"),
    BigInt("BigIntType", "BigIntAttributeMetadata"),
    ManagedProperty("ManagedPropertyType", "ManagedPropertyAttributeMetadata"),
    EntityName("EntityNameType", "EntityNameAttributeMetadata");

    private final String typeName;
    private final String metadataType;

    AttributeType(String typeName, String metadataType) {
        this.typeName = typeName;
        this.metadataType = metadataType;
    }

    /** The {@code AttributeTypeName.Value} string, e.g. {@code "StringType"}. */
    public String typeName() {
        return typeName;
    }

    /** The derived metadata type used in {@code @odata.type}, e.g. {@code Microsoft.Dynamics.CRM.MoneyAttributeMetadata}. */
    public String metadataType() {
        return "Microsoft.Dynamics.CRM." + metadataType;
    }

    /** Lookups are read as {@code _name_value} columns. */
    public boolean isLookup() {
        return this == Lookup || this == Customer || this == Owner;
    }

    /** Types that have no readable column value. */
    public boolean hasColumn() {
        return this != Virtual && this != PartyList && this != CalendarRules && this != ManagedProperty;
    }

    public boolean hasPrecision() {
        return this == Decimal || this == Money;
    }
}
