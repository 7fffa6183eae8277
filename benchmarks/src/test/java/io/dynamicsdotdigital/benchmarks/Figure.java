package io.dynamicsdotdigital.benchmarks;

/**
 * One measured run: {@code rows} moved in {@code seconds} with {@code calls} API calls. {@code peakHeapMb} is the
 * forked task JVM's peak heap (negative when the run was in the harness's own JVM, which also holds the emulators, so
 * it has no heap figure of its own). {@code load} is /proc/loadavg when the run ended.
 */
record Figure(String variant, long rows, double seconds, long calls, double peakHeapMb, String load, String note) {
    double rowsPerSecond() {
        return seconds <= 0 ? 0 : rows / seconds;
    }

    double callsPer10k() {
        return rows == 0 ? 0 : calls * 10_000.0 / rows;
    }

    boolean hasHeap() {
        return peakHeapMb >= 0;
    }

    Figure withNote(String more) {
        return new Figure(variant, rows, seconds, calls, peakHeapMb, load, note.isEmpty() ? more : note + "; " + more);
    }
}
