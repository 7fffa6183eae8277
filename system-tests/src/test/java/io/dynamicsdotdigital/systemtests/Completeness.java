package io.dynamicsdotdigital.systemtests;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The failover tests' verdicts: nothing lost, nothing duplicated, with the figures for the report. */
final class Completeness {
    private Completeness() {
    }

    /**
     * A source topic read with read_committed holds each of the {@code expected} source rows exactly once: as many
     * records as distinct keys, as many distinct keys as rows. Returns the figures.
     */
    static String assertExactlyOnce(String what, int expected, CommittedTopic.Contents topic) {
        int records = topic.size();
        int distinct = topic.distinctKeys();
        int duplicates = records - distinct;
        int missing = Math.max(0, expected - distinct);
        String figures = what + ": rows at the source " + expected + ", committed records " + records
                + ", distinct keys " + distinct + ", duplicates " + duplicates + ", missing " + missing;
        if (duplicates != 0 || distinct != expected) {
            throw new AssertionError(figures + (duplicates == 0 ? "" : "; duplicated keys (key=count): "
                    + sample(topic.duplicates().entrySet())));
        }
        return figures;
    }

    /**
     * What a sink wrote, one entry per stored item (a contact, a membership, a row), is exactly {@code expected}:
     * every item once, nothing missing, nothing extra. Returns the figures.
     */
    static String assertAppliedOnce(String what, Set<String> expected, List<String> stored) {
        Set<String> distinct = new HashSet<>(stored);
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(distinct);
        Set<String> extra = new TreeSet<>(distinct);
        extra.removeAll(expected);
        int duplicates = stored.size() - distinct.size();
        String figures = what + ": expected " + expected.size() + ", stored " + stored.size() + ", duplicates "
                + duplicates + ", missing " + missing.size() + ", unexpected " + extra.size();
        if (duplicates != 0 || !missing.isEmpty() || !extra.isEmpty()) {
            throw new AssertionError(figures + "; missing e.g. " + sample(missing) + ", unexpected e.g. "
                    + sample(extra));
        }
        return figures;
    }

    private static String sample(Collection<?> items) {
        return items.stream().limit(5).map(String::valueOf).toList().toString();
    }
}
