package io.dynamicsdotdigital.emulator.dataverse;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.sun.net.httpserver.HttpExchange;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Streams Web API responses with Jackson straight into the (chunked) response body. */
final class JsonOut {
    static final JsonFactory FACTORY = new JsonFactory();
    static final String CONTENT_TYPE = "application/json; odata.metadata=minimal";
    private static final Map<String, SerializedString> NAMES = new ConcurrentHashMap<>();
    private static final SerializedString ETAG = new SerializedString("@odata.etag");

    private JsonOut() {
    }

    static SerializedString name(String name) {
        return NAMES.computeIfAbsent(name, SerializedString::new);
    }

    /** Sends the headers (chunked, status as given) and returns a generator writing the body. */
    static JsonGenerator start(HttpExchange exchange, int status) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.getResponseHeaders().set("OData-Version", "4.0");
        exchange.sendResponseHeaders(status, 0);
        OutputStream out = new BufferedOutputStream(exchange.getResponseBody(), 64 * 1024);
        return FACTORY.createGenerator(out, JsonEncoding.UTF8);
    }

    static void writeRow(JsonGenerator gen, Row row, int[] columns, SerializedString[] names) throws IOException {
        gen.writeStartObject();
        gen.writeFieldName(ETAG);
        gen.writeString(row.etag);
        for (int i = 0; i < columns.length; i++) {
            gen.writeFieldName(names[i]);
            writeValue(gen, row.get(columns[i]));
        }
        gen.writeEndObject();
    }

    static void writeValue(JsonGenerator gen, Object v) throws IOException {
        if (v == null) {
            gen.writeNull();
        } else if (v instanceof String) {
            gen.writeString((String) v);
        } else if (v instanceof Integer) {
            gen.writeNumber((Integer) v);
        } else if (v instanceof Long) {
            gen.writeNumber((Long) v);
        } else if (v instanceof Boolean) {
            gen.writeBoolean((Boolean) v);
        } else if (v instanceof BigDecimal) {
            gen.writeNumber((BigDecimal) v);
        } else if (v instanceof Double) {
            gen.writeNumber((Double) v);
        } else if (v instanceof Instant) {
            gen.writeString(instantText((Instant) v));
        } else {
            gen.writeString(v.toString());
        }
    }

    private static final int INSTANT_CACHE = 4096;
    private static final Object[] INSTANT_TEXTS = new Object[INSTANT_CACHE];

    /** ISO text of a second-precision instant; rows share seconds a lot, so recent renderings are reused. */
    static String instantText(Instant instant) {
        long second = instant.getEpochSecond();
        int slot = (int) Math.floorMod(second, (long) INSTANT_CACHE);
        Object cached = INSTANT_TEXTS[slot];
        if (cached instanceof CachedInstant && ((CachedInstant) cached).second == second && instant.getNano() == 0) {
            return ((CachedInstant) cached).text;
        }
        String text = instant.toString();
        if (instant.getNano() == 0) {
            INSTANT_TEXTS[slot] = new CachedInstant(second, text);
        }
        return text;
    }

    private static final class CachedInstant {
        final long second;
        final String text;

        CachedInstant(long second, String text) {
            this.second = second;
            this.text = text;
        }
    }

    static void error(HttpExchange exchange, int status, String code, String message, Map<String, String> headers)
            throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        byte[] body = errorBody(code, message).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.getResponseHeaders().set("OData-Version", "4.0");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static String errorBody(String code, String message) {
        try {
            java.io.StringWriter w = new java.io.StringWriter();
            try (JsonGenerator gen = FACTORY.createGenerator(w)) {
                gen.writeStartObject();
                gen.writeObjectFieldStart("error");
                gen.writeStringField("code", code);
                gen.writeStringField("message", message);
                gen.writeEndObject();
                gen.writeEndObject();
            }
            return w.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
