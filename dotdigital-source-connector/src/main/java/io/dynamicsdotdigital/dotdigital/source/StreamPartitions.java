package io.dynamicsdotdigital.dotdigital.source;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Source partitions: one per stream, or per stream and campaign (address book, survey, preference) for scoped
 * streams, e.g. {@code {"stream":"campaign-clicks","campaignId":"42","protocol":"1"}}. The protocol field lets a
 * later offset format read this one. Ids are strings so the JSON offset store gives back exactly what was written.
 */
public final class StreamPartitions {
    public static final String STREAM = "stream";
    public static final String PROTOCOL = "protocol";
    public static final String PROTOCOL_VERSION = "1";

    private StreamPartitions() {
    }

    /**
     * The partition map in HashMap order: Connect's offset store keys partitions by their serialized JSON, and the
     * worker itself rebuilds partitions as HashMaps (offsets REST API, offset listing), so only HashMap order makes
     * the same bytes everywhere. (Map.copyOf's order even changes from one JVM to the next.)
     */
    public static Map<String, String> of(StreamName stream, Long scopeId) {
        Map<String, String> p = new HashMap<>();
        p.put(STREAM, stream.configName());
        String field = stream.scope().partitionField();
        if (field != null) {
            if (scopeId == null) {
                throw new IllegalArgumentException("stream " + stream + " needs a " + field);
            }
            p.put(field, Long.toString(scopeId));
        }
        p.put(PROTOCOL, PROTOCOL_VERSION);
        return Collections.unmodifiableMap(p);
    }

    /** True for a partition of a campaign stream (one per campaign). */
    public static boolean campaignScoped(Map<String, ?> partition) {
        return partition.containsKey(StreamName.Scope.CAMPAIGN.partitionField());
    }

    /**
     * Checks a partition map as given to {@code alterOffsets}; returns the stream, or throws with a message naming
     * the field at fault.
     */
    public static StreamName validate(Map<String, ?> partition) {
        if (partition == null) {
            throw new IllegalArgumentException("source partition is missing");
        }
        Object stream = partition.get(STREAM);
        if (!(stream instanceof String name)) {
            throw new IllegalArgumentException("source partition " + partition + " has no string field '" + STREAM
                    + "'; expected one of " + StreamName.allConfigNames());
        }
        StreamName s = StreamName.fromConfigName(name).orElseThrow(() -> new IllegalArgumentException(
                "source partition " + partition + " names unknown stream '" + name + "'; expected one of "
                        + StreamName.allConfigNames()));
        Object protocol = partition.get(PROTOCOL);
        if (!PROTOCOL_VERSION.equals(protocol)) {
            throw new IllegalArgumentException("source partition " + partition + " must have \"" + PROTOCOL
                    + "\":\"" + PROTOCOL_VERSION + "\"");
        }
        String field = s.scope().partitionField();
        Set<String> allowed = field == null ? Set.of(STREAM, PROTOCOL) : Set.of(STREAM, PROTOCOL, field);
        for (String key : partition.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("source partition " + partition + " has unknown field '" + key
                        + "'; stream " + s + " partitions have " + allowed);
            }
        }
        if (field != null) {
            Object id = partition.get(field);
            if (!(id instanceof String text) || !text.matches("[0-9]{1,18}")) {
                throw new IllegalArgumentException("source partition " + partition + " of stream " + s
                        + " needs \"" + field + "\" as a string of digits");
            }
        }
        return s;
    }
}
