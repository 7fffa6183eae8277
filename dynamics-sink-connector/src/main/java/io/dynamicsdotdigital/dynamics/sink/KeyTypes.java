package io.dynamicsdotdigital.dynamics.sink;

import io.dynamicsdotdigital.dataverse.client.AttributeInfo;
import io.dynamicsdotdigital.dataverse.client.DataverseClient;
import io.dynamicsdotdigital.dataverse.client.EntityKeys;
import io.dynamicsdotdigital.dataverse.client.EntityMetadata;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata types of the alternate key columns, so key literals follow them (a GUID-shaped value of a text key is
 * quoted, a decimal is never written as 1.0E10). When the service does not say, literals follow the values.
 */
final class KeyTypes {
    private static final Logger log = LoggerFactory.getLogger(KeyTypes.class);

    private KeyTypes() {
    }

    static Map<String, String> read(DataverseClient client, DynamicsSinkConfig config) {
        if (config.keyColumns().isEmpty()) {
            return Map.of();
        }
        try {
            Optional<EntityKeys> table = client.keys(config.entitySet());
            if (table.isEmpty() || table.get().logicalName().isEmpty()) {
                log.warn("Dataverse did not name the table of entity set {}; key literals follow the record values",
                        config.entitySet());
                return Map.of();
            }
            EntityMetadata metadata = client.metadata(table.get().logicalName());
            Map<String, String> types = new HashMap<>();
            for (String column : config.keyColumns()) {
                metadata.attribute(column).map(AttributeInfo::attributeType).ifPresent(t -> types.put(column, t));
            }
            return Map.copyOf(types);
        } catch (ConnectException e) {
            log.warn("Could not read the key column types of {} ({}); key literals follow the record values",
                    config.entitySet(), e.getMessage());
            return Map.of();
        }
    }
}
