package io.dynamicsdotdigital.dynamics.source;

/** Names of the headers every record carries. */
public final class RecordHeaders {
    /** The table's logical name. */
    public static final String TABLE = "dynamics.table";
    /** {@code upsert} or {@code delete}. */
    public static final String OPERATION = "dynamics.operation";
    /** The row's versionnumber (upserts only). */
    public static final String VERSION = "dynamics.version";
    /** {@code true} on rows read again in full after the table's delta token expired. */
    public static final String RESNAPSHOT = "dynamics.resnapshot";

    public static final String UPSERT = "upsert";
    public static final String DELETE = "delete";

    private RecordHeaders() {
    }
}
