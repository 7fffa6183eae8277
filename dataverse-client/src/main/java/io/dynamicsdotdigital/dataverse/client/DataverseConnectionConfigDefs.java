package io.dynamicsdotdigital.dataverse.client;

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

    private DataverseConnectionConfigDefs() {
    }

    /**
     * Adds the URL and API version to {@code group} from position {@code order + 1}, then the Entra ID keys.
     *
     * @return the last position used in {@code group}
     */
    public static int addUrlAndVersion(ConfigDef def, String group, int order) {
        def.define(URL, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Validators.httpUrl(false),
                        Importance.HIGH,
                        "Organisation URL, for example https://contoso.crm4.dynamics.com. The Web API lives under"
                                + " <url>/api/data/<version>/. Must be https:// unless "
                                + HttpConfigDefs.ALLOW_PLAIN_HTTP + " is true.",
                        group, ++order, Width.LONG, "Organisation URL")
                .define(API_VERSION, ConfigDef.Type.STRING, "v9.2", Validators.oneOf("v9.0", "v9.1", "v9.2"),
                        Importance.LOW, "Web API version.", group, ++order, Width.SHORT, "API version",
                        Validators.oneOf("v9.0", "v9.1", "v9.2"));
        return order;
    }

    /** Adds the Entra ID keys (tenant, client, secret or certificate, authority) under {@code dynamics.}. */
    public static void addCredentials(ConfigDef def) {
        EntraIdConfigDefs.add(def, AUTH_PREFIX, "the Dynamics URL (" + URL + ")");
    }
}
