package io.dynamicsdotdigital.dynamics.sink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * One Web API write for one record.
 *
 * @param record the record it comes from, for the dead-letter queue
 * @param method PATCH (upsert), POST (create) or DELETE
 * @param path   relative to the Web API root, e.g. {@code esc_things(esc_key='a')}
 * @param body   the row's columns; null for DELETE; on a GET (an update_matching lookup) the columns the matched
 *               rows will get, not sent
 * @param match  for update_matching: the value of the match column whose rows get {@code body}; else null
 */
record WriteOperation(SinkRecord record, String method, String path, ObjectNode body, Object match) {
    WriteOperation(SinkRecord record, String method, String path, ObjectNode body) {
        this(record, method, path, body, null);
    }

    /** An update of a row found by update_matching: sent with If-Match: * so it never creates the row again. */
    boolean updateOnly() {
        return match != null && method.equals("PATCH") && path != null;
    }
}
