package io.dynamicsdotdigital.dynamics.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamicsdotdigital.emulator.dataverse.AttributeDefinition;
import io.dynamicsdotdigital.emulator.dataverse.DataverseSeed;
import io.dynamicsdotdigital.emulator.dataverse.TableDefinition;
import io.dynamicsdotdigital.emulator.dataverse.WriteBackTables;
import io.dynamicsdotdigital.testsupport.DataverseEmulatorFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.config.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every preset of config-examples/writeback/ validates (connectivity included) against a Dataverse emulator that
 * defines the solution's write-back tables, and names only columns those tables have. One preset per table.
 */
class WriteBackPresetsTest {
    static final Path PRESETS = Path.of("..", "config-examples", "writeback");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Z0-9_]+)}}");
    static DataverseEmulatorFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new DataverseEmulatorFixture(DataverseSeed.empty().marketingLists(1).randomSeed(3));
        WriteBackTables.defineAll(fixture.emulator);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    static List<Path> presets() throws IOException {
        try (Stream<Path> files = Files.list(PRESETS)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** The preset's config with the placeholders filled in for the emulator. */
    static Map<String, String> render(Path preset) throws IOException {
        Map<String, String> values = new HashMap<>();
        Map<String, String> conn = fixture.connectionProps("x");
        values.put("DATAVERSE_URL", conn.get("dynamics.url"));
        values.put("DATAVERSE_TENANT_ID", conn.get("dynamics.tenant.id"));
        values.put("DATAVERSE_CLIENT_ID", conn.get("dynamics.client.id"));
        values.put("DATAVERSE_CLIENT_SECRET", conn.get("dynamics.client.secret"));
        values.put("DATAVERSE_AUTHORITY", conn.get("dynamics.authority"));
        values.put("TRUSTSTORE_PATH", conn.get("http.truststore.path"));
        values.put("TRUSTSTORE_PASSWORD", conn.get("http.truststore.password"));
        values.put("ALLOW_PLAIN_HTTP", "false");
        values.put("LIST_ADDRESSBOOK_MAPPING", fixture.emulator.table("list").ids().get(0) + ":1");
        Matcher m = PLACEHOLDER.matcher(Files.readString(preset));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            assertTrue(v != null, preset + " uses an unknown placeholder " + m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        JsonNode config = new ObjectMapper().readTree(out.toString()).get("config");
        Map<String, String> props = new HashMap<>();
        config.fields().forEachRemaining(e -> props.put(e.getKey(), e.getValue().asText()));
        props.put("http.truststore.type", conn.get("http.truststore.type"));
        return props;
    }

    @Test
    void everyPresetValidatesAgainstTheWriteBackTables() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path preset : presets()) {
            Config result = new DynamicsSinkConnector().validate(render(preset));
            result.configValues().stream().filter(v -> !v.errorMessages().isEmpty())
                    .forEach(v -> problems.add(preset.getFileName() + ": " + v.name() + " " + v.errorMessages()));
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void presetsNameOnlyColumnsOfTheirTableAndCoverEveryTableButFormAnswers() throws IOException {
        Map<String, TableDefinition> bySet = WriteBackTables.all().stream()
                .collect(Collectors.toMap(TableDefinition::entitySetName, t -> t));
        List<String> covered = new ArrayList<>();
        for (Path preset : presets()) {
            DynamicsSinkConfig config = new DynamicsSinkConfig(render(preset));
            TableDefinition table = bySet.get(config.entitySet());
            if (table == null) {
                continue; // update_linked / remove_list_member presets write to contacts, leads and lists
            }
            covered.add(table.logicalName());
            Set<String> columns = table.attributes().stream().map(AttributeDefinition::logicalName)
                    .collect(Collectors.toSet());
            List<String> named = new ArrayList<>(config.fieldMapping().values());
            named.addAll(config.keyColumns());
            config.linkSettings().entities().forEach(e -> named.add(config.linkSettings().lookupColumn(e)));
            for (String column : named) {
                assertTrue(columns.contains(column), preset + ": " + table.logicalName() + " has no " + column);
            }
        }
        List<String> expected = WriteBackTables.all().stream().map(TableDefinition::logicalName)
                .filter(n -> !n.equals("esc_formanswer")).sorted().toList();
        assertEquals(expected, covered.stream().sorted().toList());
    }
}
