package io.dynamicsdotdigital.dataverse.client;

import io.dynamicsdotdigital.dataverse.client.auth.AuthModeConfigDefs;
import io.dynamicsdotdigital.dataverse.client.auth.EntraIdConfigDefs;
import io.dynamicsdotdigital.common.config.Validators;
import io.dynamicsdotdigital.common.http.HttpConfigDefs;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * The Dataverse connection keys both Dynamics connectors share: organisation URL, Web API version and the Entra ID
 * credentials under {@code dynamics.}; {@link DataverseConnectionConfig} reads them.
 */
public final class DataverseConnectionConfigDefs {
    public static final String AUTH_PREFIX = "dynamics.";
    public static final String URL = "dynamics.url";
    public static final String API_VERSION = "dynamics.api.version";
    public static final String CLIENT_ID = AUTH_PREFIX + EntraIdConfigDefs.CLIENT_ID;
    public static final String CLIENT_SECRET = AUTH_PREFIX + EntraIdConfigDefs.CLIENT_SECRET;
    public static final String AUTH_MODE = AUTH_PREFIX + AuthModeConfigDefs.MODE;
    public static final String USERNAME = AUTH_PREFIX + AuthModeConfigDefs.USERNAME;
    public static final String PASSWORD = AUTH_PREFIX + AuthModeConfigDefs.PASSWORD;
    /** v8.x is Dynamics CRM 2016 and Dynamics 365 8.x on premises; their Web API has no change tracking. */
    static final String[] API_VERSIONS = {"v8.0", "v8.1", "v8.2", "v9.0", "v9.1", "v9.2"};

    private DataverseConnectionConfigDefs() {
    }

    /**
     * Adds the URL and API version to {@code group} from position {@code order + 1}, then the Entra ID keys.
     *
     * @return the last position used in {@code group}
     */
    public static int addUrlAndVersion(ConfigDef def, String group, int order) {
        return addUrlAndVersion(def, group, order, ConfigDef.NO_DEFAULT_VALUE, Validators.httpUrl(false),
                "Organisation URL, for example https://contoso.crm4.dynamics.com. The Web API lives under"
                        + " <url>/api/data/<version>/. Must be https:// unless " + HttpConfigDefs.ALLOW_PLAIN_HTTP
                        + " is true.");
    }

    /**
     * Like {@link #addUrlAndVersion(ConfigDef, String, int)} for a connector whose Dataverse connection is optional:
     * the URL defaults to empty, meaning no connection; {@link DataverseConnectionConfig#dataverseConfigured()}
     * tells.
     *
     * @param purpose what the connection is for, e.g. "to look up what a send row does not carry"
     */
    public static int addOptionalUrlAndVersion(ConfigDef def, String group, int order, String purpose) {
        return addUrlAndVersion(def, group, order, "", Validators.httpUrl(true),
                "Organisation URL of an optional Dataverse connection " + purpose + ", for example"
                        + " https://contoso.crm4.dynamics.com. Empty (the default): no connection. The credentials"
                        + " are the same " + AUTH_PREFIX + "* settings as the Dynamics connectors'. Must be https://"
                        + " unless " + HttpConfigDefs.ALLOW_PLAIN_HTTP + " is true.");
    }

    private static int addUrlAndVersion(ConfigDef def, String group, int order, Object urlDefault,
                                        ConfigDef.Validator urlValidator, String urlDoc) {
        def.define(URL, ConfigDef.Type.STRING, urlDefault, urlValidator, Importance.HIGH, urlDoc,
                        group, ++order, Width.LONG, "Organisation URL")
                .define(API_VERSION, ConfigDef.Type.STRING, "v9.2", Validators.oneOf(API_VERSIONS),
                        Importance.LOW, "Web API version. v8.0-v8.2 for Dynamics CRM 2016 and Dynamics 365 8.x on"
                                + " premises: their Web API has no change tracking, so tables are read by watermark"
                                + " (with key scans for deletes).", group, ++order, Width.SHORT, "API version",
                        Validators.oneOf(API_VERSIONS));
        return order;
    }

    /**
     * Adds the Entra ID keys (tenant, client, secret or certificate, authority) under {@code dynamics.}, then the
     * sign-in mode and the on-premises service user.
     */
    public static void addCredentials(ConfigDef def) {
        EntraIdConfigDefs.add(def, AUTH_PREFIX, "the Dynamics URL (" + URL + ")");
        AuthModeConfigDefs.add(def, AUTH_PREFIX, EntraIdConfigDefs.POSITIONS);
    }
}
