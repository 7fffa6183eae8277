package io.dynamicsdotdigital.common.dataverse;

import io.dynamicsdotdigital.common.auth.EntraIdConfigDefs;
import io.dynamicsdotdigital.common.auth.EntraIdSettings;
import io.dynamicsdotdigital.common.config.Validators;
import io.dynamicsdotdigital.common.http.HttpConfigDefs;
import java.net.URI;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * The Dataverse connection keys both Dynamics connectors share: organisation URL, Web API version and the Entra ID
 * credentials under {@code dynamics.}, with the URLs and settings derived from them.
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

    /** The organisation URL without a trailing slash. */
    public static URI orgUrl(AbstractConfig config) {
        String url = config.getString(URL).trim();
        return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    /** The Web API root, ending with a slash: {@code https://org/api/data/v9.2/}. */
    public static URI webApiRoot(AbstractConfig config) {
        return URI.create(orgUrl(config) + "/api/data/" + config.getString(API_VERSION).toLowerCase() + "/");
    }

    public static EntraIdSettings entraId(AbstractConfig config) {
        return EntraIdConfigDefs.settings(config, AUTH_PREFIX, orgUrl(config).toString());
    }

    /** One key per organisation and application, for the call budgets shared across tasks. */
    public static String accountKey(AbstractConfig config) {
        return orgUrl(config) + "|" + config.getString(CLIENT_ID);
    }
}
