package io.dynamicsdotdigital.systemtests;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Record bytes as a producer outside Connect writes them: the JsonConverter's schema envelope
 * ({@code {"schema": ..., "payload": ...}}) or plain JSON, built by hand so the tests need no Connect converter.
 */
final class ConnectJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private ConnectJson() {
    }

    static ObjectNode type(String type) {
        return JSON.createObjectNode().put("type", type).put("optional", true);
    }

    static ObjectNode string() {
        return type("string");
    }

    static ObjectNode int32() {
        return type("int32");
    }

    static ObjectNode int64() {
        return type("int64");
    }

    /** Connect's FLOAT64, which the JsonConverter names "double". */
    static ObjectNode float64() {
        return type("double");
    }

    static ObjectNode bool() {
        return type("boolean");
    }

    static ObjectNode decimal(int scale) {
        ObjectNode s = type("bytes").put("name", "org.apache.kafka.connect.data.Decimal").put("version", 1);
        s.putObject("parameters").put("scale", Integer.toString(scale));
        return s;
    }

    /** Connect's Date: days since the epoch as int32. */
    static ObjectNode date() {
        return type("int32").put("name", "org.apache.kafka.connect.data.Date").put("version", 1);
    }

    /** Connect's Timestamp: epoch milliseconds as int64. */
    static ObjectNode timestamp() {
        return type("int64").put("name", "org.apache.kafka.connect.data.Timestamp").put("version", 1);
    }

    /** A struct schema from alternating field names and field schemas. */
    static ObjectNode struct(Object... nameThenSchema) {
        ObjectNode s = type("struct");
        ArrayNode fields = s.putArray("fields");
        for (int i = 0; i < nameThenSchema.length; i += 2) {
            ObjectNode f = ((ObjectNode) nameThenSchema[i + 1]).deepCopy();
            f.put("field", (String) nameThenSchema[i]);
            fields.add(f);
        }
        return s;
    }

    /** The base64 payload of a Connect Decimal. */
    static String decimalPayload(BigDecimal value) {
        return Base64.getEncoder().encodeToString(value.unscaledValue().toByteArray());
    }

    /** An ordered map that, unlike Map.of, takes null values. */
    static Map<String, Object> map(Object... keyThenValue) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyThenValue.length; i += 2) {
            m.put((String) keyThenValue[i], keyThenValue[i + 1]);
        }
        return m;
    }

    static byte[] envelope(ObjectNode schema, Object payload) {
        ObjectNode root = JSON.createObjectNode();
        root.set("schema", schema);
        root.set("payload", JSON.valueToTree(payload));
        return bytes(root);
    }

    static byte[] plain(Object value) {
        return bytes(value);
    }

    static String text(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {"a":{"a":...{"a":"x"}...}} nested {@code depth} objects deep. */
    static String nested(int depth) {
        return "{\"a\":".repeat(depth) + "\"x\"" + "}".repeat(depth);
    }

    /** A JSON object whose email is fine but which carries an integer of {@code digits} digits. */
    static String longNumber(String email, int digits) {
        return "{\"emailaddress1\":\"" + email + "\",\"score\":" + "9".repeat(digits) + "}";
    }
}
