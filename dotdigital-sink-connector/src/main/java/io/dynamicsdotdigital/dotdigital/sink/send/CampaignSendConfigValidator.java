package io.dynamicsdotdigital.dotdigital.sink.send;

import io.dynamicsdotdigital.common.config.ConfigValidation;
import io.dynamicsdotdigital.common.http.HttpClientFactory;
import io.dynamicsdotdigital.dataverse.client.DataverseApiException;
import io.dynamicsdotdigital.dataverse.client.DataverseConnectionConfigDefs;
import io.dynamicsdotdigital.dataverse.client.MissingPrivilege;
import io.dynamicsdotdigital.dataverse.client.RequestGate;
import io.dynamicsdotdigital.dataverse.client.webapi.WebApiDataverseClient;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.Config;

/**
 * validate(): field checks, then (when a Dataverse connection is configured) the URL scheme;
 * only with a connection, and within a time limit, a token fetch and WhoAmI whose failure lands on the client
 * secret, and a one-row read of each table the lookups read, whose failure lands on the setting naming it.
 */
final class CampaignSendConfigValidator {
    static final Duration CONNECTIVITY_TIMEOUT = Duration.ofSeconds(30);

    Config validate(Map<String, String> props) {
        return ConfigValidation.of(CampaignSendConfig.configDef(), CampaignSendConfig::new)
                .<CampaignSendConfig>crossField(this::crossField)
                .<CampaignSendConfig>connectivity(DataverseConnectionConfigDefs.CLIENT_SECRET, CONNECTIVITY_TIMEOUT,
                        this::checkDataverse)
                .validate(props);
    }

    private void crossField(CampaignSendConfig cfg, ConfigValidation.Errors errors) {
        if (cfg.dataverseConfigured()) {
            HttpClientFactory.requireAllowedScheme(cfg.orgUrl(), cfg.httpSettings(), CampaignSendConfig.DATAVERSE_URL);
        }
    }

    private void checkDataverse(CampaignSendConfig cfg, ConfigValidation.Errors errors) {
        if (!cfg.dataverseConfigured()) {
            return;
        }
        WebApiDataverseClient client = WebApiDataverseClient.create(cfg,
                cfg.resilienceSettings().withMaxAttempts(Math.min(3, cfg.resilienceSettings().maxAttempts())),
                cfg.accountKey() + "|validate", null, new RequestGate(1), 1);
        client.verifyCredentials();
        probe(client, "contacts", CampaignSendConfig.CONTACT_LOOKUP, "the Read privilege on Contact", errors);
        probe(client, "leads", CampaignSendConfig.LEAD_LOOKUP, "the Read privilege on Lead", errors);
        probe(client, cfg.listsEntitySet(), CampaignSendConfig.LISTS_ENTITY_SET,
                "the Read privilege on the Email Send table", errors);
    }

    private static void probe(WebApiDataverseClient client, String entitySet, String setting, String privilege,
                              ConfigValidation.Errors errors) {
        try {
            client.probeEntitySet(entitySet);
        } catch (DataverseApiException e) {
            errors.add(setting, switch (e.status()) {
                case 404 -> "Dataverse has no entity set '" + entitySet + "'";
                case 403 -> "the application user may not read entity set '" + entitySet + "' (HTTP 403): "
                        + MissingPrivilege.hint(e.error().message(), privilege);
                default -> "reading entity set '" + entitySet + "' failed with HTTP " + e.status() + ": "
                        + e.error();
            });
        }
    }
}
