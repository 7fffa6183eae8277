package io.dynamicsdotdigital.dataverse.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The Web API's error body {@code {"error":{"code":"0x80044352","message":"..."}}}. The code is often empty.
 *
 * @param code    the hexadecimal error code, or ""
 * @param message the message, or a short excerpt of a body that was not the usual shape
 */
public record DataverseError(String code, String message) {
    /** "Version stamp associated with the client has expired": the delta token can no longer be used. */
    public static final String EXPIRED_DELTA_TOKEN = "0x80044352";
    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_EXCERPT = 300;

    public boolean isExpiredDeltaToken() {
        return EXPIRED_DELTA_TOKEN.equalsIgnoreCase(code)
                || message.contains("Version stamp associated with the client has expired");
    }

    /** Reads an error body; never fails (an unreadable body becomes a message excerpt). */
    public static DataverseError read(InputStream body) {
        if (body == null) {
            return new DataverseError("", "(no body)");
        }
        byte[] bytes;
        try (InputStream in = body) {
            bytes = in.readNBytes(64 * 1024);
        } catch (IOException e) {
            return new DataverseError("", "(body could not be read: " + e.getMessage() + ")");
        }
        return read(bytes);
    }

    public static DataverseError read(byte[] bytes) {
        String code = null;
        String message = null;
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken t = p.nextToken();
                    if (field.equals("error") && t == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String inner = p.currentName();
                            p.nextToken();
                            if (inner.equals("code")) {
                                code = p.getValueAsString();
                            } else if (inner.equals("message")) {
                                message = p.getValueAsString();
                            } else {
                                p.skipChildren();
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                }
            }
        } catch (IOException e) {
            // Not JSON: fall through to the excerpt.
        }
        if (message == null) {
            String text = new String(bytes, StandardCharsets.UTF_8).strip();
            message = text.isEmpty() ? "(empty body)"
                    : text.length() > MAX_EXCERPT ? text.substring(0, MAX_EXCERPT) + "..." : text;
        }
        return new DataverseError(code == null ? "" : code, message);
    }

    /** The first 500 characters of an answer body, for error messages. */
    public static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }

    @Override
    public String toString() {
        return (code.isEmpty() ? "" : code + " ") + message;
    }
}
