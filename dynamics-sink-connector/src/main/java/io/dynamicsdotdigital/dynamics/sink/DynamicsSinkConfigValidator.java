package io.dynamicsdotdigital.dynamics.sink;

import io.dynamicsdotdigital.common.config.ConfigValidation;
import io.dynamicsdotdigital.common.http.HttpClientFactory;
import io.dynamicsdotdigital.dataverse.client.DataverseApiException;
import io.dynamicsdotdigital.dataverse.client.DataverseClient;
import io.dynamicsdotdigital.dataverse.client.EntityKeys;
import io.dynamicsdotdigital.dataverse.client.MissingPrivilege;
import io.dynamicsdotdigital.dataverse.client.RequestGate;
import io.dynamicsdotdigital.dataverse.client.webapi.WebApiDataverseClient;
import io.dynamicsdotdigital.dynamics.sink.link.LinkEntity;
import io.dynamicsdotdigital.dynamics.sink.link.LinkSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.Config;

/**
 * validate(): field checks and the cross-field rules of {@link DynamicsSinkConfig}, then the URL scheme, then (with
 * a time limit) a token fetch whose failure lands on the client secret, a one-row read of the entity set whose
 * failure lands on {@code dynamics.entity.set}, and the table's keys against {@code key.columns} and
 * {@code match.id.column}.
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
        WebApiDataverseClient client = WebApiDataverseClient.create(cfg,
                cfg.resilienceSettings().withMaxAttempts(Math.min(3, cfg.resilienceSettings().maxAttempts())),
                cfg.accountKey() + "|validate", null, new RequestGate(1), 1);
        client.verifyCredentials();
        try {
            client.probeEntitySet(cfg.entitySet());
        } catch (DataverseApiException e) {
            errors.add(DynamicsSinkConfig.ENTITY_SET, switch (e.status()) {
                case 404 -> "Dataverse has no entity set '" + cfg.entitySet() + "'";
                case 403 -> "the application user may not read entity set '" + cfg.entitySet()
                        + "' (HTTP 403): " + MissingPrivilege.hint(e.error().message(),
                        "the Read privilege on the table") + "; it needs read and write privileges on the table";
                default -> "reading entity set '" + cfg.entitySet() + "' failed with HTTP " + e.status() + ": "
                        + e.error();
            });
            return;
        }
        checkKeys(cfg, client, errors);
        checkLinkedTables(cfg, client, errors);
    }

    /** Linking reads contacts, leads or accounts by email: a 403 there names the privilege on link.entities. */
    private void checkLinkedTables(DynamicsSinkConfig cfg, DataverseClient client, ConfigValidation.Errors errors) {
        for (LinkEntity entity : cfg.linkSettings().entities()) {
            try {
                client.probeEntitySet(entity.entitySet());
            } catch (DataverseApiException e) {
                errors.add(LinkSettings.ENTITIES, "reading " + entity.entitySet() + " to link records failed with"
                        + " HTTP " + e.status() + (e.status() == 403 ? ": " + MissingPrivilege.hint(
                        e.error().message(), entity.readPrivilege()) : ": " + e.error()));
            }
        }
    }

    /**
     * The table's metadata: the configured alternate key must be one of its keys, and match.id.column its primary
     * id. Skipped when the service does not answer this metadata query (an upsert would then show the problem).
     */
    private void checkKeys(DynamicsSinkConfig cfg, DataverseClient client, ConfigValidation.Errors errors) {
        boolean checkKey = cfg.writeMode().equals(DynamicsSinkConfig.MODE_UPSERT) && !cfg.keyColumns().isEmpty();
        boolean checkId = cfg.writeMode().equals(DynamicsSinkConfig.MODE_UPDATE_MATCHING);
        if (!checkKey && !checkId) {
            return;
        }
        Optional<EntityKeys> found = client.keys(cfg.entitySet());
        if (found.isEmpty()) {
            return;
        }
        EntityKeys table = found.get();
        if (checkId && table.primaryIdAttribute() != null
                && !table.primaryIdAttribute().equalsIgnoreCase(cfg.matchIdColumn())) {
            errors.add(DynamicsSinkConfig.MATCH_ID_COLUMN, "the primary id column of " + cfg.entitySet() + " is '"
                    + table.primaryIdAttribute() + "', not '" + cfg.matchIdColumn() + "'");
        }
        if (checkKey && table.alternateKeys() != null) {
            Set<String> wanted = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            wanted.addAll(cfg.keyColumns());
            List<String> keys = new ArrayList<>();
            for (Set<String> columns : table.alternateKeys()) {
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
