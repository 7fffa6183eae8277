package io.dynamicsdotdigital.common.http;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * A call to an external API failed for good: retries exhausted, the circuit is open, or the answer can not be used.
 * The message names the API, the method and path (never the query, which may carry tokens) and the status.
 */
public class ApiException extends ConnectException {
    private static final long serialVersionUID = 1L;
    private final int statusCode;

    public ApiException(String message, int statusCode, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
    }

    public ApiException(String message, int statusCode) {
        this(message, statusCode, null);
    }

    /** The last HTTP status seen, or 0 when no answer arrived (timeouts, resets, open circuit). */
    public int statusCode() {
        return statusCode;
    }
}
