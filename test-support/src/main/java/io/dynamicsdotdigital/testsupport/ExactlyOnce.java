package io.dynamicsdotdigital.testsupport;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares the keys a connector delivered with the keys the source holds: every expected key exactly once, nothing
 * else. The failure message lists what is missing, what came more than once and what was not expected.
 */
public final class ExactlyOnce {
    private ExactlyOnce() {
    }

    /** The differences, or an empty string when {@code delivered} holds each of {@code expected} exactly once. */
    public static String differences(Set<String> expected, Collection<String> delivered) {
        Map<String, Integer> counts = new HashMap<>();
        delivered.forEach(k -> counts.merge(k, 1, Integer::sum));
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(counts.keySet());
        Map<String, Integer> duplicated = new TreeMap<>();
        Set<String> unexpected = new TreeSet<>();
        counts.forEach((k, n) -> {
            if (!expected.contains(k)) {
                unexpected.add(k);
            } else if (n > 1) {
                duplicated.put(k, n);
            }
        });
        if (missing.isEmpty() && duplicated.isEmpty() && unexpected.isEmpty()) {
            return "";
        }
        return missing.size() + " missing " + first(missing) + ", " + duplicated.size() + " duplicated "
                + first(duplicated.keySet()) + ", " + unexpected.size() + " unexpected " + first(unexpected);
    }

    /** Throws an AssertionError naming the differences unless each expected key came exactly once. */
    public static void check(String what, Set<String> expected, Collection<String> delivered) {
        String diff = differences(expected, delivered);
        if (!diff.isEmpty()) {
            throw new AssertionError(what + ": " + delivered.size() + " delivered for " + expected.size()
                    + " expected: " + diff);
        }
    }

    private static String first(Collection<String> keys) {
        return keys.stream().limit(5).toList().toString();
    }
}
