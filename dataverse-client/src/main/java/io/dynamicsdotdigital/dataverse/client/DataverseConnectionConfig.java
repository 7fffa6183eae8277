package io.dynamicsdotdigital.dataverse.client;

import io.dynamicsdotdigital.dataverse.client.auth.AuthMode;
import io.dynamicsdotdigital.dataverse.client.auth.AuthModeConfigDefs;
import io.dynamicsdotdigital.dataverse.client.auth.EntraIdConfigDefs;
import io.dynamicsdotdigital.dataverse.client.auth.OnPremisesSettings;
import io.dynamicsdotdigital.dataverse.client.auth.EntraIdSettings;
import io.dynamicsdotdigital.common.http.HttpConfigDefs;
import io.dynamicsdotdigital.common.http.HttpSettings;
import io.dynamicsdotdigital.common.http.ResilienceSettings;
import java.net.URI;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * A Dynamics connector's settings whose ConfigDef includes {@link DataverseConnectionConfigDefs} and
 * {@link HttpConfigDefs}: the connection values both Dynamics connectors read the same way.
 */
public abstract class DataverseConnectionConfig extends AbstractConfig {
    protected DataverseConnectionConfig(ConfigDef definition, Map<?, ?> props) {
        super(definition, props);
    }

    /** Whether a Dataverse connection is configured: always for the Dynamics connectors, optional elsewhere. */
    public boolean dataverseConfigured() {
        return !getString(DataverseConnectionConfigDefs.URL).isBlank();
    }

    /** The organisation URL without a trailing slash. */
    public URI orgUrl() {
        String url = getString(DataverseConnectionConfigDefs.URL).trim();
        return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    /** The Web API root, ending with a slash: {@code https://org/api/data/v9.2/}. */
    public URI webApiRoot() {
        return URI.create(orgUrl() + "/api/data/"
                + getString(DataverseConnectionConfigDefs.API_VERSION).toLowerCase() + "/");
    }

    public EntraIdSettings entraId() {
        return EntraIdConfigDefs.settings(this, DataverseConnectionConfigDefs.AUTH_PREFIX, orgUrl().toString());
    }

    public AuthMode authMode() {
        return AuthModeConfigDefs.mode(this, DataverseConnectionConfigDefs.AUTH_PREFIX);
    }

    /** The service user's sign-in for {@link AuthMode#ADFS_PASSWORD} and {@link AuthMode#NTLM}. */
    public OnPremisesSettings onPremises() {
        return AuthModeConfigDefs.settings(this, DataverseConnectionConfigDefs.AUTH_PREFIX, orgUrl().toString());
    }

    /** Whether the configured Web API version is 8.x, whose Web API has no change tracking. */
    public boolean webApiVersion8() {
        return getString(DataverseConnectionConfigDefs.API_VERSION).toLowerCase().startsWith("v8.");
    }

    public HttpSettings httpSettings() {
        return HttpConfigDefs.httpSettings(this);
    }

    public ResilienceSettings resilienceSettings() {
        return HttpConfigDefs.resilienceSettings(this);
    }

    /** One key per organisation and application, for the call budgets shared across tasks. */
    public String accountKey() {
        return orgUrl() + "|" + (authMode() == AuthMode.NTLM ? getString(DataverseConnectionConfigDefs.USERNAME)
                : getString(DataverseConnectionConfigDefs.CLIENT_ID));
    }
}
