package io.dynamicsdotdigital.common.auth;

import java.net.http.HttpRequest;

/** Puts credentials on requests. Implementations never reveal secrets in toString() or exceptions. */
public interface AuthProvider {

    /** Adds the credentials (usually the Authorization header) to the request. */
    void authorize(HttpRequest.Builder request);

    /**
     * Called after a 401: drop cached credentials and fetch fresh ones.
     *
     * @return true when the next attempt may succeed with new credentials, false when nothing can change
     */
    default boolean refreshAfterUnauthorized() {
        return false;
    }

    /** Checks now that the credentials work where that is possible without an API call (for validate()). */
    default void verify() {
    }

    /** A secret-free description for logs, for example "OAuth client 1234 at https://login...". */
    String describe();
}
