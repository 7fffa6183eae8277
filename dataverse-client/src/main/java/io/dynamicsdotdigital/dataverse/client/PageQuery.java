package io.dynamicsdotdigital.dataverse.client;

import java.time.Instant;
import java.util.List;

/** Which page of a table to read: the first page of a full read, a keyset (watermark) page, or a returned link. */
public sealed interface PageQuery {

    /**
     * First page of a full read, with change tracking or not.
     *
     * @param select the columns to read; empty for every column
     */
    record Snapshot(String entitySet, List<String> select, Paging paging) implements PageQuery {
        public Snapshot {
            select = List.copyOf(select);
        }
    }

    /**
     * One keyset page: rows after (modifiedOn, version) and before {@code upperBound}, oldest first. With no
     * position yet ({@code modifiedOn} null), {@code from} (inclusive, may be null) bounds the start instead.
     *
     * @param extraFilter an OData filter added with "and"; empty or null for none
     * @param labels      ask for formatted values (option set labels)
     */
    record Watermark(String entitySet, List<String> select, Instant modifiedOn, long version, Instant from,
                     Instant upperBound, String extraFilter, boolean labels) implements PageQuery {
        public Watermark {
            select = List.copyOf(select);
        }
    }

    /**
     * A nextLink or deltaLink the service returned, with the same paging as the page it came from.
     *
     * @param entitySet the entity set the link reads, for metrics and errors
     */
    record Follow(String entitySet, String link, Paging paging) implements PageQuery {
    }
}
