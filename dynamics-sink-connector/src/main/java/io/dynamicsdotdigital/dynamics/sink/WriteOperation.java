package io.dynamicsdotdigital.dynamics.sink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * One Web API write for one record.
 *
 * @param record the record it comes from, for the dead-letter queue
 * @param method PATCH (upsert), POST (create) or DELETE
 * @param path   relative to the Web API root, e.g. {@code esc_things(esc_key='a')}
 * @param body   the row's columns; null for DELETE
 */
record WriteOperation(SinkRecord record, String method, String path, ObjectNode body) {
}
