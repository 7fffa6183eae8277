package io.dynamicsdotdigital.dotdigital.client.model;

/** How imported values merge with the contact's existing data; each API spells the options its own way. */
public enum MergeOption {
    OVERWRITE("overwrite", "Overwrite"),
    OVERWRITE_IF_NOT_EMPTY("overwriteIfNotEmpty", "OnlyOverwriteIfNotEmpty"),
    OVERWRITE_IF_EMPTY("overwriteIfEmpty", "OnlyOverwriteIfContactDataNotPopulated");

    private final String v3Name;
    private final String v2Name;

    MergeOption(String v3Name, String v2Name) {
        this.v3Name = v3Name;
        this.v2Name = v2Name;
    }

    /** The v3 import body's {@code mergeOption} value. */
    public String v3Name() {
        return v3Name;
    }

    /** The v2 {@code with-merge-option/{mergeOption}} path segment. */
    public String v2Name() {
        return v2Name;
    }
}
