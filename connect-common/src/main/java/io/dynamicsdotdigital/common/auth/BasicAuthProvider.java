package io.dynamicsdotdigital.common.auth;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.kafka.common.config.types.Password;

/** HTTP Basic, as Dotdigital's API users need. */
public final class BasicAuthProvider implements AuthProvider {
    private final String user;
    private final Password password;

    public BasicAuthProvider(String user, Password password) {
        this.user = user;
        this.password = password;
    }

    @Override
    public void authorize(HttpRequest.Builder request) {
        String token = Base64.getEncoder().encodeToString(
                (user + ":" + password.value()).getBytes(StandardCharsets.UTF_8));
        request.setHeader("Authorization", "Basic " + token);
    }

    public String user() {
        return user;
    }

    public Password password() {
        return password;
    }

    @Override
    public String describe() {
        return "HTTP Basic user " + user;
    }

    @Override
    public String toString() {
        return "BasicAuthProvider{" + describe() + "}";
    }
}
