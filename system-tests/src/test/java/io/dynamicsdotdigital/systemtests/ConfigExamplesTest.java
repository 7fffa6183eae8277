package io.dynamicsdotdigital.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example in config-examples/ is validated by the packaged connector on a real worker, through
 * {@code PUT /connector-plugins/{class}/config/validate}, so no example can rot. The quickstart examples point at
 * the emulators (started here from the packaged jar, as the quickstart does) and must validate without a single
 * error, connectivity included. The real-deployment examples point at real hosts this test cannot reach and
 * reference secrets through a ConfigProvider: only the connectivity probe may fail, on the credential field.
 */
@ExtendWith(PackagedPluginsWorker.class)
class ConfigExamplesTest {
    /** Where each connector's validate() reports a failed connectivity/credential probe. */
    private static final Map<String, String> CREDENTIAL_FIELD = Map.of(
            "io.dynamicsdotdigital.dynamics.source.DynamicsSourceConnector", "dynamics.client.secret",
            "io.dynamicsdotdigital.dotdigital.sink.DotdigitalSinkConnector", "dotdigital.api.password",
            "io.dynamicsdotdigital.dotdigital.source.DotdigitalSourceConnector", "dotdigital.api.password",
            "io.dynamicsdotdigital.dynamics.sink.DynamicsSinkConnector", "dynamics.client.secret",
            "io.dynamicsdotdigital.dotdigital.sink.send.DotdigitalCampaignSendConnector", "dotdigital.api.password");

    @TempDir
    static Path work;
    static EmulatorsProcess emulators;

    @BeforeAll
    static void startEmulators() throws Exception {
        emulators = EmulatorsProcess.start(work, Duration.ofMinutes(3), "--seed-contacts", "50", "--seed-leads", "10",
                "--seed-accounts", "5", "--seed-dotdigital-contacts", "20", "--seed-activities", "5");
    }

    @AfterAll
    static void stopEmulators() throws InterruptedException {
        if (emulators != null) {
            emulators.close();
        }
    }

    @Test
    void everyConnectorHasRealAndStandaloneAndQuickstartExamples() {
        for (String module : ProjectLayout.CONNECTOR_MODULES) {
            for (Path p : List.of(ProjectLayout.configExamples().resolve(module + ".json"),
                    ProjectLayout.configExamples().resolve(module + ".properties"),
                    ProjectLayout.configExamples().resolve("quickstart").resolve(module + ".json"))) {
                assertTrue(Files.isRegularFile(p), "missing example " + p);
            }
        }
    }

