package io.dynamicsdotdigital.emulator.dataverse;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How an emulated Dynamics 365 on-premises deployment authenticates. Like the real server, it refuses app-only
 * tokens: every call must act as a user, who signs in either through AD FS (an OAuth password grant at
 * {@code /adfs/oauth2/token}, claims-based authentication of an internet-facing deployment) or with Windows
 * authentication (an NTLM handshake on the connection).
 */
public final class OnPremises {
    /** How the Web API authenticates callers. */
    public enum Authentication {
        /** Bearer tokens from the emulated AD FS. */
        ADFS,
        /** Windows authentication (NTLM) on every connection; bearer tokens are not accepted. */
        WINDOWS
    }

    private final Authentication authentication;
    private final String domain;
    private final Map<String, String> users = new LinkedHashMap<>();
    private String adfsClientId = "dynamics-connectors";
    private String adfsClientSecret;
    private Path kerberosKeytab;
    private String kerberosPrincipal;

    private OnPremises(Authentication authentication, String domain) {
        this.authentication = authentication;
        this.domain = domain;
    }

    /** Claims-based authentication through AD FS; users sign in as {@code user@domain} or {@code DOMAIN\\user}. */
    public static OnPremises adfs(String domain) {
        return new OnPremises(Authentication.ADFS, domain);
    }

    /** Windows authentication (NTLM) in {@code domain} (a NetBIOS name such as {@code CONTOSO}). */
    public static OnPremises windows(String domain) {
        return new OnPremises(Authentication.WINDOWS, domain);
    }

    /** A domain user and its password; the name without domain. */
    public OnPremises user(String name, String password) {
        users.put(name, password);
        return this;
    }

    /** The client id registered in AD FS (an "application group" server application or native client). */
    public OnPremises adfsClient(String clientId) {
        this.adfsClientId = clientId;
        return this;
    }

    /** Demands this client secret on every AD FS token request, as AD FS 2016 does for a confidential client. */
    public OnPremises adfsClientSecret(String secret) {
        this.adfsClientSecret = secret;
        return this;
    }

    /**
     * Windows authentication offers Kerberos too ({@code WWW-Authenticate: Negotiate} before {@code NTLM}, as IIS
     * does): the web site's service principal, e.g. {@code HTTP/localhost@EXAMPLE.COM}, and its keytab. The JVM's
     * {@code java.security.krb5.conf} must name the KDC that issued the keytab.
     */
    public OnPremises kerberos(Path keytab, String servicePrincipal) {
        this.kerberosKeytab = keytab;
        this.kerberosPrincipal = servicePrincipal;
        return this;
    }

    /** Null unless {@link #kerberos} was set. */
    Path kerberosKeytab() {
        return kerberosKeytab;
    }

    String kerberosPrincipal() {
        return kerberosPrincipal;
    }

    public Authentication authentication() {
        return authentication;
    }

    public String domain() {
        return domain;
    }

    Map<String, String> users() {
        return users;
    }

    String adfsClientId() {
        return adfsClientId;
    }

    /** Null when the client is public (no secret). */
    String adfsClientSecret() {
        return adfsClientSecret;
    }
}
