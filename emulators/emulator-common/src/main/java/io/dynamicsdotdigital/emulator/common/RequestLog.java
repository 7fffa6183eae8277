package io.dynamicsdotdigital.emulator.common;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts requests per endpoint key (for example {@code "GET /api/data/v9.2/contacts"}), so tests can assert call counts. */
public final class RequestLog {
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();

    public void record(String endpoint) {
        counts.computeIfAbsent(endpoint, k -> new AtomicLong()).incrementAndGet();
        total.incrementAndGet();
    }

    public long count(String endpoint) {
        AtomicLong c = counts.get(endpoint);
        return c == null ? 0 : c.get();
    }

    /** Sum over endpoints whose key starts with {@code prefix}. */
    public long countStartingWith(String prefix) {
        return counts.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .mapToLong(e -> e.getValue().get()).sum();
    }

    public long total() {
        return total.get();
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    public void reset() {
        counts.clear();
        total.set(0);
    }
}
