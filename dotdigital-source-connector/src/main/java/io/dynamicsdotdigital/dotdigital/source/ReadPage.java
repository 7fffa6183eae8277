package io.dynamicsdotdigital.dotdigital.source;

import io.dynamicsdotdigital.dotdigital.source.mapping.StreamRow;
import java.util.List;
import java.util.Map;

/**
 * One page of a read, after dedup.
 *
 * @param rows       the rows to emit, in page order
 * @param before     the offset the page started at (for every record but the last)
 * @param after      the offset after the page (for the last record)
 * @param duplicates rows of the page suppressed as already emitted
 * @param last       the read reached its end with this page
 */
record ReadPage(List<StreamRow> rows, Map<String, Object> before, Map<String, Object> after, long duplicates,
                boolean last) {
}