    @Test
    void quickstartExamplesValidateWithoutErrorsAgainstTheEmulators(PackagedPluginsWorker.Cluster cluster)
            throws Exception {
        ConnectRest rest = cluster.rest;
        List<Path> files = files(ProjectLayout.configExamples().resolve("quickstart"));
        assertEquals(ProjectLayout.CONNECTOR_MODULES.size(), files.size(),
                "one quickstart example per connector: " + files);
        List<Path> sendChain = files(ProjectLayout.configExamples().resolve("quickstart").resolve("campaign-sends"));
        assertEquals(4, sendChain.size(), "the quickstart's campaign-send chain: " + sendChain);
        List<String> problems = new ArrayList<>();
        for (Path file : java.util.stream.Stream.concat(files.stream(), sendChain.stream()).toList()) {
            ConfigExample example = ConfigExample.read(file, ConfigExample.quickstartValues(emulators.info(),
                    cluster.connect.kafka().bootstrapServers()));
            Map<String, List<String>> errors = validate(rest, example, problems);
            if (!errors.isEmpty()) {
                problems.add(example + ": " + errors);
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /**
     * The write-back presets (one per entity of the replaced product's solution) against the emulators, which define
     * those tables; a preset's list mapping gets a sample value. Each sends failed records to a dead-letter queue.
     */
    @Test
    void writebackPresetsValidateWithoutErrorsAgainstTheEmulators(ConnectRest rest) throws Exception {
        List<Path> files = files(ProjectLayout.configExamples().resolve("writeback"));
        assertTrue(files.size() >= 9, "a preset per write-back entity: " + files);
        Map<String, String> values = new TreeMap<>(emulators.info());
        values.put("LIST_ADDRESSBOOK_MAPPING", "00000000-0000-4000-8000-000000000001:1");
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            ConfigExample example = ConfigExample.read(file, values);
            assertEquals("io.dynamicsdotdigital.dynamics.sink.DynamicsSinkConnector", example.connectorClass(),
                    example.toString());
            assertEquals("all", example.config.get("errors.tolerance"), example.toString());
            assertFalse(example.config.getOrDefault("errors.deadletterqueue.topic.name", "").isBlank(),
                    example.toString());
            Map<String, List<String>> errors = validate(rest, example, problems);
            if (!errors.isEmpty()) {
                problems.add(example + ": " + errors);
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void realDeploymentExamplesHaveNoErrorsBesidesTheUnreachableCredentialCheck(ConnectRest rest) throws Exception {
        List<Path> files = files(ProjectLayout.configExamples());
        assertEquals(2 * ProjectLayout.CONNECTOR_MODULES.size(), files.size(),
                "a JSON and a .properties example per connector: " + files);
        assertValidBesidesTheCredentialCheck(rest, files);
    }

    /** The campaign-send chain (source of the send tables, a send connector per table, the outcome write-backs). */
    @Test
    void campaignSendExamplesHaveNoErrorsBesidesTheUnreachableCredentialCheck(ConnectRest rest) throws Exception {
        List<Path> files = files(ProjectLayout.configExamples().resolve("campaign-sends"));
        assertTrue(files.size() >= 5, "source, two send connectors, two write-backs: " + files);
        assertValidBesidesTheCredentialCheck(rest, files);
    }

    /**
     * Every other folder of real-deployment examples (preferences, on-premises, ...): a folder added later is
     * validated without anyone remembering to list it here.
     */
    @Test
    void everyOtherExampleFolderHasNoErrorsBesidesTheUnreachableCredentialCheck(ConnectRest rest) throws Exception {
        Set<String> coveredAbove = Set.of("quickstart", "writeback", "campaign-sends");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(ProjectLayout.configExamples())) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                if (!coveredAbove.contains(dir.getFileName().toString())) {
                    files.addAll(files(dir));
                }
            }
        }
        assertFalse(files.isEmpty(), "the preference examples at least");
        assertValidBesidesTheCredentialCheck(rest, files);
    }

    private static void assertValidBesidesTheCredentialCheck(ConnectRest rest, List<Path> files) throws Exception {
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            ConfigExample example = ConfigExample.read(file, Map.of());
            // A service user (AD FS) or Windows account signs in with its password, not with a client secret.
            boolean signsInAsUser = Set.of("adfs_password", "ntlm")
                    .contains(example.config.getOrDefault("dynamics.auth.mode", "client_credentials"));
            String credential = signsInAsUser ? "dynamics.password" : CREDENTIAL_FIELD.get(example.connectorClass());
            assertTrue(credential != null, example + ": unknown connector class " + example.connectorClass());
            assertTrue(example.config.values().stream().noneMatch(v -> v.startsWith("http://")),
                    example + ": real deployments use HTTPS endpoints");
            assertTrue(example.config.getOrDefault(credential, "").startsWith("${file:"),
                    example + ": " + credential + " should come from a ConfigProvider reference");
            Map<String, List<String>> errors = validate(rest, example, problems);
            errors.remove(credential);
            String truststore = example.config.get("http.truststore.path");
            if (truststore != null && !truststore.contains("{{") && !Files.exists(Path.of(truststore))) {
                // A deployment's own CA file (on premises): it is not on this machine.
                errors.remove("http.truststore.path");
            }
            if (signsInAsUser) {
                // The sign-in check cannot reach the example's server either; it reports on the AD FS client
                // secret (AD FS) or on the organisation URL (Windows authentication).
                errors.remove("dynamics.client.secret");
                errors.remove("dynamics.url");
            }
            if (!errors.isEmpty()) {
                problems.add(example + ": " + errors);
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void sinkExamplesSendFailedRecordsToADeadLetterQueueWithContextHeaders() throws IOException {
        for (String file : List.of("dotdigital-sink-connector.json", "dotdigital-sink-connector.properties",
                "quickstart/dotdigital-sink-connector.json", "dynamics-sink-connector.json",
                "dynamics-sink-connector.properties", "quickstart/dynamics-sink-connector.json")) {
            ConfigExample sink = ConfigExample.read(ProjectLayout.configExamples().resolve(file),
                    new TreeMap<>(Map.ofEntries(Map.entry("DOTDIGITAL_API_USER", "u"),
                            Map.entry("DOTDIGITAL_API_PASSWORD", "p"), Map.entry("DOTDIGITAL_API_ENDPOINT", "https://x"),
                            Map.entry("TRUSTSTORE_PATH", "/t"), Map.entry("TRUSTSTORE_PASSWORD", "p"),
                            Map.entry("ALLOW_PLAIN_HTTP", "false"), Map.entry("DATAVERSE_URL", "https://d"),
                            Map.entry("DATAVERSE_TENANT_ID", "t"), Map.entry("DATAVERSE_CLIENT_ID", "c"),
                            Map.entry("DATAVERSE_CLIENT_SECRET", "s"), Map.entry("DATAVERSE_AUTHORITY", "https://a"))));
            assertEquals("all", sink.config.get("errors.tolerance"), file);
            assertFalse(sink.config.getOrDefault("errors.deadletterqueue.topic.name", "").isBlank(), file);
            assertEquals("true", sink.config.get("errors.deadletterqueue.context.headers.enable"), file);
        }
    }

    /**
     * Validates through the worker and returns the field errors by setting; also records a problem for every key
     * of the example the worker does not know (a typo the worker would silently ignore).
     */
    private static Map<String, List<String>> validate(ConnectRest rest, ConfigExample example, List<String> problems)
            throws IOException, InterruptedException {
        JsonNode result = rest.validate(example.connectorClass(), example.config);
        Map<String, List<String>> errors = new TreeMap<>();
        Set<String> known = new HashSet<>();
        for (JsonNode item : result.path("configs")) {
            JsonNode value = item.path("value");
            known.add(value.path("name").asText());
            List<String> messages = new ArrayList<>();
            value.path("errors").forEach(e -> messages.add(e.asText()));
            if (!messages.isEmpty()) {
                errors.put(value.path("name").asText(), messages);
            }
        }
        for (String key : example.config.keySet()) {
            if (!known.contains(key) && !isPerTopicOverride(example, key)) {
                problems.add(example + ": '" + key + "' is not a setting of " + example.connectorClass()
                        + " or of Connect; the worker would ignore it");
            }
        }
        return errors;
    }

    /**
     * The Dotdigital sink's per-topic overrides ({@code topic.<topic>.mapping}, {@code topic.<topic>.email.field}),
     * documented beside its ConfigDef: their names hold the topic, so the worker's validation cannot list them.
     */
    private static boolean isPerTopicOverride(ConfigExample example, String key) {
        return example.connectorClass().equals("io.dynamicsdotdigital.dotdigital.sink.DotdigitalSinkConnector")
                && PER_TOPIC_OVERRIDE.matcher(key).matches();
    }

    private static final java.util.regex.Pattern PER_TOPIC_OVERRIDE =
            java.util.regex.Pattern.compile("topic\\..+\\.(mapping|email\\.field)");

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".properties"))
                    .sorted().toList();
        }
    }
}
