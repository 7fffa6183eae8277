package io.dynamicsdotdigital.emulator.dotdigital;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One REST request: decoded path segments, query, a size-capped body, and streaming JSON answers. */
final class HttpCall {
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonFactory FACTORY = JSON.getFactory();
    static final long MAX_BODY_BYTES = 50L * 1024 * 1024;

    /** An error answer raised from deep inside a handler. */
    static final class ApiError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String body;

        ApiError(int status, String body) {
            super(body, null, false, false);
            this.status = status;
            this.body = body;
        }
    }

    /** Writes the rows of a JSON answer. */
    @FunctionalInterface
    interface JsonBody {
        void write(JsonGenerator g) throws IOException;
    }

    final HttpExchange exchange;
    final String method;
    final List<String> segments;
    final Map<String, String> query;
    private byte[] body;

    HttpCall(HttpExchange exchange) {
        this.exchange = exchange;
        this.method = exchange.getRequestMethod().toUpperCase();
        String rawPath = exchange.getRequestURI().getRawPath();
        List<String> segs = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                segs.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        this.segments = List.copyOf(segs);
        Map<String, String> q = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                q.putIfAbsent(k, v);
            }
        }
        this.query = q;
    }

    int size() {
        return segments.size();
    }

    String seg(int i) {
        return i < segments.size() ? segments.get(i) : null;
    }

    boolean is(String method, String... pattern) {
        if (!this.method.equals(method) || segments.size() != pattern.length) {
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            if (!"*".equals(pattern[i]) && !pattern[i].equalsIgnoreCase(segments.get(i))) {
                return false;
            }
        }
        return true;
    }

    String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    byte[] body() throws IOException {
        if (body == null) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[65536];
            long total = 0;
            try (InputStream in = exchange.getRequestBody()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    total += n;
                    if (total > MAX_BODY_BYTES) {
                        drain(in);
                        throw new ApiError(413, null);
                    }
                    out.write(buf, 0, n);
                }
            }
            body = out.toByteArray();
        }
        return body;
    }

    /** Reads (bounded) what the client still sends so that it sees the 413 instead of a reset connection. */
    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[65536];
        long left = 4 * MAX_BODY_BYTES;
        int n;
        while (left > 0 && (n = in.read(buf)) > 0) {
            left -= n;
        }
    }

    JsonNode json(JsonNode orElse) throws IOException {
        byte[] b = body();
        if (b.length == 0) {
            return orElse;
        }
        try {
            return JSON.readTree(b);
        } catch (IOException e) {
            throw new ApiError(400, null);
        }
    }

    void header(String name, String value) {
        exchange.getResponseHeaders().set(name, value);
    }

    void sendJson(int status, JsonBody writer) throws IOException {
        header("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, 0);
        try (OutputStream out = exchange.getResponseBody();
             JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            writer.write(g);
        }
    }

    void sendText(int status, String contentType, String text) throws IOException {
        byte[] bytes = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
        if (contentType != null && bytes.length > 0) {
            header("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    void sendStatus(int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
    }
}
