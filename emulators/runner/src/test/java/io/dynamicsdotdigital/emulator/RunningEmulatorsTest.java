package io.dynamicsdotdigital.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts both emulators the way the jar does and talks to them through the trust store it writes into the state
 * directory (created on start).
 */
class RunningEmulatorsTest {
    @TempDir
    static Path dir;
    static RunningEmulators emulators;
    static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        EmulatorOptions o = EmulatorOptions.parse("--dataverse-port", "0", "--dotdigital-port", "0",
                "--seed-contacts", "25", "--seed-leads", "5", "--seed-accounts", "3", "--seed-lists", "2",
                "--seed-campaigns", "2", "--seed-dotdigital-contacts", "20", "--seed-activities", "10",
                "--state-dir", dir.resolve("state").toString(), "--truststore-password", "s3cret");
        emulators = RunningEmulators.start(o);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("state/emulators-truststore.p12"))) {
            trust.load(in, "s3cret".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() {
        if (emulators != null) {
            emulators.close();
        }
    }

    @Test
    void connectionInfoDescribesReachableSeededEmulators() throws Exception {
        Map<String, String> info = emulators.connectionInfo();
        assertEquals("25", info.get("SEEDED_DATAVERSE_CONTACT"));
        assertEquals("5", info.get("SEEDED_DATAVERSE_LEAD"));
        assertEquals("3", info.get("SEEDED_DATAVERSE_ACCOUNT"));
        assertEquals("2", info.get("SEEDED_DATAVERSE_LIST"));
        assertEquals("2", info.get("SEEDED_DOTDIGITAL_CAMPAIGNS"));
        assertEquals("false", info.get("ALLOW_PLAIN_HTTP"));
        assertEquals(dir.resolve("state/emulators-truststore.p12").toAbsolutePath().toString(),
                info.get("TRUSTSTORE_PATH"));
        assertEquals(dir.resolve("state/emulators-truststore.pem").toAbsolutePath().toString(),
                info.get("CA_PEM_PATH"));
        java.security.cert.Certificate pem = java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(dir.resolve("state/emulators-truststore.pem")));
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("state/emulators-truststore.p12"))) {
            p12.load(in, "s3cret".toCharArray());
        }
        assertEquals(p12.getCertificate(p12.aliases().nextElement()), pem);
        assertTrue(info.get("DATAVERSE_URL").startsWith("https://127.0.0.1:"), info.get("DATAVERSE_URL"));
        assertTrue(info.get("DOTDIGITAL_API_ENDPOINT").startsWith("https://127.0.0.1:"));

        // Client credentials at the printed authority, then a Web API call with the token.
        String form = "grant_type=client_credentials&client_id=" + enc(info.get("DATAVERSE_CLIENT_ID"))
                + "&client_secret=" + enc(info.get("DATAVERSE_CLIENT_SECRET"))
                + "&scope=" + enc(info.get("DATAVERSE_URL") + "/.default");
        HttpResponse<String> token = client.send(HttpRequest.newBuilder(
                        URI.create(info.get("DATAVERSE_AUTHORITY") + "oauth2/v2.0/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, token.statusCode(), token.body());
        String accessToken = token.body().replaceAll("(?s).*\"access_token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        HttpResponse<String> contacts = client.send(HttpRequest.newBuilder(
                        URI.create(info.get("DATAVERSE_WEB_API_URL") + "contacts?$select=emailaddress1&$count=true"))
                .header("Authorization", "Bearer " + accessToken).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, contacts.statusCode(), contacts.body());
        assertTrue(contacts.body().contains("emailaddress1"), contacts.body());

        String basic = Base64.getEncoder().encodeToString((info.get("DOTDIGITAL_API_USER") + ":"
                + info.get("DOTDIGITAL_API_PASSWORD")).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> account = client.send(HttpRequest.newBuilder(
                        URI.create(info.get("DOTDIGITAL_API_ENDPOINT") + "/v2/account-info"))
                .header("Authorization", "Basic " + basic).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, account.statusCode(), account.body());
        assertTrue(account.body().contains("ApiEndpoint"), account.body());
    }

    @Test
    void statsFileCountsRequestsByEndpointFamilyAndRows() throws Exception {
        Path stats = dir.resolve("stats.tsv");
        try (StatsFileWriter writer = new StatsFileWriter(emulators, stats, 60_000)) {
            writer.write();
        }
        String text = Files.readString(stats);
        assertTrue(text.contains("rows\tdataverse.contact\t25\n"), text);
        assertTrue(text.contains("rows\tdotdigital.contacts\t"), text);
        long before = emulators.dotdigital().requests().count("GET /v2/account-info");
        assertTrue(text.contains("requests\tdotdigital\tGET /v2/account-info\t" + before + "\n") || before == 0,
                text);
    }

    @Test
    void shellAssignmentsQuoteValues() {
        assertEquals("A='x'\nB='it'\\''s'\n", EmulatorsMain.shellAssignments(
                new java.util.LinkedHashMap<>(Map.of("A", "x")) {{
                    put("B", "it's");
                }}));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
