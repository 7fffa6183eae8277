package io.dynamicsdotdigital.dataverse.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Receives the rows of a page as the client streams them, property by property, so no page is ever held as a tree.
 * For each item: {@link #beginRow()}, then {@link #column} or {@link #annotation} per property, then either
 * {@link #endRow()} or, for an item that reports a deleted row, {@link #deleted}.
 */
public interface RowReader {
    /** A new item begins. */
    void beginRow();

    /**
     * A property of the item. The parser stands on the value's first token ({@code token}).
     *
     * @return false when the reader has no such column; the client then skips the value and reports the name in
     *         {@link PageResult#unknownColumns()}
     */
    boolean column(String name, JsonToken token, JsonParser parser) throws IOException;

    /**
     * An instance annotation such as {@code statecode@OData.Community.Display.V1.FormattedValue}.
     *
     * @return false when the reader does not use it (the client skips it)
     */
    boolean annotation(String name, JsonParser parser) throws IOException;

    /** The item was a created or updated row and is complete. */
    void endRow();

    /** The item reported a row deleted since the previous deltaLink (change tracking only). */
    void deleted(String id, String reason);
}
