package io.dynamicsdotdigital.common.auth;

import java.net.http.HttpRequest;
import org.apache.kafka.common.config.types.Password;

/** A static bearer token supplied by configuration (for example from a ConfigProvider). */
public final class BearerTokenAuthProvider implements AuthProvider {
    private final Password token;

    public BearerTokenAuthProvider(Password token) {
        this.token = token;
    }

    @Override
    public void authorize(HttpRequest.Builder request) {
        request.setHeader("Authorization", "Bearer " + token.value());
    }

    @Override
    public String describe() {
        return "static bearer token";
    }

    @Override
    public String toString() {
        return "BearerTokenAuthProvider{" + describe() + "}";
    }
}
