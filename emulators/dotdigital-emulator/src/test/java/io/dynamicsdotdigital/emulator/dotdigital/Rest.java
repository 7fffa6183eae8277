package io.dynamicsdotdigital.emulator.dotdigital;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamicsdotdigital.emulator.common.SelfSignedTls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A real java.net.http client that trusts the emulator's certificate and sends Basic auth. */
final class Rest {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .sslContext(SelfSignedTls.shared().clientContext())
            .connectTimeout(Duration.ofSeconds(5)).build();

    record Response(int status, String body, java.net.http.HttpHeaders headers) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (" + status + "): " + body, e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private final String base;
    private final String auth;

    Rest(String base, String user, String password) {
        this.base = base;
        this.auth = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    Rest(DotdigitalEmulator emu) {
        this(emu.baseUrl(), emu.apiUser(), emu.apiPassword());
    }

    Response get(String path) {
        return send("GET", path, null, null);
    }

    Response delete(String path) {
        return send("DELETE", path, null, null);
    }

    Response post(String path, Object json) {
        return send("POST", path, json, "application/json");
    }

    Response put(String path, Object json) {
        return send("PUT", path, json, "application/json");
    }

    Response patch(String path, Object json) {
        return send("PATCH", path, json, "application/json");
    }

    Response send(String method, String path, Object body, String contentType) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", auth).header("Accept", "application/json");
            byte[] bytes = body == null ? null : body instanceof byte[] raw ? raw
                    : body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(body);
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            b.method(method, bytes == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(bytes));
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Polls until the import leaves NotFinished (bounded). */
    JsonNode awaitImport(String statusPath, String idField) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            JsonNode n = get(statusPath).json();
            if (!"NotFinished".equals(n.path("status").asText())) {
                return n;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Import still NotFinished: " + n);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
