package io.dynamicsdotdigital.emulator.dataverse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.MsalServiceException;
import io.dynamicsdotdigital.emulator.common.SelfSignedTls;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthContractTest {
    static DataverseEmulator emu;
    static WebApiClient api;

    @BeforeAll
    static void start() {
        emu = DataverseEmulator.builder().seed(DataverseSeed.empty().contacts(5)).build().start();
        api = new WebApiClient(emu);
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    static ConfidentialClientApplication msal(DataverseEmulator emulator, String clientId, IClientCredential credential)
            throws Exception {
        return ConfidentialClientApplication.builder(clientId, credential)
                .authority(emulator.authorityUrl())
                .sslSocketFactory(SelfSignedTls.shared().clientContext().getSocketFactory())
                .instanceDiscovery(false)
                .validateAuthority(false)
                .aadInstanceDiscoveryResponse(emulator.instanceDiscoveryResponse())
                .build();
    }

    static String acquire(DataverseEmulator emulator, ConfidentialClientApplication app, boolean skipCache) throws Exception {
        return app.acquireToken(ClientCredentialParameters.builder(Set.of(emulator.scope())).skipCache(skipCache).build())
                .get(30, TimeUnit.SECONDS).accessToken();
    }

    private static long tokenRequests(DataverseEmulator emulator) {
        return emulator.requests().count("POST /" + emulator.tenantId() + "/oauth2/v2.0/token");
    }

    @Test
    void apiCallsWithoutAValidBearerTokenAnswer401WithAnODataError() {
        WebApiClient anonymous = new WebApiClient(emu);
        anonymous.token = null;
        WebApiClient.Answer a = anonymous.get("contacts?$select=fullname");
        assertEquals(401, a.status());
        assertTrue(a.json().get("error").has("message"));
        assertTrue(a.header("WWW-Authenticate").startsWith("Bearer authorization_uri="));
        anonymous.token = "forged";
        assertEquals(401, anonymous.get("contacts").status());
    }

    @Test
    void msal4jClientSecretFlowCachesAndRefetchesAfterExpiry() throws Exception {
        ConfidentialClientApplication app = msal(emu, emu.clientId(), ClientCredentialFactory.createFromSecret(emu.clientSecret()));
        long before = tokenRequests(emu);
        String token = acquire(emu, app, false);
        assertEquals(token, acquire(emu, app, false), "msal4j's cache serves the second call");
        assertEquals(before + 1, tokenRequests(emu));
        WebApiClient client = new WebApiClient(emu);
        client.token = token;
        assertEquals(200, client.get("contacts?$select=fullname").status());

        emu.expireAllAccessTokens();
        assertEquals(401, client.get("contacts?$select=fullname").status());
        client.token = acquire(emu, app, true);
        assertNotEquals(token, client.token);
        assertEquals(200, client.get("contacts?$select=fullname").status());
    }

    @Test
    void shortLivedTokensAreRefreshedByMsal4j() throws Exception {
        emu.tokenLifetime(Duration.ofSeconds(200));
        try {
            ConfidentialClientApplication app = msal(emu, emu.clientId(), ClientCredentialFactory.createFromSecret(emu.clientSecret()));
            long before = tokenRequests(emu);
            String first = acquire(emu, app, false);
            String second = acquire(emu, app, false);
            assertNotEquals(first, second, "tokens with 300 s or less left are fetched again");
            assertEquals(before + 2, tokenRequests(emu));
        } finally {
            emu.tokenLifetime(Duration.ofSeconds(3599));
        }
    }

    @Test
    void wrongSecretIsAnInvalidClientServiceException() throws Exception {
        ConfidentialClientApplication app = msal(emu, emu.clientId(), ClientCredentialFactory.createFromSecret("wrong"));
        ExecutionException e = assertThrows(ExecutionException.class, () -> acquire(emu, app, true));
        MsalServiceException cause = (MsalServiceException) e.getCause();
        assertEquals("invalid_client", cause.errorCode());
        assertEquals(401, cause.statusCode());
        WebApiClient.Answer raw = api.fetchToken(emu.clientId(), "wrong");
        assertEquals(401, raw.status());
        assertEquals(7000215, raw.json().get("error_codes").get(0).asInt());
        assertTrue(raw.json().get("error_description").asText().startsWith("AADSTS7000215"));
    }

    @Test
    void msal4jCertificateFlowIsVerifiedAgainstTheRegisteredCertificate(@TempDir Path dir) throws Exception {
        KeyStore store = keyPair(dir, "app");
        PrivateKey key = (PrivateKey) store.getKey("app", "changeit".toCharArray());
        X509Certificate cert = (X509Certificate) store.getCertificate("app");
        String appId = "3f2a1b4c-0000-4000-8000-00000000c3e7";
        emu.registerClientCertificate(appId, cert);
        String token = acquire(emu, msal(emu, appId, ClientCredentialFactory.createFromCertificate(key, cert)), true);
        WebApiClient client = new WebApiClient(emu);
        client.token = token;
        assertEquals(200, client.get("contacts?$select=fullname").status());

        // Knows the public certificate but signs with another key.
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        ConfidentialClientApplication impostor = msal(emu, appId, ClientCredentialFactory.createFromCertificate(
                generator.generateKeyPair().getPrivate(), cert));
        ExecutionException e = assertThrows(ExecutionException.class, () -> acquire(emu, impostor, true));
        assertEquals("invalid_client", ((MsalServiceException) e.getCause()).errorCode());
    }

    @Test
    void plainHttpApiKeepsAnHttpsTokenEndpoint() throws Exception {
        try (DataverseEmulator plain = DataverseEmulator.builder().https(false).seed(DataverseSeed.empty().accounts(3))
                .build().start()) {
            assertTrue(plain.orgUrl().startsWith("http://127.0.0.1:"));
            assertTrue(plain.authorityUrl().startsWith("https://127.0.0.1:"));
            assertNotEquals(plain.port(), Integer.parseInt(plain.authorityUrl().split(":")[2].split("/")[0]));
            String token = acquire(plain, msal(plain, plain.clientId(),
                    ClientCredentialFactory.createFromSecret(plain.clientSecret())), true);
            WebApiClient client = new WebApiClient(plain);
            client.token = token;
            assertEquals(3, client.get("accounts?$select=name").json().get("value").size());
        }
    }

    static KeyStore keyPair(Path dir, String alias) throws Exception {
        Path file = dir.resolve(alias + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048",
                "-validity", "30", "-dname", "CN=" + alias, "-keystore", file.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit")).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, output);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, "changeit".toCharArray());
        }
        return store;
    }
}
