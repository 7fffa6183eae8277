package io.dynamicsdotdigital.common.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.common.http.HttpSettings;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

/** The generic providers put their credentials on requests and never print them. */
class AuthProvidersTest {
    static final String SECRET = "s3cr3t-Value-that-must-never-leak";

    private static String authorizationHeader(AuthProvider provider) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("https://example.invalid/"));
        provider.authorize(builder);
        return builder.build().headers().firstValue("Authorization").orElseThrow();
    }

    @Test
    void basicAndBearerProvidersNeverPrintTheirSecrets() {
        BasicAuthProvider basic = new BasicAuthProvider("apiuser@apiconnector.com", new Password(SECRET));
        String header = authorizationHeader(basic);
        assertTrue(header.startsWith("Basic "));
        String decoded = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
        assertEquals("apiuser@apiconnector.com:" + SECRET, decoded);
        assertFalse(basic.toString().contains(SECRET));
        assertFalse(basic.describe().contains(SECRET));
        BearerTokenAuthProvider bearer = new BearerTokenAuthProvider(new Password(SECRET));
        assertEquals("Bearer " + SECRET, authorizationHeader(bearer));
        assertFalse(bearer.toString().contains(SECRET));
    }

    @Test
    void httpSettingsNeverPrintPasswords() {
        HttpSettings withSecrets = HttpSettings.builder().proxy("proxy.local", 3128)
                .proxyCredentials("proxyuser", new Password(SECRET))
                .trustStore("/tmp/x.p12", new Password(SECRET), "PKCS12").build();
        assertFalse(withSecrets.toString().contains(SECRET));
        assertTrue(withSecrets.toString().contains("proxy.local:3128"));
    }
}
