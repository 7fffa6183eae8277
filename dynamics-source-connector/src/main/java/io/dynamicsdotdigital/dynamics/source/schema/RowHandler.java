package io.dynamicsdotdigital.dynamics.source.schema;

import org.apache.kafka.connect.data.Struct;

/** Receives a page's items as Connect values while the page streams in. */
public interface RowHandler {
    /** A created or updated row, converted to the table's value schema. */
    void row(Struct value);

    /** A row deleted since the previous deltaLink (change tracking only). */
    void deleted(String id, String reason);

    /**
     * A row left out because a value could not be read (only with {@code unreadable.row.action=skip}).
     *
     * @param id     the row's primary id, or null when the row had none
     * @param reason names the column and the raw value
     */
    default void skipped(String id, String reason) {
    }
}
