package io.dynamicsdotdigital.dynamics.offsets;

import java.util.Map;

/** Entry point for reading stored offsets. */
public final class Offsets {
    private Offsets() {
    }

    /** Parses a stored offset (null for none); throws IllegalArgumentException on a malformed shape. */
    public static TableOffset parse(Map<String, ?> offset) {
        return TableOffset.parse(offset);
    }
}
