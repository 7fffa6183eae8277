package io.dynamicsdotdigital.dataverse.client.webapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamicsdotdigital.common.http.ApiCallListener;
import io.dynamicsdotdigital.common.http.HttpConfigDefs;
import io.dynamicsdotdigital.dataverse.client.DataverseApiException;
import io.dynamicsdotdigital.dataverse.client.DataverseConnectionConfig;
import io.dynamicsdotdigital.dataverse.client.DataverseConnectionConfigDefs;
import io.dynamicsdotdigital.dataverse.client.PageQuery;
import io.dynamicsdotdigital.dataverse.client.PageResult;
import io.dynamicsdotdigital.dataverse.client.Paging;
import io.dynamicsdotdigital.dataverse.client.RequestGate;
import io.dynamicsdotdigital.dataverse.client.RowReader;
import io.dynamicsdotdigital.dataverse.client.WriteRequest;
import io.dynamicsdotdigital.dataverse.client.WriteResult;
import io.dynamicsdotdigital.emulator.common.SelfSignedTls;
import io.dynamicsdotdigital.emulator.dataverse.DataverseEmulator;
import io.dynamicsdotdigital.emulator.dataverse.DataverseSeed;
import io.dynamicsdotdigital.emulator.dataverse.OnPremises;
import io.dynamicsdotdigital.emulator.dataverse.ServerVersion;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.PatternLayout;
import org.apache.log4j.WriterAppender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each on-premises sign-in of the Dataverse client against the emulator's on-premises modes: AD FS service-user
 * tokens (authority found in the 401, refresh tokens reused, renewal mid-run), Windows authentication (a real NTLMv2
 * handshake, again after the server forgets the connection), the app-only refusal, and Web API 8.x.
 */
class OnPremisesSignInTest {
    static final String PASSWORD = "Pa55-w0rd!service";
    static final String ADFS_SECRET = "adfs-client-secret-value";
    @TempDir
    static Path dir;
    static Path trustStore;

    /** Shared by the tests (starting an emulator costs seconds): counters are compared before and after. */
    static DataverseEmulator adfs;
    static DataverseEmulator windows;

    @BeforeAll
    static void start() throws IOException {
        trustStore = SelfSignedTls.shared().writeTrustStore(dir.resolve("trust.p12"), "changeit");
        adfs = DataverseEmulator.builder().seed(DataverseSeed.empty().contacts(7))
                .onPremises(OnPremises.adfs("CONTOSO").user("svc-kafka", PASSWORD).adfsClient("kafka-connect")
                        .adfsClientSecret(ADFS_SECRET)).build().start();
        windows = DataverseEmulator.builder().seed(DataverseSeed.empty().contacts(4))
                .onPremises(OnPremises.windows("CONTOSO").user("svc-kafka", PASSWORD)).build().start();
    }

    @AfterAll
    static void stop() {
        adfs.close();
        windows.close();
    }

    static Map<String, String> adfsProps(String user, String password) {
        Map<String, String> p = props(adfs, "adfs_password", user, password);
        p.put("dynamics.client.id", "kafka-connect");
        p.put("dynamics.client.secret", ADFS_SECRET);
        return p;
    }

    static final class Config extends DataverseConnectionConfig {
        static final ConfigDef DEF = definition();

        Config(Map<String, String> props) {
            super(DEF, props);
        }

        private static ConfigDef definition() {
            ConfigDef def = new ConfigDef();
            DataverseConnectionConfigDefs.addUrlAndVersion(def, "Connection", 0);
            DataverseConnectionConfigDefs.addCredentials(def);
            HttpConfigDefs.addHttp(def);
            HttpConfigDefs.addResilience(def, 6000, 100_000);
            return def;
        }
    }

    static Path trustStore(Path dir) throws IOException {
        return SelfSignedTls.shared().writeTrustStore(dir.resolve("trust.p12"), "changeit");
    }

    static Map<String, String> props(DataverseEmulator emu, String mode, String user, String password) {
        return props(emu, mode, user, password, trustStore);
    }

