package io.dynamicsdotdigital.emulator.dataverse;

/** A deleted row as change tracking reports it. */
final class Tombstone {
    final String id;
    final long version;

    Tombstone(String id, long version) {
        this.id = id;
        this.version = version;
    }
}
