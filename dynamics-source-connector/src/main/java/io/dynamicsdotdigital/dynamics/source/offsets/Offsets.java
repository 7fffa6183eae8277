package io.dynamicsdotdigital.dynamics.source.offsets;

import java.util.Map;

/** Entry point for reading stored offsets. */
public final class Offsets {
    private Offsets() {
    }

    /** Parses a stored offset (null for none); throws IllegalArgumentException on a malformed shape. */
    public static TableOffset parse(Map<String, ?> offset) {
        return TableOffset.parse(offset, false);
    }

    /** As {@link #parse(Map)}, also accepting http:// links where the connector allows plain HTTP. */
    public static TableOffset parse(Map<String, ?> offset, boolean allowPlainHttp) {
        return TableOffset.parse(offset, allowPlainHttp);
    }
}
