package io.dynamicsdotdigital.emulator.common;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** Scripted faults, consumed in the order they were added by the requests they match. Thread-safe. */
public final class FaultPlan {
    private static final class Entry {
        final Fault fault;
        int remaining;

        Entry(Fault fault, int remaining) {
            this.fault = fault;
            this.remaining = remaining;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    /** The next {@code times} requests that match {@code fault} get it. */
    public synchronized FaultPlan add(Fault fault, int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, was " + times);
        }
        entries.add(new Entry(fault, times));
        return this;
    }

    /** Takes the first fault that matches this request, if any. */
    public synchronized Optional<Fault> take(String method, String path) {
        Iterator<Entry> it = entries.iterator();
        while (it.hasNext()) {
            Entry entry = it.next();
            if (entry.fault.matches(method, path)) {
                if (--entry.remaining == 0) {
                    it.remove();
                }
                return Optional.of(entry.fault);
            }
        }
        return Optional.empty();
    }

    public synchronized int pending() {
        return entries.stream().mapToInt(e -> e.remaining).sum();
    }

    public synchronized void clear() {
        entries.clear();
    }
}
