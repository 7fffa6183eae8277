package io.dynamicsdotdigital.dynamics.sink;

import io.dynamicsdotdigital.common.auth.EntraIdClientCredentialsProvider;
import io.dynamicsdotdigital.common.config.ConfigValidation;
import io.dynamicsdotdigital.common.dataverse.ODataRequests;
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
        HttpRequest.Builder probe = ODataRequests.request(cfg.webApiRoot().resolve(cfg.entitySet())).GET()
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
        } else {
            checkKeys(cfg, http, errors);
        }
    }

    /**
     * The table's metadata: the configured alternate key must be one of its keys, and match.id.column its primary
     * id. Skipped when the service does not answer this metadata query (an upsert would then show the problem).
     */
    private void checkKeys(DynamicsSinkConfig cfg, ApiHttpClient http, ConfigValidation.Errors errors) {
        boolean checkKey = cfg.writeMode().equals(DynamicsSinkConfig.MODE_UPSERT) && !cfg.keyColumns().isEmpty();
        boolean checkId = cfg.writeMode().equals(DynamicsSinkConfig.MODE_UPDATE_MATCHING);
        if (!checkKey && !checkId) {
            return;
        }
        String filter = "EntitySetName eq '" + cfg.entitySet().replace("'", "''") + "'";
        java.net.URI uri = cfg.webApiRoot().resolve("EntityDefinitions?$select=LogicalName,PrimaryIdAttribute&$filter="
                + ODataRequests.encode(filter) + "&$expand=" + ODataRequests.encode("Keys($select=KeyAttributes)"));
        HttpResponse<String> answer = http.sendForString(ODataRequests.request(uri).GET(), "metadata");
        if (answer.statusCode() != 200) {
            return;
        }
        com.fasterxml.jackson.databind.JsonNode table;
        try {
            table = new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body()).path("value").path(0);
        } catch (java.io.IOException e) {
            return;
        }
        if (table.isMissingNode()) {
            return;
        }
        if (checkId && table.hasNonNull("PrimaryIdAttribute")
                && !table.get("PrimaryIdAttribute").asText().equalsIgnoreCase(cfg.matchIdColumn())) {
            errors.add(DynamicsSinkConfig.MATCH_ID_COLUMN, "the primary id column of " + cfg.entitySet() + " is '"
                    + table.get("PrimaryIdAttribute").asText() + "', not '" + cfg.matchIdColumn() + "'");
        }
        if (checkKey && table.has("Keys")) {
            java.util.Set<String> wanted = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            wanted.addAll(cfg.keyColumns());
            java.util.List<String> keys = new java.util.ArrayList<>();
            for (com.fasterxml.jackson.databind.JsonNode key : table.get("Keys")) {
                java.util.Set<String> columns = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
                key.path("KeyAttributes").forEach(c -> columns.add(c.asText()));
                if (columns.equals(wanted)) {
                    return;
                }
                keys.add(columns.toString());
            }
            errors.add(DynamicsSinkConfig.KEY_COLUMNS, cfg.keyColumns() + " is not an alternate key of "
                    + cfg.entitySet() + (keys.isEmpty() ? ", which has no alternate keys (define one in Dataverse, or"
                    + " use id.field or write.mode=update_matching)" : "; its alternate keys are " + keys));
        }
    }

}
