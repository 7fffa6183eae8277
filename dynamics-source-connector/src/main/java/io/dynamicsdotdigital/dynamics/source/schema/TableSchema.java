package io.dynamicsdotdigital.dynamics.source.schema;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;

/**
 * The Connect schemas of one table and the lookup from JSON property names to Struct fields. Built once from
 * metadata and reused for every row until the table's columns change.
 *
 * @param logicalName     table logical name
 * @param entitySetName   the Web API collection, e.g. {@code contacts}
 * @param primaryId       the primary id column, e.g. {@code contactid}
 * @param changeTracking  whether the table's metadata has change tracking enabled
 * @param keySchema       the record key Struct schema
 * @param keyColumns      JSON names of the key fields, in key order
 * @param valueSchema     the record value Struct schema (every field optional)
 * @param columns         JSON property name to column
 * @param labelFields     formatted-value annotation name ({@code x@OData.Community.Display.V1.FormattedValue}) to
 *                        the label field; empty when labels are off
 * @param select          the $select list
 */
public record TableSchema(String logicalName, String entitySetName, String primaryId, boolean changeTracking,
                          Schema keySchema, List<String> keyColumns, Schema valueSchema, Map<String, Column> columns,
                          Map<String, Field> labelFields, List<String> select) {

    public Column column(String jsonName) {
        return columns.get(jsonName);
    }

    public boolean keyIsPrimaryId() {
        return keyColumns.size() == 1 && keyColumns.get(0).equals(primaryId);
    }
}