    static Map<String, String> props(DataverseEmulator emu, String mode, String user, String password,
                                     Path trustStore) {
        Map<String, String> p = new HashMap<>();
        p.put("dynamics.url", emu.orgUrl());
        p.put("dynamics.auth.mode", mode);
        p.put("dynamics.username", user);
        p.put("dynamics.password", password);
        p.put("http.truststore.path", trustStore.toString());
        p.put("http.truststore.password", "changeit");
        p.put("http.truststore.type", "PKCS12");
        p.put("retry.backoff.initial.ms", "50");
        p.put("retry.backoff.max.ms", "200");
        return p;
    }

    static WebApiDataverseClient client(Map<String, String> props) {
        Config config = new Config(props);
        return WebApiDataverseClient.create(config, config.resilienceSettings(), "test|" + props.get("dynamics.url")
                + props.get("dynamics.auth.mode"), null, new RequestGate(4), 50);
    }

    static int countRows(WebApiDataverseClient client, String entitySet) {
        AtomicInteger rows = new AtomicInteger();
        PageResult page = client.readPage(new PageQuery.Snapshot(entitySet, List.of("contactid"), Paging.PLAIN),
                new RowReader() {
                    @Override
                    public void beginRow() {
                    }

                    @Override
                    public boolean column(String name, JsonToken token, JsonParser parser) {
                        return true;
                    }

                    @Override
                    public boolean annotation(String name, JsonParser parser) {
                        return false;
                    }

                    @Override
                    public void endRow() {
                        rows.incrementAndGet();
                    }

                    @Override
                    public void deleted(String id, String reason) {
                    }
                }, "snapshot of " + entitySet);
        assertNotNull(page);
        return rows.get();
    }

    /** Log output of the client while {@code body} runs, to prove no secret is logged. */
    static String logsOf(Runnable body) {
        StringWriter out = new StringWriter();
        WriterAppender appender = new WriterAppender(new PatternLayout("%p %c %m%n"), out);
        Logger root = Logger.getRootLogger();
        Level before = root.getLevel();
        root.addAppender(appender);
        root.setLevel(Level.DEBUG);
        try {
            body.run();
        } finally {
            root.removeAppender(appender);
            root.setLevel(before);
        }
        return out.toString();
    }

    @Test
    void adfsServiceUserReadsWithTheAuthorityFromThe401AndRenewsByRefreshToken() {
        DataverseEmulator emu = adfs;
        int passwords = emu.adfsPasswordGrants();
        int refreshes = emu.adfsRefreshGrants();
        String logs = logsOf(() -> {
            WebApiDataverseClient client = client(adfsProps("svc-kafka@contoso.local", PASSWORD));
            client.verifyCredentials();
            assertEquals(7, countRows(client, "contacts"));
            assertEquals(passwords + 1, emu.adfsPasswordGrants());
            // Mid-run the server stops accepting the token (expired early, revoked): the client gets a new one with
            // its refresh token, not the password, and the read goes on.
            emu.expireAllAccessTokens();
            assertEquals(7, countRows(client, "contacts"));
            assertEquals(passwords + 1, emu.adfsPasswordGrants());
            assertEquals(refreshes + 1, emu.adfsRefreshGrants());
        });
        assertTrue(logs.contains("names AD FS authority " + emu.adfsAuthority()), logs);
        assertFalse(logs.contains(PASSWORD), "the password was logged");
        assertFalse(logs.contains(ADFS_SECRET), "the client secret was logged");
    }

    @Test
    void adfsTokensAreRenewedBeforeTheyExpire() throws Exception {
        DataverseEmulator emu = adfs;
        Map<String, String> p = adfsProps("CONTOSO\\svc-kafka", PASSWORD);
        p.put("dynamics.authority", emu.adfsAuthority());
        emu.tokenLifetime(Duration.ofSeconds(2));
        try {
            WebApiDataverseClient client = client(p);
            assertEquals(7, countRows(client, "contacts"));
            int passwords = emu.adfsPasswordGrants();
            int refreshes = emu.adfsRefreshGrants();
            Thread.sleep(1_100);
            assertEquals(7, countRows(client, "contacts"));
            assertEquals(passwords, emu.adfsPasswordGrants());
            assertEquals(refreshes + 1, emu.adfsRefreshGrants(), "renewed from the refresh token at half its life");
        } finally {
            emu.tokenLifetime(Duration.ofSeconds(3599));
        }
    }

