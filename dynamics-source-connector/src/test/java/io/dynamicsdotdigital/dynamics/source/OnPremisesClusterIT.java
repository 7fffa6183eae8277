package io.dynamicsdotdigital.dynamics.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamicsdotdigital.emulator.dataverse.DataverseEmulator;
import io.dynamicsdotdigital.emulator.dataverse.DataverseSeed;
import io.dynamicsdotdigital.emulator.dataverse.EmulatedTable;
import io.dynamicsdotdigital.emulator.dataverse.OnPremises;
import io.dynamicsdotdigital.emulator.dataverse.ServerVersion;
import io.dynamicsdotdigital.testsupport.ConnectClusters;
import io.dynamicsdotdigital.testsupport.DataverseEmulatorFixture;
import io.dynamicsdotdigital.testsupport.PluginMetricsJmx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 21 on a real Connect worker: the Dynamics source in each on-premises deployment side by side on one cluster,
 * secrets supplied through the worker's FileConfigProvider as config-examples/on-premises/ shows. A 9.x server with
 * AD FS (service user, client secret, authority found from the 401), a 9.x server with Windows authentication (NTLM)
 * and a Dynamics 2016 (Web API 8.2) server with AD FS read by watermark. Mid-run every access token is revoked and
 * the NTLM sessions forgotten; the changes made then arrive and no row is missing. Neither a password nor the client
 * secret appears in the worker's log, the task status or the configuration the REST API shows; a wrong password
 * fails the REST API's validate on {@code dynamics.password}.
 */
class OnPremisesClusterIT {
    static final long WAIT_MS = 60_000;
    static final ObjectMapper JSON = new ObjectMapper();
    static final int ROWS = 12;
    static final String ADFS_PASSWORD = "Adfs-Svc-Pa55word!";
    static final String ADFS_CLIENT_SECRET = "adfs-client-secret-Q7v2";
    static final String WINDOWS_PASSWORD = "Windows-Svc-Pa55word!";
    static final String V8_PASSWORD = "Crm2016-Svc-Pa55word!";
    static final List<String> SECRETS = List.of(ADFS_PASSWORD, ADFS_CLIENT_SECRET, WINDOWS_PASSWORD, V8_PASSWORD);

    static WorkerLogCapture logs;
    static Path secretsFile;
    static DataverseEmulatorFixture adfs;
    static DataverseEmulatorFixture windows;
    static DataverseEmulatorFixture v8;
    static EmbeddedConnectCluster connect;
    static ClusterTopics topics;

    @BeforeAll
    static void start() throws IOException {
        logs = WorkerLogCapture.start();
        secretsFile = Files.createTempFile("onprem-secrets", ".properties");
        Files.writeString(secretsFile, "adfs.password=" + ADFS_PASSWORD + "\nadfs.client.secret=" + ADFS_CLIENT_SECRET
                + "\nwindows.password=" + WINDOWS_PASSWORD + "\nv8.password=" + V8_PASSWORD + "\n");
        adfs = fixture(DataverseEmulator.builder().onPremises(OnPremises.adfs("CONTOSO")
                .user("svc-kafka", ADFS_PASSWORD).adfsClient("kafka-connect").adfsClientSecret(ADFS_CLIENT_SECRET)));
        windows = fixture(DataverseEmulator.builder().onPremises(OnPremises.windows("CONTOSO")
                .user("svc-kafka", WINDOWS_PASSWORD)));
        v8 = fixture(DataverseEmulator.builder().serverVersion(ServerVersion.V8_2).onPremises(OnPremises.adfs("CONTOSO")
                .user("svc-crm", V8_PASSWORD).adfsClient("kafka-connect")));
        Map<String, String> worker = new HashMap<>();
        worker.put("config.providers", "file");
        worker.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        worker.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("key.converter.schemas.enable", "false");
        worker.put("value.converter.schemas.enable", "false");
        connect = ConnectClusters.start("dynamics-source-onprem-it", 1, worker);
        topics = new ClusterTopics(connect);
    }

    @AfterAll
    static void stop() throws IOException {
        if (connect != null) {
            connect.stop();
        }
        for (DataverseEmulatorFixture f : new DataverseEmulatorFixture[] {adfs, windows, v8}) {
            if (f != null) {
                f.close();
            }
        }
        if (logs != null) {
            logs.close();
        }
        Files.deleteIfExists(secretsFile);
    }

    private static DataverseEmulatorFixture fixture(DataverseEmulator.Builder builder) {
        return new DataverseEmulatorFixture(builder.seed(DataverseSeed.empty().contacts(ROWS)));
    }

    private static String secret(String key) {
        return "${file:" + secretsFile + ":" + key + "}";
    }

