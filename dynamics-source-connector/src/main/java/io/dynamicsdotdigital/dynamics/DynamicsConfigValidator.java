package io.dynamicsdotdigital.dynamics;

import io.dynamicsdotdigital.common.auth.EntraIdClientCredentialsProvider;
import io.dynamicsdotdigital.common.config.ConfigValidation;
import io.dynamicsdotdigital.common.http.HttpClientFactory;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.Config;

/**
 * validate(): field checks, then the URL scheme, then (with a time limit) a token fetch whose failure lands on the
 * client secret.
 */
final class DynamicsConfigValidator {
    static final Duration CONNECTIVITY_TIMEOUT = Duration.ofSeconds(30);

    Config validate(Map<String, String> props) {
        return ConfigValidation.of(DynamicsSourceConfig.configDef(props), DynamicsSourceConfig::new)
                .<DynamicsSourceConfig>crossField((cfg, errors) ->
                        HttpClientFactory.requireAllowedScheme(cfg.orgUrl(), cfg.httpSettings(), DynamicsSourceConfig.URL))
                .<DynamicsSourceConfig>connectivity(DynamicsSourceConfig.CLIENT_SECRET, CONNECTIVITY_TIMEOUT,
                        (cfg, errors) -> checkConnectivity(cfg, errors))
                .validate(props);
    }

    private void checkConnectivity(DynamicsSourceConfig cfg, ConfigValidation.Errors errors) {
        EntraIdClientCredentialsProvider auth = new EntraIdClientCredentialsProvider(cfg.entraId(), cfg.httpSettings());
        auth.verify();
    }
}
