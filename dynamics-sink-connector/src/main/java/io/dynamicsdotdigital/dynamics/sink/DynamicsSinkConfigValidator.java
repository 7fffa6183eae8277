package io.dynamicsdotdigital.dynamics.sink;

import io.dynamicsdotdigital.common.auth.EntraIdClientCredentialsProvider;
import io.dynamicsdotdigital.common.config.ConfigValidation;
import io.dynamicsdotdigital.common.http.ApiHttpClient;
import io.dynamicsdotdigital.common.http.HttpClientFactory;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.Config;

/**
 * validate(): field checks, then the URL scheme, then (with a time limit) a token fetch whose failure lands on the
 * client secret and a one-row read of the entity set whose failure lands on {@code dynamics.entity.set}.
 */
final class DynamicsSinkConfigValidator {
    static final Duration CONNECTIVITY_TIMEOUT = Duration.ofSeconds(30);

    Config validate(Map<String, String> props) {
        return ConfigValidation.of(DynamicsSinkConfig.configDef(), DynamicsSinkConfig::new)
                .<DynamicsSinkConfig>crossField((cfg, errors) ->
                        HttpClientFactory.requireAllowedScheme(cfg.orgUrl(), cfg.httpSettings(), DynamicsSinkConfig.URL))
                .<DynamicsSinkConfig>connectivity(DynamicsSinkConfig.CLIENT_SECRET, CONNECTIVITY_TIMEOUT,
                        this::checkConnectivity)
                .validate(props);
    }

    private void checkConnectivity(DynamicsSinkConfig cfg, ConfigValidation.Errors errors) {
        EntraIdClientCredentialsProvider auth = new EntraIdClientCredentialsProvider(cfg.entraId(), cfg.httpSettings());
        auth.verify();
        ApiHttpClient http = new ApiHttpClient("Dataverse", cfg.httpSettings(),
                cfg.resilienceSettings().withMaxAttempts(Math.min(3, cfg.resilienceSettings().maxAttempts())), auth,
                cfg.accountKey() + "|validate", null);
        HttpRequest.Builder probe = HttpRequest.newBuilder(cfg.webApiRoot().resolve(cfg.entitySet())).GET()
                .header("Accept", "application/json")
                .header("OData-MaxVersion", "4.0")
                .header("OData-Version", "4.0")
                .header("Prefer", "odata.maxpagesize=1");
        HttpResponse<String> answer = http.sendForString(probe, "probe");
        if (answer.statusCode() == 404) {
            errors.add(DynamicsSinkConfig.ENTITY_SET, "Dataverse has no entity set '" + cfg.entitySet() + "'");
        } else if (answer.statusCode() == 403) {
            errors.add(DynamicsSinkConfig.ENTITY_SET, "the application user may not read entity set '"
                    + cfg.entitySet() + "' (HTTP 403): it needs read and write privileges on the table");
        } else if (answer.statusCode() != 200) {
            errors.add(DynamicsSinkConfig.ENTITY_SET, "reading entity set '" + cfg.entitySet() + "' failed with HTTP "
                    + answer.statusCode() + ": " + BatchWriter.abbreviate(answer.body()));
        }
    }
}