    /** A service user's connector, as config-examples/on-premises/ sets one up. */
    private static Map<String, String> connector(DataverseEmulatorFixture f, String name, String mode, String user,
                                                 String passwordKey) {
        Map<String, String> p = EmulatorSourceProps.of(f, name);
        p.remove("dynamics.authority");
        p.remove("dynamics.tenant.id");
        p.remove("dynamics.client.secret");
        p.put("dynamics.client.id", mode.equals("ntlm") ? "" : "kafka-connect");
        p.put("dynamics.auth.mode", mode);
        p.put("dynamics.username", user);
        p.put("dynamics.password", secret(passwordKey));
        p.put("tables", "contact");
        p.put("topic.prefix", name);
        p.put("tasks.max", "1");
        p.put("topic.creation.default.replication.factor", "1");
        p.put("topic.creation.default.partitions", "1");
        return p;
    }

    private static Map<String, String> adfsConnector() {
        Map<String, String> p = connector(adfs, "adfs", "adfs_password", "svc-kafka@contoso.local", "adfs.password");
        p.put("dynamics.client.secret", secret("adfs.client.secret"));
        return p;
    }

    private static Map<String, String> windowsConnector() {
        return connector(windows, "windows", "ntlm", "CONTOSO\\svc-kafka", "windows.password");
    }

    private static Map<String, String> v8Connector() {
        Map<String, String> p = connector(v8, "crm2016", "adfs_password", "CONTOSO\\svc-crm", "v8.password");
        p.put("dynamics.api.version", "v8.2");
        p.put("dynamics.authority", v8.emulator.adfsAuthority());
        // Longer than the poll interval: a scan due at every poll would leave no turn to the watermark reads.
        p.put("watermark.delete.scan.interval.ms", "2000");
        return p;
    }

    @Test
    void eachOnPremisesModeSnapshotsAndFollowsChangesAcrossRenewalsAndNoSecretLeaks() throws Exception {
        connect.configureConnector("adfs", adfsConnector());
        connect.configureConnector("windows", windowsConnector());
        connect.configureConnector("crm2016", v8Connector());
        awaitCondition(() -> upsertKeys("adfs.contact").size() == ROWS, "the AD FS snapshot");
        awaitCondition(() -> upsertKeys("windows.contact").size() == ROWS, "the Windows snapshot");
        awaitCondition(() -> upsertKeys("crm2016.contact").size() == ROWS
                && PluginMetricsJmx.sum("crm2016", "key-scan-pages-total") >= 1, "the 8.2 watermark read and key scan");
        awaitPhase("adfs", "delta");
        awaitPhase("windows", "delta");

        // Mid-run the servers stop accepting what the connectors signed in with: every token revoked, every NTLM
        // session forgotten. Changes made now must still arrive, through a refresh grant or a new handshake.
        int adfsPasswords = adfs.emulator.adfsPasswordGrants();
        int adfsRefreshes = adfs.emulator.adfsRefreshGrants();
        int v8Refreshes = v8.emulator.adfsRefreshGrants();
        int handshakes = windows.emulator.windowsHandshakes();
        adfs.emulator.expireAllAccessTokens();
        v8.emulator.expireAllAccessTokens();
        windows.emulator.forgetWindowsSessions();
        adfs.emulator.table("contact").create(Map.of("lastname", "AfterTokenRenewal"));
        windows.emulator.table("contact").create(Map.of("lastname", "AfterNewHandshake"));
        EmulatedTable crm = v8.emulator.table("contact");
        String deleted = crm.ids().get(3);
        crm.delete(deleted);
        crm.create(Map.of("lastname", "OnVersion8"));

        for (DataverseEmulatorFixture f : List.of(adfs, windows)) {
            String topic = (f == adfs ? "adfs" : "windows") + ".contact";
            Set<String> ids = new HashSet<>(f.emulator.table("contact").ids());
            awaitCondition(() -> upsertKeys(topic).equals(ids), "every row of " + topic + ", none missing");
        }
        Set<String> remaining = new HashSet<>(crm.ids());
        awaitCondition(() -> upsertKeys("crm2016.contact").containsAll(remaining)
                && tombstoneKeys("crm2016.contact").equals(Set.of(deleted)), "the 8.2 change and the deleted row");

        assertEquals(adfsPasswords, adfs.emulator.adfsPasswordGrants(), "renewed without sending the password again");
        assertTrue(adfs.emulator.adfsRefreshGrants() > adfsRefreshes, "the AD FS token was renewed by refresh token");
        assertTrue(v8.emulator.adfsRefreshGrants() > v8Refreshes, "the 8.2 token was renewed by refresh token");
        assertTrue(windows.emulator.windowsHandshakes() > handshakes, "the NTLM handshake ran again");
        assertEquals("watermark", phaseOf("crm2016"), "the 8.2 table is read by watermark");
        assertEquals(0, PluginMetricsJmx.sum("crm2016", "snapshot-pages-total"),
                "read by watermark from the start, not after a tracked snapshot that found no deltaLink");
        assertFalse(v8.emulator.requests().snapshot().keySet().stream().anyMatch(k -> k.contains("/v9.")),
                "only v8.2 paths were called");

        for (String name : List.of("adfs", "windows", "crm2016")) {
            String config = restGet("connectors/" + name);
            assertTrue(config.contains("\"dynamics.password\":\"${file:"), "the REST API shows the reference: " + config);
            assertNoSecret("the connector config of " + name, config);
            assertNoSecret("the task configs of " + name, restGet("connectors/" + name + "/tasks"));
            assertNoSecret("the status of " + name, restGet("connectors/" + name + "/status"));
        }
        assertNoSecret("the worker's log", logs.text());
        assertTrue(logs.text().contains("names AD FS authority " + adfs.emulator.adfsAuthority()),
                "the log was captured (the authority look-up's INFO line is missing)");
        for (String name : List.of("adfs", "windows", "crm2016")) {
            connect.deleteConnector(name);
        }
    }

