package io.dynamicsdotdigital.emulator.dataverse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.emulator.common.SelfSignedTls;
import java.io.InputStream;
import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.net.ssl.HttpsURLConnection;
import org.junit.jupiter.api.Test;

/** The on-premises and 8.x modes answer as Dynamics 365 on premises and Dynamics 2016 do. */
class OnPremisesContractTest {

    @Test
    void md4MatchesTheRfcVectors() {
        assertEquals("31d6cfe0d16ae931b73c59d7e0c089c0", HexFormat.of().formatHex(Md4.digest(new byte[0])));
        assertEquals("a448017aaf21d8525fc10ae87aa6729d",
                HexFormat.of().formatHex(Md4.digest("abc".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("e33b4ddc9c38f2199c3e7b164fcc0536", HexFormat.of().formatHex(Md4.digest(
                "12345678901234567890123456789012345678901234567890123456789012345678901234567890"
                        .getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void appOnlyTokensAreRefusedOnPremisesWithTheAdfsChallenge() {
        try (DataverseEmulator emu = DataverseEmulator.builder().seed(DataverseSeed.empty().contacts(2))
                .onPremises(OnPremises.adfs("CONTOSO").user("svc-kafka", "S3rvice!")).build().start()) {
            WebApiClient api = new WebApiClient(emu);
            WebApiClient.Answer answer = api.get("contacts");
            assertEquals(401, answer.status(), answer.toString());
            assertEquals(ApiAuthentication.APP_ONLY_CODE, answer.json().path("error").path("code").asText());
            assertTrue(answer.json().path("error").path("message").asText().contains("service user"), answer.toString());
            assertEquals("Bearer authorization_uri=" + emu.adfsAuthority() + "oauth2/authorize, resource_id="
                    + emu.orgUrl() + "/", answer.header("WWW-Authenticate"));
        }
    }

    @Test
    void adfsPasswordAndRefreshGrantsGiveUserTokens() {
        try (DataverseEmulator emu = DataverseEmulator.builder().seed(DataverseSeed.empty().contacts(2))
                .onPremises(OnPremises.adfs("CONTOSO").user("svc-kafka", "S3rvice!").adfsClient("kafka")
                        .adfsClientSecret("adfs-secret")).build().start()) {
            WebApiClient api = new WebApiClient(emu);
            WebApiClient.Answer wrong = adfs(api, emu, "grant_type=password&client_id=kafka&client_secret=adfs-secret"
                    + "&username=svc-kafka%40contoso.local&password=nope&resource=" + WebApiClient.enc(emu.orgUrl()));
            assertEquals(400, wrong.status());
            assertEquals("invalid_grant", wrong.json().path("error").asText());
            WebApiClient.Answer noSecret = adfs(api, emu, "grant_type=password&client_id=kafka"
                    + "&username=svc-kafka%40contoso.local&password=S3rvice!&resource=" + WebApiClient.enc(emu.orgUrl()));
            assertEquals(401, noSecret.status());
            WebApiClient.Answer ok = adfs(api, emu, "grant_type=password&client_id=kafka&client_secret=adfs-secret"
                    + "&username=CONTOSO%5Csvc-kafka&password=S3rvice!&resource=" + WebApiClient.enc(emu.orgUrl()));
            assertEquals(200, ok.status(), ok.toString());
            api.token = ok.json().path("access_token").asText();
            assertEquals(200, api.get("contacts").status());
            WebApiClient.Answer refreshed = adfs(api, emu, "grant_type=refresh_token&client_id=kafka"
                    + "&client_secret=adfs-secret&refresh_token="
                    + WebApiClient.enc(ok.json().path("refresh_token").asText()));
            assertEquals(200, refreshed.status(), refreshed.toString());
            api.token = refreshed.json().path("access_token").asText();
            assertEquals(200, api.get("contacts").status());
            assertEquals(1, emu.adfsPasswordGrants());
            assertEquals(1, emu.adfsRefreshGrants());
        }
    }

    private static WebApiClient.Answer adfs(WebApiClient api, DataverseEmulator emu, String form) {
        return api.send(HttpRequest.newBuilder(URI.create(emu.adfsTokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    /** The JDK's own NTLMv2 client (HttpURLConnection) passes the emulator's check only with the right password. */
    @Test
    void windowsAuthenticationVerifiesTheNtlmV2Response() throws Exception {
        try (DataverseEmulator emu = DataverseEmulator.builder().seed(DataverseSeed.empty().contacts(2))
                .onPremises(OnPremises.windows("CONTOSO").user("svc-kafka", "S3rvice!")).build().start()) {
            assertEquals(401, get(emu, null));
            assertEquals(401, get(emu, "wrong"));
            assertEquals(0, emu.windowsHandshakes());
            assertEquals(200, get(emu, "S3rvice!"));
            assertEquals(1, emu.windowsHandshakes());
        }
    }

    private static int get(DataverseEmulator emu, String password) throws Exception {
        HttpsURLConnection c = (HttpsURLConnection) URI.create(emu.webApiUrl() + "contacts").toURL().openConnection();
        c.setSSLSocketFactory(SelfSignedTls.shared().clientContext().getSocketFactory());
        if (password != null) {
            c.setAuthenticator(new Authenticator() {
                private int asked;

                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    // Once: a refused password would otherwise be offered again and again.
                    return asked++ > 0 ? null : new PasswordAuthentication("CONTOSO\\svc-kafka", password.toCharArray());
                }
            });
        }
        int status = c.getResponseCode();
        try (InputStream body = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            if (body != null) {
                body.readAllBytes();
            }
        }
        c.disconnect();
        return status;
    }

    @Test
    void version8ServesV8PathsWithoutWebApiChangeTracking() {
        try (DataverseEmulator emu = DataverseEmulator.builder().seed(DataverseSeed.empty().contacts(3))
                .serverVersion(ServerVersion.V8_2).build().start()) {
            WebApiClient api = new WebApiClient(emu);
            assertEquals(404, api.get("contacts").status(), "an 8.2 server has no /api/data/v9.2/");
            WebApiClient.Answer page = api.get(emu.orgUrl() + "/api/data/v8.2/contacts", "odata.track-changes");
            assertEquals(200, page.status(), page.toString());
            assertEquals(3, page.json().path("value").size());
            assertFalse(page.json().has("@odata.deltaLink"), page.toString());
            String applied = page.header("Preference-Applied");
            assertTrue(applied == null || !applied.contains("track-changes"), applied);
        }
        try (DataverseEmulator emu = DataverseEmulator.builder().seed(DataverseSeed.empty().contacts(3)).build().start()) {
            WebApiClient.Answer page = new WebApiClient(emu).get(emu.orgUrl() + "/api/data/v8.2/contacts",
                    "odata.track-changes");
            assertTrue(page.json().has("@odata.deltaLink"), "a 9.x server also serves v8.x paths, with tracking");
        }
    }
}
