package io.dynamicsdotdigital.common.http;

/**
 * A request that must not be carried out twice (a creation) was sent, or may have been, and no answer says whether
 * the server applied it: a timeout, a dropped connection, or 502, 503 or 504 from a gateway that may have passed it
 * on. It was not sent again. {@link #statusCode()} is that status, or 0 when no answer came. The caller decides:
 * look the result up if the API allows it, otherwise report the request instead of risking a duplicate.
 */
public class ApiOutcomeUnknownException extends ApiException {
    private static final long serialVersionUID = 1L;

    public ApiOutcomeUnknownException(String message, int statusCode, Throwable cause) {
        super(message, statusCode, cause);
    }
}