    @Test
    void aWrongAdfsPasswordFailsOnThePasswordFieldWithoutShowingIt() {
        Map<String, String> p = adfsProps("svc-kafka@contoso.local", "Wrong-" + PASSWORD);
        ConfigException e = assertThrows(ConfigException.class, () -> client(p).verifyCredentials());
        assertTrue(e.getMessage().contains("for configuration dynamics.password:"), e.getMessage());
        assertTrue(e.getMessage().contains("invalid_grant"), e.getMessage());
        assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
    }

    @Test
    void clientCredentialsOnPremisesFailValidationWithAPointerToTheUserModes() {
        DataverseEmulator emu = adfs;
        Map<String, String> p = props(emu, "client_credentials", "", "");
        p.put("dynamics.client.id", emu.clientId());
        p.put("dynamics.client.secret", emu.clientSecret());
        p.put("dynamics.authority", emu.adfsAuthority());
        WebApiDataverseClient client = client(p);
        ConfigException e = assertThrows(ConfigException.class, client::verifyCredentials);
        assertTrue(e.getMessage().contains("for configuration dynamics.auth.mode:"), e.getMessage());
        assertTrue(e.getMessage().contains("adfs_password") && e.getMessage().contains("ntlm"), e.getMessage());
        DataverseApiException read = assertThrows(DataverseApiException.class, () -> countRows(client, "contacts"));
        assertEquals(401, read.status());
        assertTrue(read.getMessage().contains("refuses app-only tokens"), read.getMessage());
        assertFalse(read.getMessage().contains(emu.clientSecret()), read.getMessage());
    }

    @Test
    void windowsAuthenticationRunsTheNtlmHandshakeAgainWhenTheServerForgetsTheConnection() {
        DataverseEmulator emu = windows;
        WebApiDataverseClient client = client(props(emu, "ntlm", "CONTOSO\\svc-kafka", PASSWORD));
        String logs = logsOf(() -> {
            int before = emu.windowsHandshakes();
            // The emulator is shared: other tests may have created contacts.
            int rows = emu.table("contact").count();
            client.verifyCredentials();
            assertEquals(rows, countRows(client, "contacts"));
            int handshakes = emu.windowsHandshakes();
            assertTrue(handshakes > before, "no handshake");
            emu.forgetWindowsSessions();
            assertEquals(rows, countRows(client, "contacts"));
            assertTrue(emu.windowsHandshakes() > handshakes, "no new handshake after the server forgot");
            // A POST with a body ($batch) goes through the same transport and handshake.
            emu.forgetWindowsSessions();
            ObjectNode contact = JsonNodeFactory.instance.objectNode().put("lastname", "Windows")
                    .put("emailaddress1", "ntlm@example.com");
            List<WriteResult> written = client.write(List.of(WriteRequest.of("POST", "contacts", contact)));
            assertEquals(1, written.size());
            assertTrue(written.get(0).ok(), String.valueOf(written.get(0)));
            assertEquals(rows + 1, countRows(client, "contacts"));
        });
        assertFalse(logs.contains(PASSWORD), "the password was logged");
    }

    /**
     * A handshake the server loses half-way (it recycles between its challenge and our answer) costs one more
     * request, not the task: credentials that worked before get one new handshake after a 401. Credentials that
     * never worked do not (the wrong-password tests count the attempts).
     */
    @Test
    void aHandshakeTheServerLosesHalfWayIsRunAgainOnceTheCredentialsHaveWorked() {
        DataverseEmulator emu = windows;
        WebApiDataverseClient client = client(props(emu, "ntlm", "CONTOSO\\svc-kafka", PASSWORD));
        int rows = emu.table("contact").count();
        client.verifyCredentials();
        int handshakes = emu.windowsHandshakes();
        emu.forgetWindowsSessions().loseNextWindowsChallenge();
        assertEquals(rows, countRows(client, "contacts"));
        assertTrue(emu.windowsHandshakes() > handshakes, "no new handshake after the lost one");
    }

