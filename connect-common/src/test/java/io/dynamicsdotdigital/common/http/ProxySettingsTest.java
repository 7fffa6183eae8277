package io.dynamicsdotdigital.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.common.auth.AuthProvider;
import io.dynamicsdotdigital.emulator.common.EmulatorHttpServer;
import io.dynamicsdotdigital.emulator.common.FaultPlan;
import io.dynamicsdotdigital.emulator.common.RequestLog;
import java.net.Proxy;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Requests go through the configured proxy, which authenticates the client with the configured credentials. */
class ProxySettingsTest {
    static final List<String> seenTargets = new CopyOnWriteArrayList<>();
    static final List<String> seenProxyAuth = new CopyOnWriteArrayList<>();
    static EmulatorHttpServer proxy;

    @BeforeAll
    static void start() throws Exception {
        // A minimal forward proxy for plain-HTTP targets: it demands Basic credentials, then answers itself.
        proxy = EmulatorHttpServer.start("proxy", 0, false, new FaultPlan(), new RequestLog(), s -> "", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Proxy-Authorization");
            seenTargets.add(exchange.getRequestURI().toString());
            if (auth == null) {
                exchange.getResponseHeaders().set("Proxy-Authenticate", "Basic realm=\"test\"");
                exchange.sendResponseHeaders(407, -1);
                return;
            }
            seenProxyAuth.add(auth);
            byte[] body = "via proxy".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        });
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    @Test
    void callsGoThroughTheAuthenticatedProxy() {
        HttpSettings settings = HttpSettings.builder().allowPlainHttp(true)
                .proxy("127.0.0.1", proxy.port())
                .proxyCredentials("proxyuser", new Password("proxypass"))
                .build();
        AuthProvider none = new AuthProvider() {
            @Override
            public void authorize(HttpRequest.Builder request) {
            }

            @Override
            public String describe() {
                return "none";
            }
        };
        ApiHttpClient client = new ApiHttpClient("Proxied", settings, ResilienceSettings.defaults().withMaxAttempts(1),
                none, "proxy-test", ApiCallListener.NONE);
        HttpResponse<String> response = client.sendForString(
                HttpRequest.newBuilder(URI.create("http://api.example.invalid:8080/v2/account-info")), "account");
        assertEquals(200, response.statusCode());
        assertEquals("via proxy", response.body());
        assertTrue(seenTargets.contains("http://api.example.invalid:8080/v2/account-info"), seenTargets.toString());
        String expected = "Basic " + Base64.getEncoder().encodeToString("proxyuser:proxypass".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(expected), seenProxyAuth);
    }

    @Test
    void proxyForLibrariesTakingAJavaNetProxy() {
        HttpSettings direct = HttpSettings.builder().build();
        assertEquals(Proxy.NO_PROXY, HttpClientFactory.proxy(direct));
        HttpSettings viaProxy = HttpSettings.builder().proxy("proxy.corp", 8080).build();
        assertEquals(Proxy.Type.HTTP, HttpClientFactory.proxy(viaProxy).type());
        assertTrue(HttpClientFactory.proxy(viaProxy).address().toString().contains("proxy.corp"));
    }
}
