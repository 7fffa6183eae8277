package io.dynamicsdotdigital.dynamics.sink;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamicsdotdigital.testsupport.DataverseEmulatorFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The presets of config-examples/writeback/, with their placeholders filled in for a Dataverse emulator. */
final class WriteBackPresets {
    static final Path DIR = Path.of("..", "config-examples", "writeback");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Z0-9_]+)}}");

    private WriteBackPresets() {
    }

    static List<Path> all() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** The preset's "config" object, pointed at the emulator; {@code listMapping} fills LIST_ADDRESSBOOK_MAPPING. */
    static Map<String, String> render(Path preset, DataverseEmulatorFixture fixture, String listMapping)
            throws IOException {
        Map<String, String> conn = fixture.connectionProps("x");
        Map<String, String> values = new HashMap<>();
        values.put("DATAVERSE_URL", conn.get("dynamics.url"));
        values.put("DATAVERSE_TENANT_ID", conn.get("dynamics.tenant.id"));
        values.put("DATAVERSE_CLIENT_ID", conn.get("dynamics.client.id"));
        values.put("DATAVERSE_CLIENT_SECRET", conn.get("dynamics.client.secret"));
        values.put("DATAVERSE_AUTHORITY", conn.get("dynamics.authority"));
        values.put("TRUSTSTORE_PATH", conn.get("http.truststore.path"));
        values.put("TRUSTSTORE_PASSWORD", conn.get("http.truststore.password"));
        values.put("ALLOW_PLAIN_HTTP", "false");
        values.put("LIST_ADDRESSBOOK_MAPPING", listMapping);
        Matcher m = PLACEHOLDER.matcher(Files.readString(preset));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            assertTrue(v != null, preset + " uses an unknown placeholder " + m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        JsonNode root = new ObjectMapper().readTree(out.toString());
        Map<String, String> props = new HashMap<>();
        root.get("config").fields().forEachRemaining(e -> props.put(e.getKey(), e.getValue().asText()));
        props.put("name", root.get("name").asText());
        props.put("http.truststore.type", conn.get("http.truststore.type"));
        props.put("retry.backoff.initial.ms", "50");
        props.put("retry.backoff.max.ms", "500");
        return props;
    }
}
