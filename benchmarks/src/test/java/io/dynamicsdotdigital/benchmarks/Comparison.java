package io.dynamicsdotdigital.benchmarks;

/**
 * Our way and the alternative, measured in the same run at the same latency. {@code speedup} is our rows/s over
 * theirs; {@code callSaving} their calls per 10,000 rows over ours.
 */
record Comparison(String connector, String question, Latency latency, Figure ours, Figure alternative) {
    double speedup() {
        return alternative.rowsPerSecond() == 0 ? 0 : ours.rowsPerSecond() / alternative.rowsPerSecond();
    }

    double callSaving() {
        return ours.callsPer10k() == 0 ? 0 : alternative.callsPer10k() / ours.callsPer10k();
    }
}
