package io.dynamicsdotdigital.dynamics.sink.link;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Email address (lower case) to the CRM records found for it, least recently used dropped first. */
final class LinkCache {
    private final int maxEntries;
    private final Map<String, List<CrmRecord>> entries;

    LinkCache(int maxEntries) {
        this.maxEntries = maxEntries;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, List<CrmRecord>> eldest) {
                return size() > LinkCache.this.maxEntries;
            }
        };
    }

    List<CrmRecord> get(String email) {
        return entries.get(email);
    }

    void put(String email, List<CrmRecord> records) {
        if (maxEntries > 0 && !records.isEmpty()) {
            entries.put(email, List.copyOf(records));
        }
    }

    int size() {
        return entries.size();
    }
}
