package io.dynamicsdotdigital.emulator.dataverse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The emulated AD FS OAuth token endpoint ({@code POST /adfs/oauth2/token}) of an on-premises deployment: the
 * resource owner password grant (a service user signs in; {@code resource} is the organisation URL, as AD FS 2016
 * takes resources, not scopes) and the refresh_token grant. Errors are AD FS's ({@code MSIS} codes in
 * {@code error_description}). Client credentials still reach {@link TokenService}: AD FS does issue app-only tokens,
 * it is the Dynamics server that refuses them.
 */
final class AdfsTokenEndpoint {
    static final String PATH = "/adfs/oauth2/token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OnPremises settings;
    private final TokenService tokens;
    private final String resource;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    private final AtomicInteger passwordGrants = new AtomicInteger();
    private final AtomicInteger refreshGrants = new AtomicInteger();

    /** @param resource the organisation URL with its trailing slash, as relying party identifier */
    AdfsTokenEndpoint(OnPremises settings, TokenService tokens, String resource) {
        this.settings = settings;
        this.tokens = tokens;
        this.resource = resource;
    }

    int passwordGrants() {
        return passwordGrants.get();
    }

    int refreshGrants() {
        return refreshGrants.get();
    }

    /** Refresh tokens stop working, as after the user's password changed. */
    void revokeRefreshTokens() {
        refreshTokens.clear();
    }

    /** True when this endpoint answers the request (a password or refresh_token grant). */
    boolean answers(HttpExchange exchange, Map<String, String> form) {
        String grant = form.get("grant_type");
        return exchange.getRequestURI().getPath().equals(PATH)
                && ("password".equals(grant) || "refresh_token".equals(grant));
    }

    void handle(HttpExchange exchange, Map<String, String> form) throws IOException {
        String clientId = form.get("client_id");
        if (clientId == null || !clientId.equals(settings.adfsClientId())) {
            send(exchange, 400, error("invalid_client", "MSIS9223: Received invalid OAuth authorization request."
                    + " The received 'client_id' is invalid as no registered client was found with this client"
                    + " identifier. Make sure that the client is registered. Received client_id: '" + clientId + "'."));
            return;
        }
        String secret = settings.adfsClientSecret();
        if (secret != null && !secret.equals(form.get("client_secret"))) {
            send(exchange, 401, error("invalid_client", "MSIS9607: The 'client_secret' parameter in the request"
                    + " is missing or invalid."));
            return;
        }
        String user;
        if ("password".equals(form.get("grant_type"))) {
            String requested = form.getOrDefault("resource", "");
            if (!trailingSlash(requested).equalsIgnoreCase(resource)) {
                send(exchange, 400, error("invalid_resource", "MSIS9602: The received 'resource' parameter is"
                        + " invalid: no relying party trust has the identifier '" + requested + "'."));
                return;
            }
            user = signIn(form.get("username"), form.get("password"));
            if (user == null) {
                send(exchange, 400, error("invalid_grant", "MSIS9659: Invalid 'username' or 'password'."));
                return;
            }
            passwordGrants.incrementAndGet();
        } else {
            user = refreshTokens.get(form.getOrDefault("refresh_token", ""));
            if (user == null) {
                send(exchange, 400, error("invalid_grant", "MSIS9615: The refresh token received in"
                        + " 'refresh_token' parameter is invalid."));
                return;
            }
            refreshGrants.incrementAndGet();
        }
        String accessToken = tokens.issueForUser(clientId, user);
        String refreshToken = "adfsemu-rt." + randomPart();
        refreshTokens.put(refreshToken, user);
        ObjectNode body = JSON.createObjectNode();
        body.put("access_token", accessToken);
        body.put("token_type", "bearer");
        body.put("expires_in", tokens.lifetime().getSeconds());
        body.put("resource", resource);
        body.put("refresh_token", refreshToken);
        body.put("refresh_token_expires_in", 28_799);
        body.put("id_token", "");
        send(exchange, 200, body.toString());
    }

    /** The user principal when the password is right; AD FS takes {@code user@domain} and {@code DOMAIN\\user}. */
    private String signIn(String username, String password) {
        if (username == null || password == null) {
            return null;
        }
        String name = username;
        String domain = settings.domain().toLowerCase(Locale.ROOT);
        int backslash = name.indexOf('\\');
        int at = name.indexOf('@');
        if (backslash >= 0) {
            if (!name.substring(0, backslash).equalsIgnoreCase(settings.domain())) {
                return null;
            }
            name = name.substring(backslash + 1);
        } else if (at >= 0) {
            String suffix = name.substring(at + 1).toLowerCase(Locale.ROOT);
            if (!suffix.equals(domain) && !suffix.startsWith(domain + ".")) {
                return null;
            }
            name = name.substring(0, at);
        }
        for (Map.Entry<String, String> u : settings.users().entrySet()) {
            if (u.getKey().equalsIgnoreCase(name) && u.getValue().equals(password)) {
                return settings.domain() + "\\" + u.getKey();
            }
        }
        return null;
    }

    private String randomPart() {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private static String trailingSlash(String url) {
        return url.endsWith("/") ? url : url + "/";
    }

    private static String error(String error, String description) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", error);
        body.put("error_description", description);
        return body.toString();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
