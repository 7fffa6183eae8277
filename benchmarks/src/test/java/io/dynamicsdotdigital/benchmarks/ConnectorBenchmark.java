package io.dynamicsdotdigital.benchmarks;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The summary ./benchmarks.sh writes into docs/: every comparison without and with real-service latency, at
 * {@code -Dbench.scale} (quick or full); {@code -Dbench.log} names the Maven log of the same run, from which the
 * parallel-snapshot figures are taken. Prints figures; asserts nothing about speed.
 */
@Tag("benchmark")
class ConnectorBenchmark {
    @Test
    void summary() throws Exception {
        BenchReport report = BenchmarkHarness.run(Scale.fromSystemProperty(), System.getProperty("bench.log"));
        report.write(Path.of("target", "benchmark-report"));
    }
}
