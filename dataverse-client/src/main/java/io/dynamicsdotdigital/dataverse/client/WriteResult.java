package io.dynamicsdotdigital.dataverse.client;

/** The answer to one request of a batch: its HTTP status and body. */
public record WriteResult(int status, String body) {
    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** 429 or 5xx: worth sending again. */
    public boolean transientFailure() {
        return status == 429 || status >= 500;
    }
}
