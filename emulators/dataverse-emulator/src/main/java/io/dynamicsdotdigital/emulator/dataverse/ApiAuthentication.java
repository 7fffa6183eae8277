package io.dynamicsdotdigital.emulator.dataverse;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;

/**
 * Who calls the Web API: a bearer token from the token endpoint (online, or on premises through AD FS), or a
 * connection authenticated by an NTLM handshake (on premises with Windows authentication). On premises, app-only
 * tokens are refused: Dynamics 365 Customer Engagement (on-premises) only runs calls as a user.
 */
final class ApiAuthentication {
    /**
     * The error code the emulator gives an app-only token on premises. Assumption: the real server's exact answer
     * to such a token is not documented; users report a plain 401 (MicrosoftDocs dynamics-365-customer-engagement
     * #2869). The code is the one the Web API uses for a token it cannot use.
     */
    static final String APP_ONLY_CODE = "0x80072243";
    static final String APP_ONLY_MESSAGE = "The access token carries no user: it is an app-only token (OAuth client"
            + " credentials), which Dynamics 365 on-premises does not accept. Sign in as a service user through AD FS"
            + " or use Windows authentication.";

    private final DataverseEmulator emulator;
    private final OnPremises onPremises;
    private final NtlmChallenges ntlm;
    private final KerberosAcceptor kerberos;

    ApiAuthentication(DataverseEmulator emulator, OnPremises onPremises) {
        this.emulator = emulator;
        this.onPremises = onPremises;
        this.ntlm = onPremises != null && onPremises.authentication() == OnPremises.Authentication.WINDOWS
                ? new NtlmChallenges(onPremises.domain(), onPremises.users())
                : null;
        this.kerberos = ntlm != null && onPremises.kerberosKeytab() != null
                ? new KerberosAcceptor(onPremises.kerberosKeytab(), onPremises.kerberosPrincipal(),
                        onPremises.users().keySet().stream().map(u -> u.toLowerCase(java.util.Locale.ROOT))
                                .collect(java.util.stream.Collectors.toSet()))
                : null;
    }

    KerberosAcceptor kerberos() {
        return kerberos;
    }

    NtlmChallenges ntlm() {
        return ntlm;
    }

    /**
     * The caller's identity for service protection, or null when this method already answered 401 (an NTLM
     * challenge step or a refusal).
     */
    String authenticate(HttpExchange exchange) throws IOException {
        if (ntlm != null) {
            return windows(exchange);
        }
        TokenService.Caller caller = emulator.tokens().caller(exchange.getRequestHeaders().getFirst("Authorization"));
        if (caller == null) {
            throw new ODataException(401, "0x80072243", "The access token is missing, was not issued by this "
                    + "emulator's token endpoint, or has expired.", Map.of("WWW-Authenticate", bearerChallenge()));
        }
        if (onPremises != null && caller.user() == null) {
            throw new ODataException(401, APP_ONLY_CODE, APP_ONLY_MESSAGE,
                    Map.of("WWW-Authenticate", bearerChallenge()));
        }
        return caller.user() != null ? caller.user() : caller.clientId();
    }

    /** As the real server's: the authority's authorize endpoint and the resource to ask a token for. */
    private String bearerChallenge() {
        String authorize = onPremises != null ? emulator.adfsAuthority() + "oauth2/authorize"
                : emulator.authorityUrl() + "oauth2/authorize";
        return "Bearer authorization_uri=" + authorize + ", resource_id=" + emulator.orgUrl() + "/";
    }

    private String windows(HttpExchange exchange) throws IOException {
        String session = ntlm.sessionUser(exchange.getRemoteAddress());
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (kerberos != null && header != null && header.regionMatches(true, 0, "Negotiate ", 0, 10)) {
            return negotiate(exchange, header.substring(10));
        }
        if (header == null || !header.regionMatches(true, 0, "NTLM ", 0, 5)) {
            if (session != null) {
                return session;
            }
            refuse(exchange, "NTLM", "Windows authentication is required (HTTP 401.2: no credentials).");
            return null;
        }
        NtlmChallenges.Outcome outcome = ntlm.answer(exchange.getRemoteAddress(), header);
        if (outcome instanceof NtlmChallenges.Outcome.Authenticated a) {
            return a.user();
        }
        if (outcome instanceof NtlmChallenges.Outcome.Challenge c) {
            refuse(exchange, c.header(), "Windows authentication in progress.");
        } else {
            refuse(exchange, "NTLM", "Windows authentication failed (HTTP 401.1: "
                    + ((NtlmChallenges.Outcome.Refused) outcome).why() + ").");
        }
        return null;
    }

    private String negotiate(HttpExchange exchange, String token) throws IOException {
        KerberosAcceptor.Outcome outcome = kerberos.accept(token);
        if (outcome instanceof KerberosAcceptor.Outcome.Authenticated a) {
            if (a.replyToken() != null) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Negotiate " + a.replyToken());
            }
            return a.user();
        }
        refuse(exchange, "NTLM", "Windows authentication failed (HTTP 401.1: "
                + ((KerberosAcceptor.Outcome.Refused) outcome).why() + ").");
        return null;
    }

    /** A bare offer of NTLM is made with Negotiate before it when Kerberos is set up, as IIS lists its providers. */
    private void refuse(HttpExchange exchange, String wwwAuthenticate, String message) throws IOException {
        if (kerberos != null && wwwAuthenticate.equals("NTLM")) {
            exchange.getResponseHeaders().put("WWW-Authenticate", java.util.List.of("Negotiate", "NTLM"));
            JsonOut.error(exchange, 401, "0x80072243", message, Map.of());
            return;
        }
        JsonOut.error(exchange, 401, "0x80072243", message, Map.of("WWW-Authenticate", wwwAuthenticate));
    }
}
