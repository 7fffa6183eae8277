package io.dynamicsdotdigital.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@link ForkedTask} in a JVM of its own with a heap limit (or, for the smoke run, in this JVM) and reads back
 * what it measured. {@code atMeasureStart} runs when the fork's warm-up is over and before its measured run starts,
 * so the caller counts the emulators' calls of the measured run only.
 */
final class TaskJvm {
    private static final Pattern RESULT = Pattern.compile(ForkedTask.RESULT
            + " rows=(\\d+) seconds=([0-9.]+) peakHeapMb=([0-9.]+)");

    /** What the task measured; {@code exitCode} 0 means every row arrived. Heap is -1 when run in this JVM. */
    record Outcome(long rows, double seconds, double peakHeapMb, int exitCode, String tail) {
        boolean passed() {
            return exitCode == 0;
        }
    }

    private TaskJvm() {
    }

    static Outcome run(boolean forked, String heap, Map<String, String> props, long timeoutSeconds,
            Runnable atMeasureStart) {
        return forked ? fork(heap, props, timeoutSeconds, atMeasureStart) : inProcess(props, timeoutSeconds,
                atMeasureStart);
    }

    private static Outcome inProcess(Map<String, String> props, long timeoutSeconds, Runnable atMeasureStart) {
        Map<String, String> p = new HashMap<>(props);
        String kind = p.remove("bench.kind");
        long rows = Long.parseLong(p.remove("bench.rows"));
        atMeasureStart.run();
        long start = System.nanoTime();
        try {
            long moved = ForkedTask.move(kind, p, rows, start + timeoutSeconds * 1_000_000_000L);
            return new Outcome(moved, (System.nanoTime() - start) / 1e9, -1, moved == rows ? 0 : 3, "");
        } catch (Exception e) {
            return new Outcome(0, (System.nanoTime() - start) / 1e9, -1, 1, e.toString());
        }
    }

    private static Outcome fork(String heap, Map<String, String> props, long timeoutSeconds,
            Runnable atMeasureStart) {
        Path config = null;
        try {
            Path dir = Files.createDirectories(Path.of("target", "bench-tasks"));
            config = Files.createTempFile(dir, "task", ".properties");
            Properties p = new Properties();
            p.putAll(props);
            p.put("bench.timeout.s", Long.toString(timeoutSeconds));
            try (Writer w = Files.newBufferedWriter(config)) {
                p.store(w, null);
            }
            String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process process = new ProcessBuilder(List.of(java.toString(), "-Xmx" + heap, "-cp", classPath,
                    ForkedTask.class.getName(), config.toString())).redirectErrorStream(true).start();
            StringBuffer output = new StringBuffer();
            CountDownLatch ready = new CountDownLatch(1);
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        output.append(line).append('\n');
                        if (line.equals(ForkedTask.READY)) {
                            ready.countDown();
                        }
                    }
                } catch (IOException e) {
                    output.append(e).append('\n');
                }
                ready.countDown();
            }, "bench-task-output");
            reader.start();
            ready.await(timeoutSeconds, TimeUnit.SECONDS);
            atMeasureStart.run();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write("go\n".getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.append("could not start the measured run: ").append(e).append('\n');
            }
            if (!process.waitFor(timeoutSeconds + 60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            reader.join(10_000);
            String text = output.toString();
            String tail = text.length() > 3_000 ? text.substring(text.length() - 3_000) : text;
            Matcher m = RESULT.matcher(text);
            if (!m.find()) {
                return new Outcome(0, 0, -1, process.exitValue(), tail);
            }
            return new Outcome(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)),
                    Double.parseDouble(m.group(3)), process.exitValue(), tail);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a benchmark task ran", e);
        } finally {
            if (config != null) {
                try {
                    Files.deleteIfExists(config);
                } catch (IOException ignored) {
                    // target/ is cleaned by the build.
                }
            }
        }
    }
}
