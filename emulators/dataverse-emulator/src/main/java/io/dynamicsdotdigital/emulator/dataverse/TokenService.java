package io.dynamicsdotdigital.emulator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The emulated Microsoft identity platform token endpoint (client credentials only) and the register of the
 * access tokens it issued. Answers and error bodies follow Entra ID's ({@code AADSTS} codes).
 */
final class TokenService {
    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final class Client {
        volatile String secret;
        volatile X509Certificate certificate;
    }

    private static final class IssuedToken {
        final String clientId;
        final String user;
        final Instant expiresAt;
        final long generation;

        IssuedToken(String clientId, String user, Instant expiresAt, long generation) {
            this.clientId = clientId;
            this.user = user;
            this.expiresAt = expiresAt;
            this.generation = generation;
        }
    }

    /**
     * Who a valid bearer token speaks for.
     *
     * @param user null for an app-only token (client credentials)
     */
    record Caller(String clientId, String user) {
    }

    private final String tenantId;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final Map<String, IssuedToken> tokens = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private volatile Duration lifetime = Duration.ofSeconds(3599);
    /** Tokens issued in an older generation are expired. */
    private volatile long generation;
    private volatile String tokenUrlBase;
    private volatile AdfsTokenEndpoint adfs;

    TokenService(String tenantId) {
        this.tenantId = tenantId;
    }

    /** Where the token endpoint is served ({@code https://127.0.0.1:PORT}), for checking assertion audiences. */
    void tokenUrlBase(String base) {
        this.tokenUrlBase = base;
    }

    void registerSecret(String clientId, String secret) {
        clients.computeIfAbsent(clientId, k -> new Client()).secret = secret;
    }

    void registerCertificate(String clientId, X509Certificate certificate) {
        clients.computeIfAbsent(clientId, k -> new Client()).certificate = certificate;
    }

    /** Lets the on-premises AD FS endpoint answer its password and refresh_token grants. */
    void adfs(AdfsTokenEndpoint endpoint) {
        this.adfs = endpoint;
    }

    Duration lifetime() {
        return lifetime;
    }

    /** A new access token that acts as {@code user} (AD FS password and refresh grants). */
    String issueForUser(String clientId, String user) {
        return issue(clientId, user);
    }

