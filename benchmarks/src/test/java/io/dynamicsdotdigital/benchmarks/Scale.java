package io.dynamicsdotdigital.benchmarks;

import java.time.Duration;

/**
 * Sizes of one benchmark run; {@code forked}: each task in a JVM of its own (else in the harness's JVM, without a
 * heap figure); {@code shortWaits}: a 1 s watermark safety delay, 200 ms
 * import flushes and status reads instead of the connectors' defaults (the smoke run only, to stay within seconds).
 * {@code full} is what ./benchmarks.sh runs, {@code quick} its --quick, {@code smoke}
 * the few rows the normal build's smoke test moves to prove the harness and report work.
 */
record Scale(String name, int sourceRows, int sinkContacts, int perRecordSample, int changedRows, int endToEndEdits,
             int memoryRows, Duration realImportTime, boolean realLatency, boolean forked,
             boolean shortWaits) {
    static final Scale FULL = new Scale("full", 100_000, 100_000, 1_000, 2_000, 40, 1_000_000, Duration.ofSeconds(30),
            true, true, false);
    static final Scale QUICK = new Scale("quick", 20_000, 20_000, 200, 1_000, 12, 0, Duration.ofSeconds(3), true, true,
            false);
    static final Scale SMOKE = new Scale("smoke", 500, 200, 10, 10, 0, 0, Duration.ofSeconds(3), false, false,
            true);

    /** From -Dbench.scale (full, quick or smoke; quick when unset). */
    static Scale fromSystemProperty() {
        String name = System.getProperty("bench.scale", "quick");
        return switch (name) {
            case "full" -> FULL;
            case "quick" -> QUICK;
            case "smoke" -> SMOKE;
            default -> throw new IllegalArgumentException("bench.scale must be full, quick or smoke, was " + name);
        };
    }
}
