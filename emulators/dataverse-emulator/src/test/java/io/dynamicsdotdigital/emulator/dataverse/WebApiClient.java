package io.dynamicsdotdigital.emulator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamicsdotdigital.emulator.common.SelfSignedTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small real-HTTP client for the contract tests: trusts the emulator's certificate, gets a token by form POST. */
final class WebApiClient {
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder()
            .sslContext(SelfSignedTls.shared().clientContext())
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    final DataverseEmulator emu;
    String token;

    WebApiClient(DataverseEmulator emu) {
        this.emu = emu;
        this.token = fetchToken(emu.clientId(), emu.clientSecret()).json().path("access_token").asText();
    }

    /** A response with its body parsed when it is JSON. */
    static final class Answer {
        final HttpResponse<String> response;

        Answer(HttpResponse<String> response) {
            this.response = response;
        }

        int status() {
            return response.statusCode();
        }

        JsonNode json() {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON: " + response.body(), e);
            }
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return response.statusCode() + " " + response.body();
        }
    }

    Answer fetchToken(String clientId, String secret) {
        String form = "grant_type=client_credentials&client_id=" + enc(clientId) + "&client_secret=" + enc(secret)
                + "&scope=" + enc(emu.scope());
        return send(HttpRequest.newBuilder(URI.create(emu.tokenEndpointUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** GET {@code relative} (under /api/data/v9.2/, or absolute) with optional Prefer values. */
    Answer get(String relative, String... prefer) {
        return send(request(relative, prefer).GET().build());
    }

    HttpRequest.Builder request(String relative, String... prefer) {
        String url = relative.startsWith("http") ? relative : emu.webApiUrl() + relative;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json")
                .header("OData-MaxVersion", "4.0")
                .header("OData-Version", "4.0");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (prefer.length > 0) {
            b.header("Prefer", String.join(",", prefer));
        }
        return b;
    }

    Answer send(HttpRequest request) {
        try {
            return new Answer(http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
