package io.dynamicsdotdigital.dataverse.client.auth;

import org.apache.kafka.common.config.types.Password;

/**
 * The sign-in of a service user on Dynamics 365 on premises, through AD FS or Windows authentication.
 *
 * @param authority    the AD FS authority such as {@code https://adfs.contoso.com/adfs/}; empty to find it in the
 *                     server's 401 challenge
 * @param clientId     the client registered in AD FS (AD FS mode only)
 * @param clientSecret the client's secret where AD FS demands one (empty for a public client)
 * @param username     {@code user@domain} or {@code DOMAIN\\user} (Windows authentication needs the latter)
 * @param password     the user's password
 * @param resource     the organisation URL with a trailing slash, the relying party AD FS issues the token for
 */
public record OnPremisesSettings(String authority, String clientId, Password clientSecret, String username,
                                 Password password, String resource) {

    @Override
    public String toString() {
        return "OnPremisesSettings{authority=" + (authority.isEmpty() ? "(from the server's 401)" : authority)
                + ", clientId=" + clientId + ", username=" + username + ", resource=" + resource + "}";
    }
}
