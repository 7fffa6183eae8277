package io.dynamicsdotdigital.dynamics.source.schema;

import org.apache.kafka.connect.data.Field;

/**
 * A column of the value Struct and how to convert its JSON value.
 *
 * @param jsonName the property name in the Web API's rows (and in $select), e.g. {@code _parentcustomerid_value}
 * @param field    the Struct field
 * @param kind     the conversion
 * @param scale    decimal places for {@link ColumnKind#DECIMAL}, else 0
 */
public record Column(String jsonName, Field field, ColumnKind kind, int scale) {
}
