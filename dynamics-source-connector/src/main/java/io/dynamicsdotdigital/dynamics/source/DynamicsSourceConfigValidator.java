package io.dynamicsdotdigital.dynamics.source;

import io.dynamicsdotdigital.common.config.ConfigValidation;
import io.dynamicsdotdigital.common.http.HttpClientFactory;
import io.dynamicsdotdigital.dataverse.client.DataverseApiException;
import io.dynamicsdotdigital.dataverse.client.EntityMetadata;
import io.dynamicsdotdigital.dataverse.client.RequestGate;
import io.dynamicsdotdigital.dataverse.client.webapi.WebApiDataverseClient;
import io.dynamicsdotdigital.dynamics.source.schema.SchemaMapper;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.Config;

/**
 * validate(): field checks, the cross-field rules of {@link DynamicsSourceConfig}, the URL scheme, then (with a time
 * limit) a token fetch whose failure lands on the client secret, and a metadata read per table whose failures land
 * on {@code tables} or the table's own keys.
 */
final class DynamicsSourceConfigValidator {
    static final Duration CONNECTIVITY_TIMEOUT = Duration.ofSeconds(30);

    Config validate(Map<String, String> props) {
        return ConfigValidation.of(DynamicsSourceConfig.configDef(props), DynamicsSourceConfig::new)
                .<DynamicsSourceConfig>crossField((cfg, errors) ->
                        HttpClientFactory.requireAllowedScheme(cfg.orgUrl(), cfg.httpSettings(), DynamicsSourceConfig.URL))
                .<DynamicsSourceConfig>connectivity(DynamicsSourceConfig.CLIENT_SECRET, CONNECTIVITY_TIMEOUT,
                        this::checkConnectivity)
                .validate(props);
    }

    private void checkConnectivity(DynamicsSourceConfig cfg, ConfigValidation.Errors errors) {
        // Few attempts: validation must answer within its time limit even when the service throttles.
        WebApiDataverseClient client = WebApiDataverseClient.create(cfg,
                cfg.resilienceSettings().withMaxAttempts(Math.min(3, cfg.resilienceSettings().maxAttempts())),
                cfg.accountKey() + "|validate", null, new RequestGate(cfg.maxConcurrentRequests()), cfg.pageSize());
        client.verifyCredentials();
        SchemaMapper mapper = new SchemaMapper(cfg.getString(DynamicsSourceConfig.TOPIC_PREFIX));
        for (TableSettings table : cfg.tables()) {
            String prefix = DynamicsSourceConfig.TABLE_PREFIX + table.logicalName();
            EntityMetadata metadata;
            try {
                metadata = client.metadata(table.logicalName());
            } catch (DataverseApiException e) {
                errors.add(DynamicsSourceConfig.TABLES, e.status() == 404
                        ? "Dataverse has no table with logical name '" + table.logicalName() + "'"
                        : "could not read the metadata of table " + table.logicalName() + ": " + e.getMessage());
                continue;
            }
            try {
                mapper.build(metadata, table.columns(), false, 1);
            } catch (IllegalArgumentException e) {
                errors.add(table.columns().isEmpty() ? DynamicsSourceConfig.TABLES
                        : prefix + DynamicsSourceConfig.COLUMNS_SUFFIX, e.getMessage());
            }
            if (table.mode() == TableMode.CHANGE_TRACKING && !metadata.changeTrackingEnabled()) {
                errors.add(prefix + DynamicsSourceConfig.MODE_SUFFIX, "table " + table.logicalName()
                        + " does not have change tracking enabled in Dataverse; use auto or watermark");
            }
        }
    }
}
