package io.dynamicsdotdigital.emulator.dataverse;

import java.nio.file.Path;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.Subject;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;

/**
 * The Kerberos half of IIS's Windows authentication ({@code WWW-Authenticate: Negotiate}): the web site's service
 * principal ({@code HTTP/host@REALM}) signs in from its keytab, as the application pool account does, and JGSS
 * accepts the client's SPNEGO or raw Kerberos token, which proves the client got a service ticket from the KDC.
 * The user is the ticket's client principal, admitted when its name (without realm) is one of the domain's users.
 * Each request is authenticated on its own (no connection session), like IIS with {@code authPersistNonNTLM} off.
 */
final class KerberosAcceptor {
    /** What one {@code Authorization: Negotiate} header proved. */
    sealed interface Outcome permits Outcome.Authenticated, Outcome.Refused {
        /** The ticket was valid; {@code replyToken} (base64, may be null) goes back in {@code WWW-Authenticate}. */
        record Authenticated(String user, String replyToken) implements Outcome {
        }

        record Refused(String why) implements Outcome {
        }
    }

    private final Subject service;
    private final Set<String> users;
    private final AtomicInteger completed = new AtomicInteger();

    KerberosAcceptor(Path keytab, String servicePrincipal, Set<String> users) {
        this.users = users;
        this.service = new Subject();
        Map<String, String> options = Map.of("useKeyTab", "true", "keyTab", keytab.toString(), "principal",
                servicePrincipal, "storeKey", "true", "isInitiator", "false", "doNotPrompt", "true");
        try {
            new LoginContext("dataverse-emulator-http", service, null, new Configuration() {
                @Override
                public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                    return new AppConfigurationEntry[] {new AppConfigurationEntry(
                            "com.sun.security.auth.module.Krb5LoginModule",
                            AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
                }
            }).login();
        } catch (LoginException e) {
            throw new IllegalStateException("the emulator's service principal " + servicePrincipal
                    + " could not sign in from keytab " + keytab + ": " + e.getMessage(), e);
        }
    }

    /** @param token the base64 token after {@code Negotiate } */
    Outcome accept(String token) {
        byte[] in;
        try {
            in = Base64.getDecoder().decode(token.trim());
        } catch (IllegalArgumentException e) {
            return new Outcome.Refused("the Negotiate token is not base64");
        }
        try {
            return Subject.doAs(service, (PrivilegedExceptionAction<Outcome>) () -> {
                GSSContext context = GSSManager.getInstance().createContext((GSSCredential) null);
                try {
                    byte[] reply = context.acceptSecContext(in, 0, in.length);
                    if (!context.isEstablished()) {
                        return new Outcome.Refused("the Kerberos exchange needs more than one round trip");
                    }
                    String principal = context.getSrcName().toString();
                    String user = principal.contains("@") ? principal.substring(0, principal.indexOf('@'))
                            : principal;
                    if (!users.contains(user.toLowerCase(Locale.ROOT))) {
                        return new Outcome.Refused(principal + " is no user of this domain");
                    }
                    completed.incrementAndGet();
                    return new Outcome.Authenticated(user, reply == null ? null
                            : Base64.getEncoder().encodeToString(reply));
                } finally {
                    context.dispose();
                }
            });
        } catch (PrivilegedActionException e) {
            Throwable cause = e.getCause();
            return new Outcome.Refused(cause instanceof GSSException g ? g.getMajorString() + ": "
                    + g.getMinorString() : String.valueOf(cause));
        }
    }

    int completedHandshakes() {
        return completed.get();
    }
}
