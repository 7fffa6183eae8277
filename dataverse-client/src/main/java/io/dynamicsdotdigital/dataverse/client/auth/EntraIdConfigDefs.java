package io.dynamicsdotdigital.dataverse.client.auth;

import io.dynamicsdotdigital.common.config.Validators;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

/**
 * Microsoft Entra ID (or AD FS) client-credentials settings as a {@link ConfigDef} fragment, under a prefix such as
 * {@code dynamics.}.
 */
public final class EntraIdConfigDefs {
    public static final String GROUP = "Authentication";

    public static final String TENANT_ID = "tenant.id";
    public static final String CLIENT_ID = "client.id";
    public static final String CLIENT_SECRET = "client.secret";
    public static final String CERTIFICATE_PATH = "client.certificate.path";
    public static final String CERTIFICATE_PASSWORD = "client.certificate.password";
    public static final String AUTHORITY = "authority";
    public static final String SCOPE = "scope";

    private EntraIdConfigDefs() {
    }

    /** The positions this fragment uses in {@link #GROUP}. */
    public static final int POSITIONS = 7;

    public static ConfigDef add(ConfigDef def, String prefix, String resourceDescription) {
        int order = 0;
        return def
                .define(prefix + TENANT_ID, Type.STRING, "", Importance.HIGH,
                        "Entra ID tenant (directory) id or domain. Used to build the default authority.",
                        GROUP, ++order, Width.MEDIUM, "Tenant id")
                .define(prefix + CLIENT_ID, Type.STRING, "", Importance.HIGH,
                        "Application (client) id of the app registration or application user; with "
                                + prefix + AuthModeConfigDefs.MODE + "=adfs_password, the client registered in AD FS."
                                + " Required unless " + prefix + AuthModeConfigDefs.MODE + "=ntlm.",
                        GROUP, ++order, Width.MEDIUM, "Client id")
                .define(prefix + CLIENT_SECRET, Type.PASSWORD, "", Importance.HIGH,
                        "Client secret. Set this or " + prefix + CERTIFICATE_PATH + ". Prefer a ConfigProvider"
                                + " reference such as ${file:/etc/kafka/secrets.properties:" + prefix + CLIENT_SECRET
                                + "}.",
                        GROUP, ++order, Width.MEDIUM, "Client secret")
                .define(prefix + CERTIFICATE_PATH, Type.STRING, "", Importance.MEDIUM,
                        "PKCS12 file holding the client certificate and its private key, instead of a secret.",
                        GROUP, ++order, Width.LONG, "Client certificate (PKCS12)")
                .define(prefix + CERTIFICATE_PASSWORD, Type.PASSWORD, "", Importance.MEDIUM,
                        "Password of the PKCS12 client certificate file.",
                        GROUP, ++order, Width.MEDIUM, "Client certificate password")
                .define(prefix + AUTHORITY, Type.STRING, "", Validators.httpUrl(true), Importance.MEDIUM,
                        "OAuth authority. Empty for https://login.microsoftonline.com/<tenant id>/ (or, with "
                                + prefix + AuthModeConfigDefs.MODE + "=adfs_password, for the AD FS authority the"
                                + " Dynamics server names in its 401 answer). Set an AD FS authority"
                                + " (https://adfs.example.com/adfs/) or a sovereign cloud's login host. Must be HTTPS.",
                        GROUP, ++order, Width.LONG, "Authority URL")
                .define(prefix + SCOPE, Type.STRING, "", Importance.LOW,
                        "Token scope. Empty for " + resourceDescription + " + '/.default'.",
                        GROUP, ++order, Width.LONG, "Scope");
    }

    /** The effective authority: the configured one, else Microsoft's for the tenant. */
    public static String authority(AbstractConfig config, String prefix) {
        String configured = config.getString(prefix + AUTHORITY).trim();
        if (!configured.isEmpty()) {
            return configured.endsWith("/") ? configured : configured + "/";
        }
        return "https://login.microsoftonline.com/" + config.getString(prefix + TENANT_ID).trim() + "/";
    }

    public static EntraIdSettings settings(AbstractConfig config, String prefix, String resourceUrl) {
        String scope = config.getString(prefix + SCOPE).trim();
        if (scope.isEmpty()) {
            String base = resourceUrl.endsWith("/") ? resourceUrl.substring(0, resourceUrl.length() - 1) : resourceUrl;
            scope = base + "/.default";
        }
        return new EntraIdSettings(authority(config, prefix), config.getString(prefix + CLIENT_ID),
                nonNull(config.getPassword(prefix + CLIENT_SECRET)), config.getString(prefix + CERTIFICATE_PATH),
                nonNull(config.getPassword(prefix + CERTIFICATE_PASSWORD)), scope);
    }

    private static Password nonNull(Password p) {
        return p == null ? new Password("") : p;
    }
}
