package io.dynamicsdotdigital.dataverse.client.auth;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.MsalServiceException;
import io.dynamicsdotdigital.common.auth.AuthProvider;
import io.dynamicsdotdigital.common.http.HttpClientFactory;
import io.dynamicsdotdigital.common.http.HttpSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth 2 client credentials through msal4j: msal4j caches the token and renews it before it expires; after a 401
 * the cache is skipped once so a revoked or expired token is replaced at once.
 */
public final class EntraIdClientCredentialsProvider implements AuthProvider {
    private static final Logger log = LoggerFactory.getLogger(EntraIdClientCredentialsProvider.class);

    private final EntraIdSettings settings;
    private final ConfidentialClientApplication app;
    private final Duration timeout;
    private volatile boolean skipCacheOnce;

    public EntraIdClientCredentialsProvider(EntraIdSettings settings, HttpSettings http) {
        this.settings = settings;
        this.timeout = http.requestTimeout();
        HttpClientFactory.requireAllowedScheme(URI.create(settings.authority()),
                HttpSettings.builder().allowPlainHttp(false).build(), "authority");
        try {
            ConfidentialClientApplication.Builder builder = ConfidentialClientApplication
                    .builder(settings.clientId(), credential(settings))
                    .authority(settings.authority())
                    .sslSocketFactory(HttpClientFactory.sslContext(http).getSocketFactory())
                    .connectTimeoutForDefaultHttpClient((int) http.connectTimeout().toMillis())
                    .readTimeoutForDefaultHttpClient((int) http.requestTimeout().toMillis());
            if (http.usesProxy()) {
                builder.proxy(HttpClientFactory.proxy(http));
            }
            if (!settings.isMicrosoftAuthority()) {
                URI authority = URI.create(settings.authority());
                builder.instanceDiscovery(false).validateAuthority(false);
                if (authority.getPort() > 0) {
                    // msal4j caches tokens under the host and looks them up under host:port: declare both as
                    // aliases so the cache hits and tokens are reused until they near expiry.
                    String host = authority.getHost();
                    String hostPort = host + ":" + authority.getPort();
                    builder.aadInstanceDiscoveryResponse("{\"api-version\":\"1.1\",\"metadata\":[{"
                            + "\"preferred_network\":\"" + host + "\",\"preferred_cache\":\"" + host + "\","
                            + "\"aliases\":[\"" + host + "\",\"" + hostPort + "\"]}]}");
                }
            }
            this.app = builder.build();
        } catch (IOException | RuntimeException e) {
            throw new AuthenticationException("Could not set up OAuth client " + settings.clientId() + " for authority "
                    + settings.authority() + ": " + e.getMessage(), e);
        }
    }

    private static IClientCredential credential(EntraIdSettings settings) throws IOException {
        if (settings.usesCertificate()) {
            try (InputStream in = Files.newInputStream(Path.of(settings.certificatePath()))) {
                return ClientCredentialFactory.createFromCertificate(in, settings.certificatePassword().value());
            } catch (IOException e) {
                throw new IOException("could not read the client certificate " + settings.certificatePath()
                        + " (PKCS12 with private key expected)", e);
            } catch (Exception e) {
                throw new IOException("could not load the client certificate " + settings.certificatePath()
                        + ": " + e.getClass().getSimpleName(), e);
            }
        }
        return ClientCredentialFactory.createFromSecret(settings.clientSecret().value());
    }

    /**
     * A valid access token, from msal4j's cache when it has one with more than five minutes left. A token endpoint
     * that answers 5xx or 429, times out or drops the connection is asked again as {@link TokenEndpointAttempts}
     * says, then {@link TokenUnavailableException} (retriable) is thrown; an answer that refuses the client
     * (invalid_client and other 4xx) fails at once with {@link AuthenticationException}.
     */
    public String accessToken() {
        boolean skipCache = skipCacheOnce;
        skipCacheOnce = false;
        ClientCredentialParameters parameters = ClientCredentialParameters.builder(Set.of(settings.scope()))
                .skipCache(skipCache)
                .build();
        return TokenEndpointAttempts.token(() -> acquire(parameters), "Token endpoint of " + settings.authority()
                + " failed for client " + settings.clientId(), log);
    }

    private String acquire(ClientCredentialParameters parameters) {
        try {
            IAuthenticationResult result = app.acquireToken(parameters).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return result.accessToken();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof MsalServiceException mse) {
                int status = statusOf(mse);
                String what = "The token endpoint of " + settings.authority() + " refused client " + settings.clientId()
                        + ": " + mse.errorCode() + " (HTTP " + status + ") " + firstLine(mse.getMessage());
                if (status == 0 || status == 429 || status >= 500) {
                    throw new TokenUnavailableException(what, mse);
                }
                throw new AuthenticationException(what, mse);
            }
            throw new TokenUnavailableException("Could not get a token for client " + settings.clientId() + " from "
                    + settings.authority() + ": " + cause, cause);
        } catch (TimeoutException e) {
            throw new TokenUnavailableException("No token from " + settings.authority() + " within "
                    + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthenticationException("Interrupted while getting a token from " + settings.authority(), e);
        }
    }

    /**
     * The HTTP status of the token endpoint's answer. msal4j leaves {@code statusCode()} null when the body is not an
     * OAuth error (a gateway's HTML or JSON page) and only names the status in its message; 0 when neither says.
     */
    static int statusOf(MsalServiceException e) {
        if (e.statusCode() != null) {
            return e.statusCode();
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("status code: (\\d{3})")
                .matcher(String.valueOf(e.getMessage()));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    @Override
    public void authorize(HttpRequest.Builder request) {
        request.setHeader("Authorization", "Bearer " + accessToken());
    }

    @Override
    public boolean refreshAfterUnauthorized() {
        skipCacheOnce = true;
        log.info("Fetching a fresh token for {} after a 401", describe());
        return true;
    }

    @Override
    public void verify() {
        accessToken();
    }

    @Override
    public String describe() {
        return "OAuth client " + settings.clientId() + " at " + settings.authority();
    }

    @Override
    public String toString() {
        return "EntraIdClientCredentialsProvider{" + settings + "}";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
