package io.dynamicsdotdigital.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** The Connect REST API used the way a user's tooling would: plain HTTP and JSON, no Connect classes. */
final class ConnectRest {
    static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ConnectRest(URI base) {
        this.base = base;
    }

    URI base() {
        return base;
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), 200);
    }

    /** {@code PUT /connector-plugins/{class}/config/validate}: the worker's verdict on a connector configuration. */
    JsonNode validate(String connectorClass, Map<String, String> config) throws IOException, InterruptedException {
        String path = "connector-plugins/" + URLEncoder.encode(connectorClass, StandardCharsets.UTF_8)
                + "/config/validate";
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config))), 200);
    }

    private JsonNode send(HttpRequest.Builder request, int expectedStatus) throws IOException, InterruptedException {
        HttpRequest built = request.header("Accept", "application/json").timeout(Duration.ofSeconds(120)).build();
        HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expectedStatus) {
            throw new AssertionError(built.method() + " " + built.uri() + " answered " + response.statusCode()
                    + " (expected " + expectedStatus + "): " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
