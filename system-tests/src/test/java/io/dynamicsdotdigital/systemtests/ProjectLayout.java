package io.dynamicsdotdigital.systemtests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Where the build puts what these tests exercise: the packaged plugin folders, the examples, the quickstart. */
final class ProjectLayout {
    /** Connector class -> plugin type as the worker reports it, and the module that packages it. */
    static final Map<String, String> CONNECTOR_TYPES = Map.of(
            "io.dynamicsdotdigital.dynamics.source.DynamicsSourceConnector", "source",
            "io.dynamicsdotdigital.dotdigital.sink.DotdigitalSinkConnector", "sink",
            "io.dynamicsdotdigital.dotdigital.source.DotdigitalSourceConnector", "source",
            "io.dynamicsdotdigital.dynamics.sink.DynamicsSinkConnector", "sink");
    static final List<String> CONNECTOR_MODULES = List.of(
            "dynamics-source-connector", "dotdigital-sink-connector", "dotdigital-source-connector",
            "dynamics-sink-connector");

    private ProjectLayout() {
    }

    static Path root() {
        String configured = System.getProperty("project.root");
        Path root = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("..");
        return root.toAbsolutePath().normalize();
    }

    /** {@code <module>/target/plugin}: the folder a worker's plugin.path lists (it holds {@code <module>/}). */
    static List<Path> pluginPathEntries() {
        return CONNECTOR_MODULES.stream().map(m -> {
            Path entry = root().resolve(m).resolve("target").resolve("plugin");
            if (!Files.isDirectory(entry.resolve(m))) {
                throw new IllegalStateException("The packaged plugin folder " + entry.resolve(m) + " is missing: "
                        + "run 'mvn -DskipTests package' at the project root first (the reactor builds it before "
                        + "system-tests).");
            }
            return entry;
        }).toList();
    }

    static Path configExamples() {
        return root().resolve("config-examples");
    }

    static Path emulatorsJar() {
        return root().resolve("emulators").resolve("target").resolve("emulators.jar");
    }

    static String projectVersion() {
        Properties p = new Properties();
        try (InputStream in = ProjectLayout.class.getResourceAsStream("/system-tests.properties")) {
            if (in == null) {
                throw new IllegalStateException("system-tests.properties is missing from the test classpath");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = p.getProperty("version", "");
        if (version.isBlank() || version.contains("${")) {
            throw new IllegalStateException("system-tests.properties was not filtered: version=" + version);
        }
        return version;
    }
}
