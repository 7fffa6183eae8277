package io.dynamicsdotdigital.emulator.dataverse;

import java.util.Map;

/** An error answered with the Web API's error body {@code {"error":{"code":"0x...","message":"..."}}}. */
final class ODataException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** Generic code the Web API uses for query and routing errors. */
    static final String QUERY_ERROR = "0x80060888";

    private final int status;
    private final String code;
    private final Map<String, String> headers;

    ODataException(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    ODataException(int status, String code, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.headers = headers;
    }

    static ODataException badRequest(String message) {
        return new ODataException(400, QUERY_ERROR, message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    Map<String, String> headers() {
        return headers;
    }
}
