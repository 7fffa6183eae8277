package io.dynamicsdotdigital.dotdigital.client.model;

/** Which bulk import API carries a {@link ContactImport}. */
public enum ImportApi {
    /** v3 {@code PUT /contacts/v3/import}: JSON, lists optional, per-contact failures in the status. */
    V3_JSON,
    /** v2 CSV import into one address book, faults read from {@code report-faults}. */
    V2_CSV
}
