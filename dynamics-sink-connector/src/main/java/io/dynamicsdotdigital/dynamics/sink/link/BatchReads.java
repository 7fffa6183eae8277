package io.dynamicsdotdigital.dynamics.sink.link;

import java.util.List;

/** Runs GET requests together in one Web API $batch. */
public interface BatchReads {
    /**
     * @param paths requests relative to the Web API root, e.g. {@code contacts?$select=contactid&$filter=...}
     * @return the answer bodies, in request order
     * @throws org.apache.kafka.connect.errors.ConnectException naming the request when one is refused
     */
    List<String> read(List<String> paths);
}
