package io.dynamicsdotdigital.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One file of config-examples/: a connector configuration as a user would POST it (JSON) or load it (.properties). */
final class ConfigExample {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Z0-9_]+)}}");

    final Path file;
    final String name;
    final Map<String, String> config;

    private ConfigExample(Path file, String name, Map<String, String> config) {
        this.file = file;
        this.name = name;
        this.config = config;
    }

    /**
     * What quickstart.sh fills the quickstart templates with: the emulators' info file and the Kafka bootstrap
     * servers (the Dynamics source keeps its key state there).
     */
    static Map<String, String> quickstartValues(Map<String, String> emulatorInfo, String bootstrapServers) {
        Map<String, String> values = new LinkedHashMap<>(emulatorInfo);
        values.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        return values;
    }

    /** Reads the file, replacing {@code {{NAME}}} placeholders from {@code values} (quickstart templates). */
    static ConfigExample read(Path file, Map<String, String> values) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new AssertionError(file + " uses the placeholder {{" + m.group(1)
                        + "}}, which the emulators' info file does not define; known: " + values.keySet());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        String rendered = out.toString();
        Map<String, String> config = new LinkedHashMap<>();
        String name;
        if (file.getFileName().toString().endsWith(".json")) {
            JsonNode root = ConnectRest.JSON.readTree(rendered);
            name = root.path("name").asText(null);
            JsonNode body = root.path("config");
            if (name == null || !body.isObject()) {
                throw new AssertionError(file + " must be a POST /connectors body: {\"name\": ..., \"config\": {...}}");
            }
            body.fields().forEachRemaining(e -> {
                if (!e.getValue().isTextual()) {
                    throw new AssertionError(file + ": the value of " + e.getKey()
                            + " must be a JSON string, as the Connect REST API expects");
                }
                config.put(e.getKey(), e.getValue().asText());
            });
        } else {
            Properties p = new Properties();
            try (Reader r = new java.io.StringReader(rendered)) {
                p.load(r);
            }
            p.stringPropertyNames().forEach(k -> config.put(k, p.getProperty(k)));
            name = config.get("name");
        }
        config.put("name", name);
        return new ConfigExample(file, name, config);
    }

    String connectorClass() {
        String cls = config.get("connector.class");
        if (cls == null) {
            throw new AssertionError(file + " has no connector.class");
        }
        return cls;
    }

    @Override
    public String toString() {
        return ProjectLayout.root().relativize(file).toString();
    }
}
