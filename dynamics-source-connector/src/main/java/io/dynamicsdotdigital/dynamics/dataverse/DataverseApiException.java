package io.dynamicsdotdigital.dynamics.dataverse;

import org.apache.kafka.connect.errors.ConnectException;

/** The Web API answered a call with an error status; the message names the call, status and error. */
public class DataverseApiException extends ConnectException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final transient DataverseError error;

    public DataverseApiException(String call, int status, DataverseError error) {
        super("Dataverse " + call + " failed with HTTP " + status + ": " + error);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public DataverseError error() {
        return error;
    }
}
