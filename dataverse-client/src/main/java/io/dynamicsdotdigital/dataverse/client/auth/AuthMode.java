package io.dynamicsdotdigital.dataverse.client.auth;

import java.util.Locale;

/** How the connectors sign in to Dataverse ({@code dynamics.auth.mode}). */
public enum AuthMode {
    /** An application (app registration or application user) through OAuth client credentials: Dataverse online. */
    CLIENT_CREDENTIALS,
    /** A service user through AD FS (OAuth password grant): Dynamics 365 on premises, internet-facing (IFD). */
    ADFS_PASSWORD,
    /** Windows authentication (NTLM, or Kerberos where the JVM is set up for it): on premises without AD FS. */
    NTLM;

    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AuthMode fromConfig(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
