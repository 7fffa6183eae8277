package io.dynamicsdotdigital.emulator.dotdigital;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Just enough multipart/form-data to take the uploaded CSV out of an import request. */
final class Multipart {
    private Multipart() {
    }

    /** The first part that carries a file name (else the first part), decoded as UTF-8. */
    static Optional<String> firstFile(byte[] body, String contentType) {
        String boundary = null;
        for (String p : contentType.split(";")) {
            String t = p.trim();
            if (t.toLowerCase().startsWith("boundary=")) {
                boundary = t.substring(9).replace("\"", "");
            }
        }
        if (boundary == null) {
            return Optional.empty();
        }
        // ISO-8859-1 maps bytes 1:1 to chars, so offsets found here are byte offsets.
        String raw = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary;
        String fallback = null;
        int pos = raw.indexOf(delimiter);
        while (pos >= 0) {
            int start = pos + delimiter.length();
            if (raw.startsWith("--", start)) {
                break;
            }
            int headersEnd = raw.indexOf("\r\n\r\n", start);
            int next = raw.indexOf("\r\n" + delimiter, start);
            if (headersEnd < 0 || next < 0) {
                break;
            }
            String headers = raw.substring(start, headersEnd).toLowerCase();
            String content = new String(body, headersEnd + 4, next - headersEnd - 4, StandardCharsets.UTF_8);
            if (headers.contains("filename=")) {
                return Optional.of(content);
            }
            if (fallback == null) {
                fallback = content;
            }
            pos = next + 2;
        }
        return Optional.ofNullable(fallback);
    }
}
