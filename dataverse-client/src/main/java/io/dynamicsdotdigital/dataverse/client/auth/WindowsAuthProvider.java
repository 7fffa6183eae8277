package io.dynamicsdotdigital.dataverse.client.auth;

import io.dynamicsdotdigital.common.auth.AuthProvider;
import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.http.HttpRequest;
import org.apache.kafka.common.config.types.Password;

/**
 * Windows authentication (NTLM, or Kerberos/SPNEGO where the JVM is set up for it) of a service user. The
 * transport runs the handshake itself when the server challenges a connection; this provider only hands it the
 * user's credentials, through an {@link Authenticator} that answers the Dynamics server and nobody else (not a
 * proxy, not a redirect target), once per request so that a refused password is not tried again and again (which
 * would lock the account out).
 */
public final class WindowsAuthProvider implements AuthProvider {
    private final String username;
    private final Password password;
    private final String host;
    private volatile boolean acceptedBefore;

    /**
     * @param username {@code DOMAIN\\user} (the JDK's NTLM takes the domain from before the backslash)
     * @param host     the Dynamics server's host name: credentials go to no other host
     */
    public WindowsAuthProvider(String username, Password password, String host) {
        this.username = username;
        this.password = password;
        this.host = host;
    }

    /** A new authenticator for one request. */
    public Authenticator authenticator() {
        return new Authenticator() {
            private boolean answered;

            @Override
            protected synchronized PasswordAuthentication getPasswordAuthentication() {
                if (answered || getRequestorType() != RequestorType.SERVER || !host.equalsIgnoreCase(getRequestingHost())) {
                    return null;
                }
                answered = true;
                return new PasswordAuthentication(username, password.value().toCharArray());
            }
        };
    }

    /** The server took these credentials on some request. */
    public void accepted() {
        acceptedBefore = true;
    }

    /**
     * A 401 after the credentials have worked is most likely a handshake the server lost (a restart or a dropped
     * connection between its challenge and our answer), which a new request with a new handshake gets through: one
     * more try. Credentials that never worked are not tried again, so a wrong password is sent once per request and
     * cannot lock the account out.
     */
    @Override
    public boolean refreshAfterUnauthorized() {
        return acceptedBefore;
    }

    /** The transport authenticates the connection; requests carry no Authorization header of ours. */
    @Override
    public void authorize(HttpRequest.Builder request) {
    }

    @Override
    public String describe() {
        return "Windows authentication as " + username;
    }

    public String username() {
        return username;
    }

    @Override
    public String toString() {
        return "WindowsAuthProvider{username=" + username + ", host=" + host + "}";
    }
}
