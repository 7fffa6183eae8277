package io.dynamicsdotdigital.dataverse.client.auth;

import org.apache.kafka.connect.errors.ConnectException;

/** Credentials were refused or no token could be obtained. The message never contains a secret. */
public class AuthenticationException extends ConnectException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }

    public AuthenticationException(String message) {
        super(message);
    }
}