    /**
     * The Windows-authentication transport (HttpURLConnection) marks a connection that could not be made as never
     * sent, as the java.net.http transport does: a {@code $batch} of creations whose first attempt meets a connect
     * timeout is sent again and creates its row once, instead of ending as "outcome unknown".
     */
    @Test
    void aBatchOfCreationsWhoseConnectTimesOutIsSentAgainAndCreatesOnce() throws Exception {
        DataverseEmulator emu = windows;
        int rows = emu.table("contact").count();
        try (GatedPort gate = new GatedPort(URI.create(emu.orgUrl()).getPort())) {
            Map<String, String> p = props(emu, "ntlm", "CONTOSO\\svc-kafka", PASSWORD);
            p.put("dynamics.url", "https://127.0.0.1:" + gate.port());
            p.put("http.connect.timeout.ms", "300");
            AtomicInteger failedAttempts = new AtomicInteger();
            ApiCallListener opensAfterTheFirstFailure = new ApiCallListener() {
                @Override
                public void onAttempt(String endpointFamily, int status, long elapsedNanos) {
                    if (status == 0 && failedAttempts.incrementAndGet() == 1) {
                        gate.open();
                    }
                }
            };
            Config config = new Config(p);
            WebApiDataverseClient client = WebApiDataverseClient.create(config, config.resilienceSettings(),
                    "test|connect-timeout", opensAfterTheFirstFailure, new RequestGate(1), 50);
            ObjectNode contact = JsonNodeFactory.instance.objectNode().put("lastname", "AfterConnectTimeout");

            List<WriteResult> written = client.write(List.of(WriteRequest.of("POST", "contacts", contact)));

            assertEquals(1, written.size());
            assertTrue(written.get(0).ok(), String.valueOf(written.get(0)));
            assertEquals(1, failedAttempts.get(), "the first attempt met the connect timeout");
            assertEquals(rows + 1, emu.table("contact").count(), "created once");
        }
    }

    @Test
    void aWrongWindowsPasswordFailsOnThePasswordFieldAfterOneHandshake() {
        DataverseEmulator emu = windows;
        int handshakes = emu.windowsHandshakes();
        long whoAmIs = emu.requests().countStartingWith("GET /api/data/v9.2/WhoAmI");
        WebApiDataverseClient client = client(props(emu, "ntlm", "CONTOSO\\svc-kafka", "Wrong-" + PASSWORD));
        ConfigException e = assertThrows(ConfigException.class, client::verifyCredentials);
        assertTrue(e.getMessage().contains("for configuration dynamics.password:"), e.getMessage());
        assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
        assertEquals(handshakes, emu.windowsHandshakes());
        long attempts = emu.requests().countStartingWith("GET /api/data/v9.2/WhoAmI") - whoAmIs;
        assertTrue(attempts <= 3, "the refused password was offered again and again: " + attempts + " requests");
    }

    @Test
    void webApi8HasNoChangeTrackingAndANineServerHasItThroughV8Paths() {
        try (DataverseEmulator emu = DataverseEmulator.builder().seed(DataverseSeed.empty().contacts(2))
                .serverVersion(ServerVersion.V8_2).build().start()) {
            Map<String, String> p = props(emu, "client_credentials", "", "");
            p.put("dynamics.client.id", emu.clientId());
            p.put("dynamics.client.secret", emu.clientSecret());
            p.put("dynamics.authority", emu.authorityUrl());
            p.put("dynamics.api.version", "v8.2");
            WebApiDataverseClient client = client(p);
            assertFalse(client.changeTrackingThroughWebApi("contacts"));
            assertEquals(2, countRows(client, "contacts"));
        }
        try (DataverseEmulator emu = DataverseEmulator.builder().seed(DataverseSeed.empty().contacts(2)).build().start()) {
            Map<String, String> p = props(emu, "client_credentials", "", "");
            p.put("dynamics.client.id", emu.clientId());
            p.put("dynamics.client.secret", emu.clientSecret());
            p.put("dynamics.authority", emu.authorityUrl());
            p.put("dynamics.api.version", "v8.2");
            assertTrue(client(p).changeTrackingThroughWebApi("contacts"));
        }
    }
}
