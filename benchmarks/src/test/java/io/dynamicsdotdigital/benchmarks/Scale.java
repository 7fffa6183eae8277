package io.dynamicsdotdigital.benchmarks;

import java.time.Duration;

/**
 * Sizes of one benchmark run; {@code forked}: each task in a JVM of its own (else in the harness's JVM, without a
 * heap figure); {@code watermarkSafetyDelayMs}: the watermark mode's safety delay (-1: the connector's default).
 * {@code full} is what ./benchmarks.sh runs, {@code quick} its --quick, {@code smoke}
 * the few rows the normal build's smoke test moves to prove the harness and report work.
 */
record Scale(String name, int sourceRows, int sinkContacts, int perRecordSample, int changedRows, int endToEndEdits,
             int memoryRows, Duration realImportTime, boolean realLatency, boolean forked,
             long watermarkSafetyDelayMs) {
    static final Scale FULL = new Scale("full", 100_000, 100_000, 1_000, 2_000, 40, 1_000_000, Duration.ofSeconds(30),
            true, true, -1);
    static final Scale QUICK = new Scale("quick", 20_000, 20_000, 200, 1_000, 12, 0, Duration.ofSeconds(3), true, true,
            -1);
    static final Scale SMOKE = new Scale("smoke", 1_000, 1_000, 20, 20, 0, 0, Duration.ofSeconds(3), false, false,
            1_000);

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
