package io.dynamicsdotdigital.dotdigital.sink.addressbook;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CRM id -> email for the contact records this task has seen, least recently used dropped first. It lets list
 * members and tombstones, which carry only ids, be applied. Limitation: it only knows what this task consumed since
 * it started (see the README).
 */
public final class EmailCache {
    private final LinkedHashMap<String, String> map;

    public EmailCache(int maxEntries) {
        this.map = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > maxEntries;
            }
        };
    }

    public void put(String id, String email) {
        if (id != null && email != null) {
            map.put(id, email);
        }
    }

    public String get(String id) {
        return id == null ? null : map.get(id);
    }

    public int size() {
        return map.size();
    }
}
