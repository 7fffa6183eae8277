package io.dynamicsdotdigital.dataverse.client.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamicsdotdigital.common.auth.AuthProvider;
import io.dynamicsdotdigital.common.http.HttpClientFactory;
import io.dynamicsdotdigital.common.http.HttpSettings;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service user's tokens from AD FS for Dynamics 365 on premises: the OAuth 2 resource owner password grant to
 * {@code <authority>oauth2/token} with the organisation URL as {@code resource}, then refresh_token grants while the
 * refresh token lasts (the password is only sent again when AD FS refuses the refresh token).
 *
 * <p>A plain token request, not msal4j: msal4j's username/password flow is deprecated, speaks scopes (the v2
 * protocol) where AD FS 2016, the usual AD FS of Dynamics 9.x, takes a {@code resource}, and MSAL supports AD FS
 * only from AD FS 2019. This request works with AD FS 2016 and 2019 alike.
 *
 * <p>Without a configured authority it is read from the server's answer to an unauthenticated call:
 * {@code WWW-Authenticate: Bearer authorization_uri=https://adfs.../adfs/oauth2/authorize, resource_id=...}.
 */
public final class AdfsPasswordTokenProvider implements AuthProvider {
    private static final Logger log = LoggerFactory.getLogger(AdfsPasswordTokenProvider.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Tokens are renewed this long before they expire, or at half their life when that is shorter. */
    static final Duration RENEW_MARGIN = Duration.ofMinutes(5);

    private final OnPremisesSettings settings;
    private final String keyPrefix;
    private final URI challengeUrl;
    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;
    private URI tokenUrl;
    private String resource;
    private String accessToken;
    private Instant renewAt = Instant.MIN;
    private String refreshToken;

    /**
     * @param keyPrefix    the configuration prefix ({@code dynamics.}) of the keys named in errors
     * @param challengeUrl a Web API URL whose unauthenticated answer names the authority (when none is configured)
     */
    public AdfsPasswordTokenProvider(OnPremisesSettings settings, String keyPrefix, URI challengeUrl,
                                     HttpSettings httpSettings) {
        this(settings, keyPrefix, challengeUrl, HttpClientFactory.create(httpSettings), httpSettings.requestTimeout(),
                Clock.systemUTC());
        if (!settings.authority().isEmpty()) {
            HttpClientFactory.requireAllowedScheme(URI.create(settings.authority()),
                    HttpSettings.builder().allowPlainHttp(false).build(), keyPrefix + EntraIdConfigDefs.AUTHORITY);
        }
    }

    AdfsPasswordTokenProvider(OnPremisesSettings settings, String keyPrefix, URI challengeUrl, HttpClient http,
                              Duration timeout, Clock clock) {
        this.settings = settings;
        this.keyPrefix = keyPrefix;
        this.challengeUrl = challengeUrl;
        this.http = http;
        this.timeout = timeout;
        this.clock = clock;
        this.resource = settings.resource();
        if (!settings.authority().isEmpty()) {
            this.tokenUrl = tokenUrl(settings.authority());
        }
    }

    private static URI tokenUrl(String authority) {
        return URI.create((authority.endsWith("/") ? authority : authority + "/") + "oauth2/token");
    }

    /** A valid access token: the cached one, else one from the refresh token, else from the password. */
    public synchronized String accessToken() {
        if (accessToken != null && clock.instant().isBefore(renewAt)) {
            return accessToken;
        }
        if (tokenUrl == null) {
            discoverAuthority();
        }
        if (refreshToken != null) {
            try {
                return request(refreshForm(), "refresh_token");
            } catch (CredentialRejectedException e) {
                log.info("AD FS at {} refused the refresh token of {} ({}); signing in with the password again",
                        tokenUrl, settings.username(), e.getMessage());
                refreshToken = null;
            }
        }
        return request(passwordForm(), "password");
    }

    private Map<String, String> passwordForm() {
        Map<String, String> form = clientForm("password");
        form.put("username", settings.username());
        form.put("password", settings.password().value());
        form.put("resource", resource);
        form.put("scope", "openid");
        return form;
    }

    private Map<String, String> refreshForm() {
        Map<String, String> form = clientForm("refresh_token");
        form.put("refresh_token", refreshToken);
        form.put("resource", resource);
        return form;
    }

    private Map<String, String> clientForm(String grant) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", grant);
        form.put("client_id", settings.clientId());
        if (!settings.clientSecret().value().isEmpty()) {
            form.put("client_secret", settings.clientSecret().value());
        }
        return form;
    }

    private String request(Map<String, String> form, String grant) {
        return TokenEndpointAttempts.token(() -> requestOnce(form, grant),
                "AD FS token endpoint " + tokenUrl + " failed for " + settings.username(), log);
    }

    private String requestOnce(Map<String, String> form, String grant) {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(tokenUrl).timeout(timeout)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(encode(form))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TokenUnavailableException("Could not reach the AD FS token endpoint " + tokenUrl + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthenticationException("Interrupted while getting a token from " + tokenUrl, e);
        }
        JsonNode body = parse(response.body());
        int status = response.statusCode();
        if (status == 200 && body.hasNonNull("access_token")) {
            accessToken = body.get("access_token").asText();
            long life = Math.max(1, body.path("expires_in").asLong(3600));
            Duration margin = Duration.ofSeconds(Math.min(RENEW_MARGIN.getSeconds(), life / 2));
            renewAt = clock.instant().plusSeconds(life).minus(margin);
            if (body.hasNonNull("refresh_token")) {
                refreshToken = body.get("refresh_token").asText();
            }
            log.debug("AD FS issued a token for {} by the {} grant, valid {} s", settings.username(), grant, life);
            return accessToken;
        }
        String error = body.path("error").asText("");
        String what = "AD FS at " + tokenUrl + " refused the " + grant + " grant for user " + settings.username()
                + " of client " + settings.clientId() + ": " + (error.isEmpty() ? "HTTP " + status : error)
                + " (HTTP " + status + ") " + body.path("error_description").asText("");
        if (status == 0 || status == 429 || status >= 500) {
            throw new TokenUnavailableException(what, null);
        }
        throw new CredentialRejectedException(settingAtFault(status, error, grant), what.trim(), null);
    }

    /** The configuration key an AD FS refusal points at. */
    private String settingAtFault(int status, String error, String grant) {
        switch (error) {
            case "invalid_grant":
                return keyPrefix + (grant.equals("password") ? AuthModeConfigDefs.PASSWORD : AuthModeConfigDefs.USERNAME);
            case "invalid_client":
            case "unauthorized_client":
                return keyPrefix + (status == 401 ? EntraIdConfigDefs.CLIENT_SECRET : EntraIdConfigDefs.CLIENT_ID);
            case "invalid_resource":
                return keyPrefix + "url";
            default:
                return keyPrefix + EntraIdConfigDefs.AUTHORITY;
        }
    }

    /** Reads the authority (and the resource) from the server's Bearer challenge to an unauthenticated call. */
    private void discoverAuthority() {
        HttpResponse<Void> response;
        try {
            response = http.send(HttpRequest.newBuilder(challengeUrl).timeout(timeout)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new TokenUnavailableException("Could not ask " + challengeUrl + " for its AD FS authority: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthenticationException("Interrupted while asking " + challengeUrl + " for its authority", e);
        }
        String challenge = response.headers().allValues("WWW-Authenticate").stream()
                .filter(v -> v.regionMatches(true, 0, "Bearer", 0, 6)).findFirst().orElse(null);
        Map<String, String> params = challenge == null ? Map.of() : BearerChallenge.parse(challenge);
        String authorize = params.get("authorization_uri");
        if (authorize == null || !authorize.toLowerCase().endsWith("/oauth2/authorize")) {
            throw new CredentialRejectedException(keyPrefix + EntraIdConfigDefs.AUTHORITY, "The server at "
                    + challengeUrl + " answered HTTP " + response.statusCode() + " without a Bearer challenge naming"
                    + " its AD FS authority (WWW-Authenticate: " + challenge + "); set " + keyPrefix
                    + EntraIdConfigDefs.AUTHORITY + " (e.g. https://adfs.contoso.com/adfs/)", null);
        }
        String authority = authorize.substring(0, authorize.length() - "oauth2/authorize".length());
        HttpClientFactory.requireAllowedScheme(URI.create(authority),
                HttpSettings.builder().allowPlainHttp(false).build(), keyPrefix + EntraIdConfigDefs.AUTHORITY);
        tokenUrl = tokenUrl(authority);
        if (params.containsKey("resource_id")) {
            resource = params.get("resource_id");
        }
        log.info("Dynamics at {} names AD FS authority {} (resource {}); set {} to skip this look-up", challengeUrl,
                authority, resource, keyPrefix + EntraIdConfigDefs.AUTHORITY);
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String encode(Map<String, String> form) {
        StringBuilder out = new StringBuilder();
        form.forEach((k, v) -> {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return out.toString();
    }

    @Override
    public void authorize(HttpRequest.Builder request) {
        request.setHeader("Authorization", "Bearer " + accessToken());
    }

    /** A 401 from the Web API: the access token is dropped; the refresh token gets a new one. */
    @Override
    public synchronized boolean refreshAfterUnauthorized() {
        accessToken = null;
        log.info("Fetching a fresh token for {} after a 401", describe());
        return true;
    }

    @Override
    public void verify() {
        accessToken();
    }

    @Override
    public String describe() {
        return "AD FS service user " + settings.username() + " (client " + settings.clientId() + ") at "
                + (tokenUrl == null ? "the authority the server names" : tokenUrl.toString());
    }

    @Override
    public String toString() {
        return "AdfsPasswordTokenProvider{" + settings + "}";
    }
}
