package io.dynamicsdotdigital.dataverse.client;

import io.dynamicsdotdigital.common.http.ApiException;

/** Dataverse answered a call with an error status; the message names the call, status and error. */
public class DataverseApiException extends ApiException {
    private static final long serialVersionUID = 1L;
    private final transient DataverseError error;

    public DataverseApiException(String call, int status, DataverseError error) {
        super("Dataverse " + call + " failed with HTTP " + status + ": " + error, status);
        this.error = error;
    }

    /** The HTTP status of the answer. */
    public int status() {
        return statusCode();
    }

    public DataverseError error() {
        return error;
    }
}
