package io.dynamicsdotdigital.dataverse.client;

import java.util.List;
import java.util.Set;

/**
 * A table's primary id and alternate keys, from {@code EntityDefinitions?$expand=Keys}.
 *
 * @param logicalName        the table's logical name
 * @param primaryIdAttribute the primary id column, e.g. {@code contactid}; null when the answer did not say
 * @param alternateKeys      the columns of each alternate key (case-insensitive sets); null when the answer did not
 *                           list keys
 */
public record EntityKeys(String logicalName, String primaryIdAttribute, List<Set<String>> alternateKeys) {
    public EntityKeys {
        alternateKeys = alternateKeys == null ? null : List.copyOf(alternateKeys);
    }
}
