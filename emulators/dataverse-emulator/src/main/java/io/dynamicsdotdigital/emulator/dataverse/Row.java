package io.dynamicsdotdigital.emulator.dataverse;

/** One immutable version of a row: a change replaces the whole object, so readers never need a lock. */
final class Row {
    final String id;
    /** Column values by column index; the array may be shorter than the table's columns (added later: null). */
    final Object[] values;
    final long version;
    /** {@code W/"<version>"}, rendered once: every read of the row sends it. */
    final String etag;

    Row(String id, Object[] values, long version) {
        this.id = id;
        this.values = values;
        this.version = version;
        this.etag = "W/\"" + version + "\"";
    }

    Object get(int column) {
        return column < values.length ? values[column] : null;
    }
}
