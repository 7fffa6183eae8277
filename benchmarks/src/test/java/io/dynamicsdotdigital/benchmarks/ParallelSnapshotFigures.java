package io.dynamicsdotdigital.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One task against many for one large table, as the dynamics-source-connector's ParallelSnapshotBenchmark printed
 * it earlier in the same Maven run ({@code -Dbench.log} names that run's log): its lines are
 * {@code BENCH parallel-snapshot tasks=N rows=R latency_ms=L seconds=S ... calls=C ...}.
 */
final class ParallelSnapshotFigures {
    private static final Pattern LINE = Pattern.compile("BENCH parallel-snapshot (tasks=\\d+ .*)");
    private static final Pattern PAIR = Pattern.compile("(\\w+)=([0-9.]+)");

    private ParallelSnapshotFigures() {
    }

    static Optional<Comparison> fromLog(String logFile) {
        if (logFile == null || logFile.isBlank() || !Files.isReadable(Path.of(logFile))) {
            return Optional.empty();
        }
        Map<Integer, Map<String, Double>> byTasks = new HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of(logFile))) {
                Matcher m = LINE.matcher(line);
                if (m.find()) {
                    Map<String, Double> values = new HashMap<>();
                    Matcher pair = PAIR.matcher(m.group(1));
                    while (pair.find()) {
                        values.put(pair.group(1), Double.parseDouble(pair.group(2)));
                    }
                    byTasks.put(values.get("tasks").intValue(), values);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        Map<String, Double> one = byTasks.get(1);
        Optional<Integer> many = byTasks.keySet().stream().filter(t -> t > 1).max(Integer::compare);
        if (one == null || many.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Double> parallel = byTasks.get(many.get());
        Latency latency = one.getOrDefault("latency_ms", 0.0) > 0 ? Latency.REAL : Latency.NONE;
        String note = "from ParallelSnapshotBenchmark in this run (a Connect worker; latency "
                + one.getOrDefault("latency_ms", 0.0).intValue() + " ms per request)";
        return Optional.of(new Comparison("Dynamics source", "one large table: " + many.get() + " tasks vs 1 task",
                latency, figure(many.get() + " tasks", parallel, note), figure("1 task", one, note)));
    }

    private static Figure figure(String variant, Map<String, Double> v, String note) {
        return new Figure(variant, v.getOrDefault("rows", 0.0).longValue(), v.getOrDefault("seconds", 0.0),
                v.getOrDefault("calls", 0.0).longValue(), -1, "see that benchmark", note);
    }
}