    void lifetime(Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("Token lifetime must be positive, was " + d);
        }
        this.lifetime = d;
    }

    void expireAll() {
        generation++;
    }

    /** The client id the bearer token was issued to, or null when it is unknown or expired. */
    String authenticate(String authorizationHeader) {
        Caller caller = caller(authorizationHeader);
        return caller == null ? null : caller.clientId();
    }

    /** Who the bearer token speaks for, or null when it is unknown or expired. */
    Caller caller(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        IssuedToken token = tokens.get(authorizationHeader.substring(7).trim());
        if (token == null || token.generation != generation || !Instant.now().isBefore(token.expiresAt)) {
            return null;
        }
        return new Caller(token.clientId, token.user);
    }

    /** True when the path is a token endpoint this service answers. */
    boolean isTokenPath(String path) {
        return path.equalsIgnoreCase("/" + tenantId + "/oauth2/v2.0/token") || path.equals("/adfs/oauth2/token");
    }

    void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!exchange.getRequestMethod().equals("POST")) {
            send(exchange, 405, error("invalid_request", 900561,
                    "The endpoint only accepts POST requests. Received a " + exchange.getRequestMethod() + " request."));
            return;
        }
        Map<String, String> form = parseForm(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        AdfsTokenEndpoint onPremises = adfs;
        if (onPremises != null && onPremises.answers(exchange, form)) {
            onPremises.handle(exchange, form);
            return;
        }
        String grantType = form.get("grant_type");
        if (!"client_credentials".equals(grantType)) {
            send(exchange, 400, error("unsupported_grant_type", 70003,
                    "The app requested an unsupported grant type '" + grantType + "'."));
            return;
        }
        String clientId = form.get("client_id");
        String assertion = form.get("client_assertion");
        if (clientId == null && assertion != null) {
            clientId = jwtClaim(assertion, "sub");
        }
        Client client = clientId == null ? null : clients.get(clientId);
        if (client == null) {
            send(exchange, 400, error("unauthorized_client", 700016, "Application with identifier '" + clientId
                    + "' was not found in the directory '" + tenantId + "'."));
            return;
        }
        String scope = form.get("scope");
        if (scope == null || !scope.contains("/.default")) {
            send(exchange, 400, error("invalid_scope", 1002012, "The provided value for scope " + scope
                    + " is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI)."));
            return;
        }
        String secret = form.get("client_secret");
        if (secret != null) {
            if (client.secret == null || !client.secret.equals(secret)) {
                send(exchange, 401, error("invalid_client", 7000215,
                        "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '" + clientId + "'."));
                return;
            }
        } else if (assertion != null) {
            if (!ASSERTION_TYPE.equals(form.get("client_assertion_type"))) {
                send(exchange, 400, error("invalid_request", 50027, "client_assertion_type must be " + ASSERTION_TYPE + "."));
                return;
            }
            String problem = verifyAssertion(assertion, clientId, client.certificate, path);
            if (problem != null) {
                send(exchange, 401, error("invalid_client", 700027, "Client assertion failed signature validation. " + problem));
                return;
            }
        } else {
            send(exchange, 401, error("invalid_client", 7000218,
                    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."));
            return;
        }
        Duration life = lifetime;
        String accessToken = issue(clientId, null);
        ObjectNode body = JSON.createObjectNode();
        body.put("token_type", "Bearer");
        body.put("expires_in", life.getSeconds());
        body.put("ext_expires_in", life.getSeconds());
        body.put("access_token", accessToken);
        send(exchange, 200, body.toString());
    }

    private String issue(String clientId, String user) {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String accessToken = "dvemu." + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        tokens.put(accessToken, new IssuedToken(clientId, user, Instant.now().plus(lifetime), generation));
        return accessToken;
    }

    /** @return null when the assertion is valid, else why not (never echoing the assertion itself) */
    private String verifyAssertion(String jwt, String clientId, X509Certificate certificate, String path) {
        if (certificate == null) {
            return "No certificate is registered for client '" + clientId + "'.";
        }
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return "The assertion is not a signed JWT.";
        }
        try {
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            JsonNode payload = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            if (!"RS256".equals(header.path("alg").asText())) {
                return "Unsupported signing algorithm '" + header.path("alg").asText() + "'.";
            }
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(certificate.getPublicKey());
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!signature.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return "The signature does not match the registered certificate.";
            }
            String expectedAudience = tokenUrlBase + path;
            String audience = payload.path("aud").asText();
            if (!audience.equalsIgnoreCase(expectedAudience)) {
                return "Audience '" + audience + "' is not the token endpoint '" + expectedAudience + "'.";
            }
            if (!clientId.equals(payload.path("iss").asText()) || !clientId.equals(payload.path("sub").asText())) {
                return "iss and sub must both be the client id.";
            }
            long now = Instant.now().getEpochSecond();
            if (payload.path("exp").asLong(0) < now - 300) {
                return "The assertion has expired.";
            }
            if (payload.has("nbf") && payload.path("nbf").asLong() > now + 300) {
                return "The assertion is not yet valid.";
            }
            return null;
        } catch (IOException | IllegalArgumentException | GeneralSecurityException e) {
            return "The assertion could not be read: " + e.getClass().getSimpleName() + ".";
        }
    }

    private static String jwtClaim(String jwt, String claim) {
        try {
            String[] parts = jwt.split("\\.");
            return JSON.readTree(Base64.getUrlDecoder().decode(parts[1])).path(claim).asText(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private String error(String error, int code, String description) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", error);
        body.put("error_description", "AADSTS" + code + ": " + description
                + " Trace ID: " + UUID.randomUUID() + " Correlation ID: " + UUID.randomUUID()
                + " Timestamp: " + Instant.now());
        body.putArray("error_codes").add(code);
        body.put("timestamp", Instant.now().toString());
        body.put("trace_id", UUID.randomUUID().toString());
        body.put("correlation_id", UUID.randomUUID().toString());
        body.put("error_uri", "https://login.microsoftonline.com/error?code=" + code);
        return body.toString();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store, no-cache");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static Map<String, String> parseForm(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.put(key.toLowerCase(Locale.ROOT), value);
        }
        return form;
    }
}
