package io.dynamicsdotdigital.dataverse.client;

/**
 * One column as the metadata describes it.
 *
 * @param logicalName   e.g. {@code parentcustomerid}
 * @param attributeType e.g. {@code Customer} (the {@code AttributeType} value)
 * @param precision     decimal places of Decimal and Money columns, else null
 */
public record AttributeInfo(String logicalName, String attributeType, Integer precision) {
}
