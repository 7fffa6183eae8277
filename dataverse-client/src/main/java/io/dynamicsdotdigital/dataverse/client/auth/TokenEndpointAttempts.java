package io.dynamicsdotdigital.dataverse.client.auth;

import io.dynamicsdotdigital.common.http.RetryHints;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * How both token providers (Entra ID client credentials, AD FS service user) ask their token endpoint: a failure
 * that may pass ({@link TokenUnavailableException}: 5xx, 429, timeout, dropped connection) is tried again after a
 * short backoff, up to {@link #ATTEMPTS} times, then thrown (retriable) for the caller to wait out; a refusal of the
 * credentials is thrown at once.
 */
final class TokenEndpointAttempts {
    /** Quick attempts per token request; a short outage beyond them is the caller's to wait out. */
    static final int ATTEMPTS = 3;
    static final Duration BACKOFF = Duration.ofMillis(500);

    private TokenEndpointAttempts() {
    }

    /**
     * @param failed what failed, for the WARN before each new attempt, e.g. "Token endpoint of X failed for client Y"
     * @param log    the provider's logger
     */
    static String token(Supplier<String> attempt, String failed, Logger log) {
        TokenUnavailableException last = null;
        for (int n = 1; n <= ATTEMPTS; n++) {
            try {
                return attempt.get();
            } catch (TokenUnavailableException e) {
                last = e;
                if (n < ATTEMPTS) {
                    Duration wait = RetryHints.backoff(n, BACKOFF, BACKOFF.multipliedBy(4));
                    log.warn("{} (attempt {} of {}): {}; trying again in {} ms", failed, n, ATTEMPTS, e.getMessage(),
                            wait.toMillis());
                    pause(wait, failed);
                }
            }
        }
        throw last;
    }

    private static void pause(Duration wait, String failed) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenUnavailableException("Interrupted while waiting to try again: " + failed, e);
        }
    }
}
