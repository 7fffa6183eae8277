package io.dynamicsdotdigital.dynamics.source;

import java.util.Locale;

/** How a table is read after (or instead of) its initial load. */
public enum TableMode {
    /** Change tracking when the table's metadata has it enabled and no filter is set, otherwise watermark. */
    AUTO,
    /** Initial snapshot with {@code Prefer: odata.track-changes}, then the deltaLink. */
    CHANGE_TRACKING,
    /** Keyset paging on (modifiedon, versionnumber); deletes are not seen. */
    WATERMARK;

    public static TableMode parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
