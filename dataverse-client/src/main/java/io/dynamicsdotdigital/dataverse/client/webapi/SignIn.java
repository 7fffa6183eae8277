package io.dynamicsdotdigital.dataverse.client.webapi;

import io.dynamicsdotdigital.common.auth.AuthProvider;
import io.dynamicsdotdigital.common.http.HttpClientFactory;
import io.dynamicsdotdigital.dataverse.client.DataverseConnectionConfig;
import io.dynamicsdotdigital.dataverse.client.DataverseConnectionConfigDefs;
import io.dynamicsdotdigital.dataverse.client.auth.AdfsPasswordTokenProvider;
import io.dynamicsdotdigital.dataverse.client.auth.AuthMode;
import io.dynamicsdotdigital.dataverse.client.auth.EntraIdClientCredentialsProvider;
import io.dynamicsdotdigital.dataverse.client.auth.OnPremisesSettings;
import io.dynamicsdotdigital.dataverse.client.auth.WindowsAuthProvider;
import java.net.http.HttpClient;
import org.apache.kafka.common.config.ConfigException;

/**
 * The credentials and the transport of one {@code dynamics.auth.mode}: client credentials and AD FS tokens go over
 * {@code java.net.http}; Windows authentication over {@link UrlConnectionHttpClient}, which runs NTLM and Kerberos.
 *
 * @param unauthorizedHint what a 401 of the Web API most likely means in this mode, appended to its error
 * @param checkWhoAmI      whether validation also calls WhoAmI: always on premises, where a token or a handshake
 *                         proves less; for client credentials only with an AD FS authority (an on-premises server,
 *                         which refuses the app-only token); online validation stays as it was
 */
record SignIn(AuthMode mode, AuthProvider auth, HttpClient transport, String unauthorizedHint,
              boolean checkWhoAmI) {

    static SignIn of(DataverseConnectionConfig config) {
        AuthMode mode = config.authMode();
        switch (mode) {
            case ADFS_PASSWORD: {
                OnPremisesSettings user = config.onPremises();
                require(user.clientId(), DataverseConnectionConfigDefs.CLIENT_ID, mode);
                require(user.username(), DataverseConnectionConfigDefs.USERNAME, mode);
                require(user.password().value(), DataverseConnectionConfigDefs.PASSWORD, mode);
                return new SignIn(mode, new AdfsPasswordTokenProvider(user, DataverseConnectionConfigDefs.AUTH_PREFIX,
                        config.webApiRoot().resolve("WhoAmI"), config.httpSettings()),
                        HttpClientFactory.create(config.httpSettings()),
                        "Dynamics refused the token of AD FS user " + user.username() + ": is the user a Dynamics"
                                + " user with a security role, and does the token's resource match " + config.orgUrl()
                                + "?", true);
            }
            case NTLM: {
                OnPremisesSettings user = config.onPremises();
                require(user.username(), DataverseConnectionConfigDefs.USERNAME, mode);
                require(user.password().value(), DataverseConnectionConfigDefs.PASSWORD, mode);
                WindowsAuthProvider windows = new WindowsAuthProvider(user.username(), user.password(),
                        config.orgUrl().getHost());
                return new SignIn(mode, windows, new UrlConnectionHttpClient(config.httpSettings(),
                        windows::authenticator, windows::accepted),
                        "Windows authentication as " + user.username() + " was refused: check "
                                + DataverseConnectionConfigDefs.USERNAME + " (DOMAIN\\user) and "
                                + DataverseConnectionConfigDefs.PASSWORD + ", that the account is not locked, and"
                                + " that it is a Dynamics user.", true);
            }
            case CLIENT_CREDENTIALS:
            default:
                require(config.getString(DataverseConnectionConfigDefs.CLIENT_ID).trim(),
                        DataverseConnectionConfigDefs.CLIENT_ID, mode);
                return new SignIn(mode, new EntraIdClientCredentialsProvider(config.entraId(), config.httpSettings()),
                        HttpClientFactory.create(config.httpSettings()),
                        "If this is Dynamics 365 on premises: it refuses app-only tokens (client credentials), a"
                                + " token must carry a user; set " + DataverseConnectionConfigDefs.AUTH_MODE
                                + "=adfs_password (a service user through AD FS) or ntlm (Windows authentication).",
                        config.entraId().authority().toLowerCase(java.util.Locale.ROOT).contains("/adfs"));
        }
    }

    /** The configuration key a 401 of the Web API points at in this mode. */
    String unauthorizedSetting() {
        return switch (mode) {
            case ADFS_PASSWORD -> DataverseConnectionConfigDefs.USERNAME;
            case NTLM -> DataverseConnectionConfigDefs.PASSWORD;
            case CLIENT_CREDENTIALS -> DataverseConnectionConfigDefs.AUTH_MODE;
        };
    }

    private static void require(String value, String key, AuthMode mode) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(key, "", "is required when " + DataverseConnectionConfigDefs.AUTH_MODE + "="
                    + mode.configValue());
        }
    }
}
