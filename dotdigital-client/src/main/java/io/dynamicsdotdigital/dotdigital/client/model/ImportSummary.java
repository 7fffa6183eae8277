package io.dynamicsdotdigital.dotdigital.client.model;

/** The import's counts (v3 {@code summary}, v2 {@code report}); duplicates are duplicateIdentifiers/duplicateEmails. */
public record ImportSummary(int newContacts, int updatedContacts, int globallySuppressed, int invalidEntries,
                            int duplicates) {
    public static final ImportSummary EMPTY = new ImportSummary(0, 0, 0, 0, 0);
}
