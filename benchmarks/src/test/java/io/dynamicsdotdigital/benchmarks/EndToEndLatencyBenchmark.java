package io.dynamicsdotdigital.benchmarks;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Only the end-to-end latency, at the full run's real latency (30 s imports) and 40 edits, for the README figure:
 * {@code mvn -pl benchmarks -am test -Dtest=EndToEndLatencyBenchmark -DexcludedGroups= -Dgroups=benchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}. ./benchmarks.sh (full) measures the same inside ConnectorBenchmark.
 */
@Tag("benchmark")
class EndToEndLatencyBenchmark {
    @Test
    void editInDynamicsUntilUpdatedInDotdigital() throws Exception {
        try (BenchEmulators emulators = new BenchEmulators(500)) {
            EndToEndLatency.Result r = EndToEndLatency.measure(emulators, Scale.FULL);
            System.out.printf("BENCH end-to-end (%s, quickstart settings): median %.1f s, p99 %.1f s over %d edits,"
                    + " %d missed; load %s%n", Latency.REAL.describe(Scale.FULL), r.medianSeconds(), r.p99Seconds(),
                    r.edits(), r.missed(), r.load());
        }
    }
}