    @Test
    void aWrongPasswordFailsValidateOnThePasswordFieldThroughTheRestApi() throws Exception {
        Map<String, String> wrongAdfs = adfsConnector();
        wrongAdfs.put("dynamics.password", "Wrong-" + ADFS_PASSWORD);
        Map<String, String> wrongWindows = windowsConnector();
        wrongWindows.put("dynamics.password", "Wrong-" + WINDOWS_PASSWORD);
        for (Map<String, String> config : List.of(wrongAdfs, wrongWindows)) {
            ConfigInfos result = connect.validateConnectorConfig(DynamicsSourceConnector.class.getSimpleName(), config);
            Map<String, List<String>> errors = new HashMap<>();
            String shownPassword = null;
            for (ConfigInfo info : result.values()) {
                if (!info.configValue().errors().isEmpty()) {
                    errors.put(info.configValue().name(), info.configValue().errors());
                }
                if (info.configValue().name().equals("dynamics.password")) {
                    shownPassword = info.configValue().value();
                }
            }
            assertEquals(Set.of("dynamics.password"), errors.keySet(), "only the password field: " + errors);
            if (config == wrongAdfs) {
                assertTrue(errors.get("dynamics.password").get(0).contains("invalid_grant"), errors.toString());
            }
            assertEquals("[hidden]", shownPassword, "validate's answer shows the password hidden");
            assertNoSecret("validate's answer", JSON.writeValueAsString(result));
            assertFalse(JSON.writeValueAsString(result).contains(config.get("dynamics.password")),
                    "validate's answer shows the wrong password");
        }
        // The good password behind the config provider passes: only the wrong one was refused.
        ConfigInfos good = connect.validateConnectorConfig(DynamicsSourceConnector.class.getSimpleName(),
                windowsConnector());
        assertEquals(0, good.errorCount(), JSON.writeValueAsString(good));
        assertNoSecret("the worker's log", logs.text());
        assertFalse(logs.text().contains("Wrong-"), "the wrong password was logged");
    }

    private static void assertNoSecret(String where, String text) {
        for (String secret : SECRETS) {
            assertFalse(text.contains(secret), where + " shows a secret");
        }
    }

    /** The body of a GET on the worker's REST API. */
    private static String restGet(String resource) {
        jakarta.ws.rs.core.Response response = connect.requestGet(connect.endpointForResource(resource));
        assertEquals(200, response.getStatus(), resource);
        return String.valueOf(response.getEntity());
    }

    private static Set<String> upsertKeys(String topic) {
        Set<String> out = new HashSet<>();
        topics.forEach(topic, r -> {
            if (r.value() != null) {
                out.add(ClusterTopics.json(r.key()).path("contactid").asText());
            }
        });
        return out;
    }

    private static Set<String> tombstoneKeys(String topic) {
        Set<String> out = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : topics.readAll(topic)) {
            if (r.value() == null) {
                out.add(ClusterTopics.json(r.key()).path("contactid").asText());
            }
        }
        return out;
    }

    private static String phaseOf(String connector) {
        for (ConnectorOffset o : connect.connectorOffsets(connector).offsets()) {
            if ("contact".equals(o.partition().get("table")) && o.offset() != null) {
                return String.valueOf(o.offset().get("phase"));
            }
        }
        return null;
    }

    private static void awaitPhase(String connector, String phase) throws InterruptedException {
        awaitCondition(() -> phase.equals(phaseOf(connector)), connector + " reaching its " + phase + " phase");
    }

    private static void awaitCondition(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(300);
        }
    }
}
