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

    /**
     * The account as a whole cannot be used, whatever the record: credentials refused (401, for example after a
     * password rotation), access refused (403, also what a wrong region answers) or an address book that no longer
     * exists. Waiting (and fixing the account) helps; dead-lettering records does not.
     */
    public boolean isAccountWide() {
        int status = statusCode();
        return status == 401 || status == 403 || "ERROR_ADDRESSBOOK_NOT_FOUND".equalsIgnoreCase(errorCode)
                || "contacts:addressBookNotFound".equalsIgnoreCase(errorCode)
                || "contacts:listNotFound".equalsIgnoreCase(errorCode);
    }

    /** No answer, a timeout, throttling or a server error that outlasted the retries: worth trying again later. */
    public boolean isTransient() {
        int status = statusCode();
        return status == 0 || status == 408 || status == 429 || status >= 500;
    }

    public boolean isNotFound() {
        return statusCode() == 404 || errorCode.endsWith("_NOT_FOUND") || errorCode.endsWith("NotFound");
    }
}
