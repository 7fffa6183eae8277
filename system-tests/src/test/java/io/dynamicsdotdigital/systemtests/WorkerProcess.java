package io.dynamicsdotdigital.systemtests;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Connect worker in its own JVM ({@code ConnectDistributed}, the classpath quickstart.sh runs), so that a test can
 * kill it without a graceful stop: {@link #kill()} is SIGKILL, as a crashed host or an OOM-killer would do. Its
 * producers, consumers and open transactions are cut off mid-flight; the group notices only by session timeout.
 */
final class WorkerProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    final Path log;

    private WorkerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts a worker of group {@code group} (its own config, offset and status topics) on the given broker. */
    static WorkerProcess start(Path workDir, String bootstrapServers, String group) throws IOException {
        Path classpath = ProjectLayout.root().resolve("system-tests/target/kafka-classpath.txt");
        if (!Files.isRegularFile(classpath)) {
            throw new IllegalStateException(classpath + " is missing: run 'mvn -DskipTests package' first");
        }
        int port = freePort();
        Path dir = Files.createDirectories(workDir.resolve(group + "-" + port));
        Path config = dir.resolve("worker.properties");
        String pluginPath = ProjectLayout.pluginPathEntries().stream().map(Path::toString)
                .collect(Collectors.joining(","));
        Files.writeString(config, String.join("\n", List.of(
                "bootstrap.servers=" + bootstrapServers,
                "group.id=" + group,
                "config.storage.topic=" + group + "-configs",
                "offset.storage.topic=" + group + "-offsets",
                "status.storage.topic=" + group + "-status",
                "config.storage.replication.factor=1",
                "offset.storage.replication.factor=1",
                "status.storage.replication.factor=1",
                "key.converter=org.apache.kafka.connect.json.JsonConverter",
                "value.converter=org.apache.kafka.connect.json.JsonConverter",
                "listeners=http://localhost:" + port,
                "plugin.path=" + pluginPath,
                "plugin.discovery=service_load",
                "exactly.once.source.support=enabled",
                "scheduled.rebalance.max.delay.ms=2000",
                "offset.flush.interval.ms=2000",
                // The default 10 s is what a crashed worker costs before the group reassigns its work.
                "session.timeout.ms=10000",
                "")));
        Path log4j = dir.resolve("log4j.properties");
        Files.writeString(log4j, String.join("\n", List.of(
                "log4j.rootLogger=WARN, stdout",
                "log4j.appender.stdout=org.apache.log4j.ConsoleAppender",
                "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout",
                "log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n",
                "log4j.logger.org.apache.kafka.connect.runtime.rest.RestServer=INFO",
                "")));
        Path log = dir.resolve("worker.log");
        Process process = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-Dlog4j.configuration=file:" + log4j, "-cp", Files.readString(classpath).trim(),
                "org.apache.kafka.connect.cli.ConnectDistributed", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new WorkerProcess(process, port, log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    URI restUrl() {
        return URI.create("http://localhost:" + port + "/");
    }

    /** Connect's worker id for this worker (the advertised REST host:port). */
    boolean isWorker(String workerId) {
        return workerId != null && workerId.endsWith(":" + port);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no task stop, no transaction abort, no group leave. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
