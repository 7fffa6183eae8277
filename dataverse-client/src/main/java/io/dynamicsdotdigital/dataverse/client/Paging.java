package io.dynamicsdotdigital.dataverse.client;

/** How a page read asks for its rows. */
public enum Paging {
    /** Plain paging. */
    PLAIN,
    /** Paging with formatted values (option set labels). */
    WITH_LABELS,
    /** Change tracking: deltaLink on the last page; no $filter/$orderby, no annotations. */
    TRACK_CHANGES
}
