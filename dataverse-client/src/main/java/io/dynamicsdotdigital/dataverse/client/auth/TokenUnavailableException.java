package io.dynamicsdotdigital.dataverse.client.auth;

import org.apache.kafka.connect.errors.RetriableException;

/**
 * The token endpoint could not give a token for a reason that passes (5xx, 429, timeout, dropped connection), even
 * after a few quick attempts: the caller tries again later and the task keeps running. The message names the
 * authority and the last failure, never a secret.
 */
public class TokenUnavailableException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public TokenUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
