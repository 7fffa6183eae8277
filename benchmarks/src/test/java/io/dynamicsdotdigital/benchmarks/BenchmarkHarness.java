package io.dynamicsdotdigital.benchmarks;

import java.util.List;

/**
 * Runs every comparison at a {@link Scale}, first with no added latency and then (unless the scale is the smoke one)
 * at real-service latency, and the memory and end-to-end runs where the scale has them.
 */
final class BenchmarkHarness {
    static final String TASK_HEAP = "256m";

    private BenchmarkHarness() {
    }

    static BenchReport run(Scale scale, String parallelSnapshotLog) throws InterruptedException {
        BenchReport report = new BenchReport(scale);
        List<Latency> latencies = scale.realLatency() ? List.of(Latency.NONE, Latency.REAL) : List.of(Latency.NONE);
        try (BenchEmulators emulators = new BenchEmulators(scale.sourceRows())) {
            SourceRuns source = new SourceRuns(emulators, scale);
            SinkRuns sink = new SinkRuns(emulators, scale);
            for (Latency latency : latencies) {
                report.comparisons.add(progress(new Comparison("Dynamics source", "snapshot, page size 5,000 vs 500",
                        latency, source.snapshot(latency, 5000, scale.sourceRows(), TASK_HEAP),
                        source.snapshot(latency, 500, scale.sourceRows(), TASK_HEAP))));
                report.comparisons.add(progress(new Comparison("Dynamics source",
                        "reading the same changes: change tracking vs watermark polling", latency,
                        source.changes(latency, "change_tracking"), source.changes(latency, "watermark"))));
                Figure bulk = sink.bulk(latency, 10_000, scale.sinkContacts(), TASK_HEAP);
                report.comparisons.add(progress(new Comparison("Dotdigital sink",
                        "bulk imports, 10,000 per import (default) vs 2,000", latency, bulk,
                        sink.bulk(latency, 2_000, scale.sinkContacts(), TASK_HEAP))));
                report.comparisons.add(progress(new Comparison("Dotdigital sink",
                        "bulk imports vs one call per record (a generic HTTP sink)", latency, bulk,
                        sink.perRecord(latency, TASK_HEAP))));
            }
        }
        ParallelSnapshotFigures.fromLog(parallelSnapshotLog).ifPresent(report.comparisons::add);
        if (scale.endToEndEdits() > 0) {
            try (BenchEmulators emulators = new BenchEmulators(500)) {
                report.endToEnd = EndToEndLatency.measure(emulators, scale);
                System.out.printf("BENCH end-to-end: median %.1f s, p99 %.1f s over %d edits%n",
                        report.endToEnd.medianSeconds(), report.endToEnd.p99Seconds(), report.endToEnd.edits());
            }
        }
        if (scale.memoryRows() > 0) {
            report.memory.addAll(memoryRuns(scale, scale.memoryRows(), true, true));
        }
        return report;
    }

    /**
     * A snapshot of {@code rows} contacts and a sink run of {@code rows} contacts, each one task in a forked JVM
     * under -Xmx256m, without added latency (the limit tested is the heap, not the API).
     */
    static List<MemoryRun> memoryRuns(Scale scale, int rows, boolean source, boolean sink) {
        List<MemoryRun> runs = new java.util.ArrayList<>();
        try (BenchEmulators emulators = new BenchEmulators(source ? rows : 0)) {
            if (source) {
                runs.add(memorySnapshot(emulators, scale, rows));
            }
            if (sink) {
                runs.add(memorySink(emulators, scale, rows));
            }
        }
        return runs;
    }

    private static MemoryRun memorySnapshot(BenchEmulators emulators, Scale scale, int rows) {
        Figure snapshot = new SourceRuns(emulators, scale).snapshot(Latency.NONE, 5000, rows, TASK_HEAP);
        MemoryRun source = new MemoryRun("Dynamics source snapshot (no added latency)", TASK_HEAP, snapshot,
                snapshot.rows() == rows && !snapshot.note().contains("FAILED"));
        System.out.printf("BENCH memory: %s, %,d rows under -Xmx%s: %s, peak heap %.0f MB, %.1f s%n",
                source.what(), snapshot.rows(), TASK_HEAP, source.passed() ? "pass" : "FAIL",
                snapshot.peakHeapMb(), snapshot.seconds());
        return source;
    }

    private static MemoryRun memorySink(BenchEmulators emulators, Scale scale, int rows) {
        Figure sinkRun = new SinkRuns(emulators, scale).bulk(Latency.NONE, 10_000, rows, TASK_HEAP);
        MemoryRun sink = new MemoryRun("Dotdigital sink, bulk imports (no added latency)", TASK_HEAP, sinkRun,
                sinkRun.rows() == rows && !sinkRun.note().contains("FAILED"));
        System.out.printf("BENCH memory: %s, %,d rows under -Xmx%s: %s, peak heap %.0f MB, %.1f s %s%n",
                sink.what(), sinkRun.rows(), TASK_HEAP, sink.passed() ? "pass" : "FAIL", sinkRun.peakHeapMb(),
                sinkRun.seconds(), sinkRun.note());
        return sink;
    }

    private static Comparison progress(Comparison c) {
        System.out.printf("BENCH %s | %s | %s latency | ours %s: %,.0f rows/s, %.1f calls/10k | alternative %s: %,.0f"
                + " rows/s, %.1f calls/10k | %.2fx faster, %.2fx fewer calls | load %s%n", c.connector(), c.question(),
                c.latency().name().toLowerCase(java.util.Locale.ROOT), c.ours().variant(), c.ours().rowsPerSecond(),
                c.ours().callsPer10k(), c.alternative().variant(), c.alternative().rowsPerSecond(),
                c.alternative().callsPer10k(), c.speedup(), c.callSaving(), c.ours().load());
        return c;
    }
}
