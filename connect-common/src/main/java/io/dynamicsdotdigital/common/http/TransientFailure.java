package io.dynamicsdotdigital.common.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;

/** An attempt of {@link ApiHttpClient} that failed without an answer (timeout, reset, refused): worth retrying. */
final class TransientFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TransientFailure(IOException cause) {
        super(cause.toString(), cause, false, false);
    }

    /** The connection was never made, so the server cannot have seen the request. */
    boolean neverSent() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException
                    || t instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }
}
