package io.dynamicsdotdigital.dataverse.client.auth;

import java.net.URI;
import java.util.Locale;
import org.apache.kafka.common.config.types.Password;

/**
 * OAuth 2 client-credentials settings for Microsoft Entra ID or AD FS.
 *
 * @param authority        e.g. {@code https://login.microsoftonline.com/<tenant>/} or {@code https://adfs.example.com/adfs/}
 * @param clientId         the application (client) id
 * @param clientSecret     the secret, blank when a certificate is used
 * @param certificatePath  PKCS12 file with the private key and certificate, blank when a secret is used
 * @param certificatePassword password of the PKCS12 file
 * @param scope            e.g. {@code https://org.crm.dynamics.com/.default}
 */
public record EntraIdSettings(String authority, String clientId, Password clientSecret, String certificatePath,
                              Password certificatePassword, String scope) {

    private static final String[] MICROSOFT_LOGIN_HOSTS = {
        "login.microsoftonline.com", "login.microsoftonline.us", "login.chinacloudapi.cn",
        "login.microsoftonline.de", "login.windows.net", "login.microsoft.com", "sts.windows.net"
    };

    public boolean usesCertificate() {
        return certificatePath != null && !certificatePath.isBlank();
    }

    /**
     * Instance discovery and authority validation only make sense against Microsoft's own login hosts; anywhere
     * else (AD FS, a test token endpoint) msal4j must not call Microsoft first.
     */
    public boolean isMicrosoftAuthority() {
        String host = URI.create(authority).getHost();
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(Locale.ROOT);
        for (String known : MICROSOFT_LOGIN_HOSTS) {
            if (host.equals(known)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "EntraIdSettings{authority=" + authority + ", clientId=" + clientId
                + ", credential=" + (usesCertificate() ? "certificate " + certificatePath : "client secret")
                + ", scope=" + scope + "}";
    }
}
