package io.dynamicsdotdigital.systemtests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged emulators jar run as its own process, as the quickstart runs it; {@link #info()} holds what it wrote
 * to its info file (the same names the quickstart templates use as {@code {{NAME}}} placeholders).
 */
final class EmulatorsProcess implements AutoCloseable {
    private final Process process;
    private final Map<String, String> info;

    private EmulatorsProcess(Process process, Map<String, String> info) {
        this.process = process;
        this.info = info;
    }

    static EmulatorsProcess start(Path workDir, Duration timeout, String... seedArgs)
            throws IOException, InterruptedException {
        Path jar = ProjectLayout.emulatorsJar();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run 'mvn -DskipTests package' at the project root");
        }
        Path infoFile = workDir.resolve("emulators.env");
        Path logFile = workDir.resolve("emulators.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", jar.toString(),
                "--dataverse-port", "0", "--dotdigital-port", "0",
                "--state-dir", workDir.toString(),
                "--info-file", infoFile.toString()));
        command.addAll(List.of(seedArgs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logFile.toFile()).start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.isRegularFile(infoFile)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The emulators exited with " + process.exitValue() + ": "
                        + Files.readString(logFile));
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("The emulators did not start within " + timeout + ": "
                        + Files.readString(logFile));
            }
            Thread.sleep(250);
        }
        return new EmulatorsProcess(process, parse(Files.readString(infoFile, StandardCharsets.UTF_8)));
    }

    /** KEY='value' lines as EmulatorsMain writes them (a single quote inside a value is written '\''). */
    static Map<String, String> parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String raw = line.substring(eq + 1).trim();
            if (raw.length() >= 2 && raw.startsWith("'") && raw.endsWith("'")) {
                raw = raw.substring(1, raw.length() - 1).replace("'\\''", "'");
            }
            values.put(line.substring(0, eq).trim(), raw);
        }
        return values;
    }

    Map<String, String> info() {
        return info;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
