package io.dynamicsdotdigital.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run's summary: one table of every comparison (markdown and JSON), the memory runs, the end-to-end latency and
 * a chart of the speed-ups. ./benchmarks.sh puts these files into docs/.
 */
final class BenchReport {
    static final String MARKDOWN = "summary.md";
    static final String JSON = "summary.json";
    static final String CHART = "benchmarks.svg";

    final Scale scale;
    final List<Comparison> comparisons = new ArrayList<>();
    final List<MemoryRun> memory = new ArrayList<>();
    EndToEndLatency.Result endToEnd;
    String loadBefore = Machine.load();

    BenchReport(Scale scale) {
        this.scale = scale;
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKDOWN), markdown());
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(dir.resolve(JSON), json.writeValueAsString(json()) + "\n");
        Files.writeString(dir.resolve(CHART), RatioChart.svg("How much faster ours is than the alternative"
                + " (rows/s, log scale; blue: no added latency, orange: real-service latency)", comparisons));
    }

    String markdown() {
        List<String> md = new ArrayList<>();
        md.add("## Summary");
        md.add("");
        md.add(String.format("Scale `%s`: Dynamics source snapshots of %,d contacts, Dotdigital sink runs of %,d"
                + " contacts"
                + " (one call per record on a sample of %,d), %,d changed rows for the change reads. Latency"
                + " `none`: the emulators add nothing (CPU-bound, emulator and task share the cores); `real`: %s%s."
                + " %s The change reads run in the harness's JVM (no heap figure). The emulators run in the"
                + " harness's JVM over HTTPS. Calls are every HTTP request the emulator served for the measured run."
                + " Load average at the start: %s.", scale.name(), scale.sourceRows(), scale.sinkContacts(),
                scale.perRecordSample(),
                scale.changedRows(), Latency.REAL.describe(scale),
                scale == Scale.FULL ? "" : " (the real service's 30 s import time scaled down to "
                        + scale.realImportTime().toSeconds() + " s in this run)",
                scale.forked() ? "Each snapshot and sink run is one task in a JVM of its own at -Xmx256m, measured"
                        + " after a warm-up run in that JVM (one page, or one 500-contact import); peak heap is that"
                        + " JVM's, sampled every 5 ms, garbage not yet collected included."
                        : "Every run is in the harness's JVM (smoke scale: no heap figures, no warm-up).",
                loadBefore));
        md.add("");
        md.add("![speed-ups](benchmarks.svg)");
        md.add("");
        md.add("| connector | comparison | latency | ours | rows/s | calls per 10k rows | peak heap MB | alternative"
                + " | rows/s | calls per 10k rows | peak heap MB | ours faster | calls saved | load (1/5/15 min)"
                + " | note |");
        md.add("|---|---|---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---|---|");
        for (Comparison c : comparisons) {
            Figure o = c.ours();
            Figure a = c.alternative();
            md.add(String.format(Locale.ROOT, "| %s | %s | %s | %s | %,.0f | %s | %s | %s | %,.0f | %s | %s | %sx | %sx"
                    + " | %s | %s |", c.connector(), c.question(), c.latency().name().toLowerCase(Locale.ROOT),
                    o.variant(), o.rowsPerSecond(), num(o.callsPer10k()), heap(o), a.variant(), a.rowsPerSecond(),
                    num(a.callsPer10k()), heap(a), num(c.speedup()), num(c.callSaving()), o.load(),
                    notes(o, a)));
        }
        md.add("");
        md.add("### Memory");
        md.add("");
        if (memory.isEmpty()) {
            md.add("Not run at this scale: the 1,000,000-row runs under -Xmx256m are in the full run only.");
        } else {
            md.add("| run | rows | heap limit | seconds | peak heap MB | result | load (1/5/15 min) |");
            md.add("|---|---:|---|---:|---:|---|---|");
            for (MemoryRun m : memory) {
                md.add(String.format(Locale.ROOT, "| %s | %,d | %s | %.1f | %s | %s | %s |", m.what(),
                        m.figure().rows(), m.heapLimit(), m.figure().seconds(), heap(m.figure()),
                        m.passed() ? "pass" : "FAIL", m.figure().load()));
            }
        }
        md.add("");
        md.add("### End-to-end latency");
        md.add("");
        if (endToEnd == null) {
            md.add("Not run at this scale.");
        } else {
            md.add(String.format(Locale.ROOT, "A contact edited in Dynamics until Dotdigital holds the new value, at"
                    + " real latency (%s) with the quickstart's settings: median %.1f s, 99th percentile %.1f s over"
                    + " %d edits (%d never arrived; load %s). The source and sink tasks run in one JVM joined by a"
                    + " queue instead of Kafka.", Latency.REAL.describe(scale), endToEnd.medianSeconds(),
                    endToEnd.p99Seconds(), endToEnd.edits(), endToEnd.missed(), endToEnd.load()));
        }
        return String.join("\n", md) + "\n";
    }

    Map<String, Object> json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("scale", scale.name());
        root.put("real_latency", Latency.REAL.describe(scale));
        root.put("load_average_at_start", loadBefore);
        List<Object> rows = new ArrayList<>();
        for (Comparison c : comparisons) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("connector", c.connector());
            r.put("comparison", c.question());
            r.put("latency", c.latency().name().toLowerCase(Locale.ROOT));
            r.put("ours", figure(c.ours()));
            r.put("alternative", figure(c.alternative()));
            r.put("speedup", finite(c.speedup()));
            r.put("call_saving", finite(c.callSaving()));
            rows.add(r);
        }
        root.put("comparisons", rows);
        List<Object> mem = new ArrayList<>();
        for (MemoryRun m : memory) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("run", m.what());
            r.put("heap_limit", m.heapLimit());
            r.put("passed", m.passed());
            r.put("figure", figure(m.figure()));
            mem.add(r);
        }
        root.put("memory", mem);
        if (endToEnd != null) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("edits", endToEnd.edits());
            e.put("missed", endToEnd.missed());
            e.put("median_seconds", finite(endToEnd.medianSeconds()));
            e.put("p99_seconds", finite(endToEnd.p99Seconds()));
            e.put("load", endToEnd.load());
            root.put("end_to_end_latency", e);
        }
        return root;
    }

    private static Map<String, Object> figure(Figure f) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("variant", f.variant());
        r.put("rows", f.rows());
        r.put("seconds", finite(f.seconds()));
        r.put("rows_per_second", finite(f.rowsPerSecond()));
        r.put("calls", f.calls());
        r.put("calls_per_10k_rows", finite(f.callsPer10k()));
        r.put("peak_heap_mb", f.hasHeap() ? finite(f.peakHeapMb()) : null);
        r.put("load", f.load());
        r.put("note", f.note());
        return r;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? Math.round(v * 100) / 100.0 : null;
    }

    private static String num(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String heap(Figure f) {
        return f.hasHeap() ? String.format(Locale.ROOT, "%.0f", f.peakHeapMb()) : "-";
    }

    private static String notes(Figure ours, Figure alternative) {
        List<String> n = new ArrayList<>();
        if (!ours.note().isEmpty()) {
            n.add("ours: " + ours.note());
        }
        if (!alternative.note().isEmpty()) {
            n.add("alternative: " + alternative.note());
        }
        return String.join("; ", n).replace("|", "/");
    }
}
