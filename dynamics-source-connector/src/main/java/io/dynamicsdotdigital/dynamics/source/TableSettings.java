package io.dynamicsdotdigital.dynamics.source;

import java.util.List;

/**
 * Per-table settings.
 *
 * @param logicalName the table's logical name, e.g. {@code contact}
 * @param columns     the columns to read; empty for every readable column from metadata
 * @param filter      an OData filter added in watermark mode; empty for none
 * @param mode        how to read the table incrementally
 * @param topic       the Kafka topic of the table's records
 */
public record TableSettings(String logicalName, List<String> columns, String filter, TableMode mode, String topic) {
    public TableSettings {
        columns = List.copyOf(columns);
    }
}
