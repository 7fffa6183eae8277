package io.dynamicsdotdigital.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs {@code ./quickstart.sh --once} exactly as the README tells a newcomer to: a real broker, a real distributed
 * Connect worker with the packaged plugins, the emulators jar, connectors created with curl from
 * config-examples/quickstart. It must end with exit status 0, which the script gives only when every flow completed.
 *
 * <p>It runs once on the Kafka version the project builds against and once per version of the matrix
 * ({@code -Dit.kafka.matrix}, default {@value #DEFAULT_MATRIX}; empty to skip): all four plugins, end to end, on
 * that version's broker and distributed worker, with their metrics read over JMX.
 */
class QuickstartTest {
    private static final long SCRIPT_TIMEOUT_SECONDS = 8 * 60;
    // The oldest supported release stands for 3.x in the test command: each version adds about 2.5 minutes, and the
    // test command must stay within its time budget. -Dit.kafka.matrix=3.9.2,3.7.2 runs more.
    static final String DEFAULT_MATRIX = "3.7.2";

    /** "" is the build's own Kafka version (no --kafka-version). */
    static Stream<String> kafkaVersions() {
        List<String> versions = new ArrayList<>(List.of(""));
        Arrays.stream(System.getProperty("it.kafka.matrix", DEFAULT_MATRIX).split(","))
                .map(String::trim).filter(v -> !v.isEmpty()).forEach(versions::add);
        return versions.stream();
    }

    @ParameterizedTest(name = "Kafka {0}")
    @MethodSource("kafkaVersions")
    void quickstartCompletesEveryFlowAndStopsEverything(String kafkaVersion) throws Exception {
        assumeTrue(onPath("bash") && onPath("curl"), "the quickstart needs bash and curl");
        Path root = ProjectLayout.root();
        Path log = root.resolve("system-tests").resolve("target")
                .resolve("quickstart-test" + (kafkaVersion.isEmpty() ? "" : "-kafka-" + kafkaVersion) + ".log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("quickstart.sh").toString(), "--once",
                "--timeout", "360"));
        if (!kafkaVersion.isEmpty()) {
            command.addAll(List.of("--kafka-version", kafkaVersion));
        }
        Process script = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean finished = script.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            // SIGTERM lets the script's trap stop the broker, worker and emulators it started.
            script.destroy();
            if (!script.waitFor(90, TimeUnit.SECONDS)) {
                script.descendants().forEach(ProcessHandle::destroyForcibly);
                script.destroyForcibly();
            }
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(finished, "quickstart.sh --once did not finish within " + SCRIPT_TIMEOUT_SECONDS + " s:\n"
                + tail(output));
        assertEquals(0, script.exitValue(), "quickstart.sh --once failed:\n" + tail(output));
        assertTrue(output.contains("Every flow completed."), tail(output));
        if (!kafkaVersion.isEmpty()) {
            assertTrue(output.contains("Kafka " + kafkaVersion + " (broker"), "ran on another version:\n" + tail(output));
            assertTrue(output.contains("Connector metrics over JMX"), "metrics must be published on every version:\n"
                    + tail(output));
        }
        assertTrue(output.contains("stopped kafka") && output.contains("stopped connect")
                && output.contains("stopped emulators"), "the script must stop what it started:\n" + tail(output));
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && List.of(path.split(File.pathSeparator)).stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    private static String tail(String text) {
        return text.length() <= 6000 ? text : "...\n" + text.substring(text.length() - 6000);
    }
}
