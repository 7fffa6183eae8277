package io.dynamicsdotdigital.dynamics.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.emulator.dataverse.AttributeDefinition;
import io.dynamicsdotdigital.emulator.dataverse.DataverseSeed;
import io.dynamicsdotdigital.emulator.dataverse.EmulatedTable;
import io.dynamicsdotdigital.emulator.dataverse.TableDefinition;
import io.dynamicsdotdigital.emulator.dataverse.WriteBackTables;
import io.dynamicsdotdigital.testsupport.DataverseEmulatorFixture;
import io.dynamicsdotdigital.testsupport.TaskContexts;
import java.util.HashMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every preset of config-examples/writeback/ validates (connectivity included) against a Dataverse emulator that
 * defines the solution's write-back tables, and names only columns those tables have. One preset per table.
 */
class WriteBackPresetsTest {
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
        return WriteBackPresets.all();
    }

    static Map<String, String> render(Path preset) throws IOException {
        return WriteBackPresets.render(preset, fixture, fixture.emulator.table("list").ids().get(0) + ":1");
    }

    @Test
    void theFormAnswerPresetWritesOneRowPerAnswer() throws IOException {
        Map<String, String> props = render(WriteBackPresets.DIR.resolve("form-answer.json"));
        DynamicsSinkTask task = new DynamicsSinkTask();
        task.initialize(TaskContexts.sink(props, Set.of(new TopicPartition("dotdigital.survey-responses", 0)),
                (record, error) -> CompletableFuture.completedFuture(null), ms -> { }));
        task.start(props);
        // The preset binds each answer to its Form Response by (survey id, response id): that row must exist.
        fixture.emulator.table("esc_formresponse").create(Map.of("esc_dotdigitalsurveyid", 9L,
                "esc_dotdigitalresponseid", 90L));
        Map<String, Object> response = new HashMap<>();
        response.put("surveyId", 9L);
        response.put("responseId", 90L);
        response.put("email", "survey@presets.test");
        response.put("complete", true);
        response.put("answers", List.of(Map.of("fieldId", 1L, "value", "Yes"),
                new HashMap<>(Map.of("fieldId", 2L, "subFieldId", 3L, "value", "Blue"))));
        task.put(List.of(new SinkRecord("dotdigital.survey-responses", 0, null, null, null, response, 0)));
        EmulatedTable answers = fixture.emulator.table("esc_formanswer");
        assertEquals(2, answers.count());
        List<Object> values = answers.ids().stream().map(id -> answers.get(id).get("esc_value")).sorted().toList();
        assertEquals(List.of("Blue", "Yes"), values);
        assertTrue(answers.ids().stream().allMatch(id -> Long.valueOf(90).equals(answers.get(id)
                .get("esc_dotdigitalresponseid"))));
        task.stop();
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
    void presetsNameOnlyColumnsOfTheirTableAndCoverEveryTable() throws IOException {
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
            named.addAll(config.lookupBindings().keySet());
            config.lookupKeyBindings().forEach(b -> {
                named.add(b.column());
                TableDefinition target = bySet.get(b.entitySet());
                assertTrue(target != null && new java.util.HashSet<>(target.alternateKey()).equals(
                        b.keyFields().keySet()), preset + ": " + b + " is not an alternate key of its table");
            });
            config.linkSettings().entities().forEach(e -> named.add(config.linkSettings().lookupColumn(e)));
            for (String column : named) {
                assertTrue(columns.contains(column), preset + ": " + table.logicalName() + " has no " + column);
            }
        }
        List<String> expected = WriteBackTables.all().stream().map(TableDefinition::logicalName).sorted().toList();
        assertEquals(expected, covered.stream().distinct().sorted().toList());
    }
}
