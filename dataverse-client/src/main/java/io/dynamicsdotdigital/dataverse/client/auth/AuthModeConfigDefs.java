package io.dynamicsdotdigital.dataverse.client.auth;

import io.dynamicsdotdigital.common.config.Validators;
import java.util.Arrays;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

/**
 * The sign-in mode and the service user's credentials (on premises) as a {@link ConfigDef} fragment under a prefix
 * such as {@code dynamics.}, in the {@link EntraIdConfigDefs#GROUP} group after the Entra ID keys.
 */
public final class AuthModeConfigDefs {
    public static final String MODE = "auth.mode";
    public static final String USERNAME = "username";
    public static final String PASSWORD = "password";

    private AuthModeConfigDefs() {
    }

    /** @param order the last position used in the group */
    public static ConfigDef add(ConfigDef def, String prefix, int order) {
        String[] modes = Arrays.stream(AuthMode.values()).map(AuthMode::configValue).toArray(String[]::new);
        return def
                .define(prefix + MODE, Type.STRING, AuthMode.CLIENT_CREDENTIALS.configValue(),
                        Validators.oneOf(modes), Importance.HIGH,
                        "How to sign in. client_credentials: an application (" + prefix + EntraIdConfigDefs.CLIENT_ID
                                + " with a secret or certificate), for Dataverse / Dynamics 365 online; Dynamics 365"
                                + " on premises refuses such app-only tokens. adfs_password: a service user ("
                                + prefix + USERNAME + ", " + prefix + PASSWORD + ") signs in through AD FS as client "
                                + prefix + EntraIdConfigDefs.CLIENT_ID + " (with " + prefix
                                + EntraIdConfigDefs.CLIENT_SECRET + " where AD FS demands one), for on-premises"
                                + " internet-facing deployments; " + prefix + EntraIdConfigDefs.AUTHORITY
                                + " may stay empty, the server names it. ntlm: Windows authentication of a service"
                                + " user (NTLM, or Kerberos when the JVM is configured for it), for on-premises"
                                + " deployments without AD FS. See docs/on-premises.md.",
                        EntraIdConfigDefs.GROUP, ++order, Width.MEDIUM, "Authentication mode", Validators.oneOf(modes))
                .define(prefix + USERNAME, Type.STRING, "", Importance.HIGH,
                        "The service user, for " + prefix + MODE + "=adfs_password (user@domain or DOMAIN\\user) and"
                                + " ntlm (DOMAIN\\user).",
                        EntraIdConfigDefs.GROUP, ++order, Width.MEDIUM, "Service user")
                .define(prefix + PASSWORD, Type.PASSWORD, "", Importance.HIGH,
                        "The service user's password. Prefer a ConfigProvider reference such as"
                                + " ${file:/etc/kafka/secrets.properties:" + prefix + PASSWORD + "}.",
                        EntraIdConfigDefs.GROUP, ++order, Width.MEDIUM, "Service user password");
    }

    public static AuthMode mode(AbstractConfig config, String prefix) {
        return AuthMode.fromConfig(config.getString(prefix + MODE));
    }

    /** @param resourceUrl the organisation URL */
    public static OnPremisesSettings settings(AbstractConfig config, String prefix, String resourceUrl) {
        Password secret = config.getPassword(prefix + EntraIdConfigDefs.CLIENT_SECRET);
        Password password = config.getPassword(prefix + PASSWORD);
        return new OnPremisesSettings(config.getString(prefix + EntraIdConfigDefs.AUTHORITY).trim(),
                config.getString(prefix + EntraIdConfigDefs.CLIENT_ID).trim(),
                secret == null ? new Password("") : secret, config.getString(prefix + USERNAME).trim(),
                password == null ? new Password("") : password,
                resourceUrl.endsWith("/") ? resourceUrl : resourceUrl + "/");
    }
}
