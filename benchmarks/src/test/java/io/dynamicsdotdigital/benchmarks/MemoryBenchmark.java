package io.dynamicsdotdigital.benchmarks;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Only the memory runs of the full benchmark: {@code -Dbench.memory.rows} (1,000,000 when unset) contacts through a
 * Dynamics source snapshot and through the Dotdigital sink, each task in a forked JVM under -Xmx256m; the harness
 * JVM holding the emulators needs {@code -Dbenchmark.heap=6g}. ./benchmarks.sh (full) runs the same inside
 * ConnectorBenchmark. Prints peak heap and pass/fail; {@code -Dbench.memory.only=source} or {@code sink} runs one.
 */
@Tag("benchmark")
class MemoryBenchmark {
    @Test
    void millionRowsUnder256MegabytesOfHeap() {
        String only = System.getProperty("bench.memory.only", "");
        BenchmarkHarness.memoryRuns(Scale.FULL, Integer.getInteger("bench.memory.rows", Scale.FULL.memoryRows()),
                !only.equals("sink"), !only.equals("source"));
    }
}
