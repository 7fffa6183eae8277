package io.dynamicsdotdigital.dotdigital.client;

import io.dynamicsdotdigital.common.http.ApiException;

/**
 * A Dotdigital call failed: the message names the call (method and path, or SOAP operation) and the API's own
 * error text; {@link #errorCode()} is the machine-readable code when the API gave one.
 */
public class DotdigitalApiException extends ApiException {
    private static final long serialVersionUID = 1L;
    public static final String TOO_MANY_ACTIVE_IMPORTS_V2 = "ERROR_IMPORT_TOOMANYACTIVEIMPORTS";
    public static final String TOO_MANY_ACTIVE_IMPORTS_V3 = "contacts:tooManyActiveImports";

    private final String errorCode;

    public DotdigitalApiException(String message, int statusCode, String errorCode, Throwable cause) {
        super(message, statusCode, cause);
        this.errorCode = errorCode == null ? "" : errorCode;
    }

    public DotdigitalApiException(String message, int statusCode, String errorCode) {
        this(message, statusCode, errorCode, null);
    }

    /** v2 {@code ERROR_*} token, v3 {@code contacts:*} code, or empty when the API gave none. */
    public String errorCode() {
        return errorCode;
    }

    public boolean isTooManyActiveImports() {
        return TOO_MANY_ACTIVE_IMPORTS_V2.equalsIgnoreCase(errorCode)
                || TOO_MANY_ACTIVE_IMPORTS_V3.equalsIgnoreCase(errorCode);
    }

    /** The contact is suppressed (v2 ERROR_CONTACT_SUPPRESSED). */
    public boolean isContactSuppressed() {
        return "ERROR_CONTACT_SUPPRESSED".equalsIgnoreCase(errorCode);
    }

    public boolean isNotFound() {
        return statusCode() == 404 || errorCode.endsWith("_NOT_FOUND") || errorCode.endsWith("NotFound");
    }
}
