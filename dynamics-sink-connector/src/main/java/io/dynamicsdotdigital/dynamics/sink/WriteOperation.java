package io.dynamicsdotdigital.dynamics.sink;

import io.dynamicsdotdigital.dataverse.client.WriteRequest;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * One Dataverse write for one record.
 *
 * @param record  the record it comes from, for the dead-letter queue
 * @param request the write; for update_matching before the lookup, a PATCH without a path whose body the matched
 *                rows will get
 * @param match   for update_matching: the value of the match column whose rows get the body; else null
 */
record WriteOperation(SinkRecord record, WriteRequest request, Object match) {

    String method() {
        return request.method();
    }

    String path() {
        return request.path();
    }

    /** An update of a row found by update_matching: sent with If-Match: * so it never creates the row again. */
    boolean updateOnly() {
        return request.updateOnly();
    }

    /** The same record and match with another request. */
    WriteOperation with(WriteRequest other) {
        return new WriteOperation(record, other, match);
    }
}
