package io.dynamicsdotdigital.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The packaged plugin folders load in a real worker under {@code plugin.discovery=service_load}: a missing
 * {@code META-INF/services} entry, a missing dependency in the folder or a wrong version fails here.
 */
@ExtendWith(PackagedPluginsWorker.class)
class PackagedPluginsTest {

    @Test
    void connectorClassesAreNotOnTheTestClasspath() {
        // Otherwise the worker could find them there and this test would not prove the folders work.
        for (String connectorClass : ProjectLayout.CONNECTOR_TYPES.keySet()) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(connectorClass),
                    connectorClass + " must only be loadable from its plugin folder");
        }
    }

    @Test
    void workerListsEveryConnectorWithTheProjectVersion(ConnectRest rest) throws Exception {
        JsonNode plugins = rest.get("connector-plugins");
        Map<String, JsonNode> byClass = new HashMap<>();
        plugins.forEach(p -> byClass.put(p.path("class").asText(), p));
        String version = ProjectLayout.projectVersion();
        for (Map.Entry<String, String> expected : ProjectLayout.CONNECTOR_TYPES.entrySet()) {
            JsonNode plugin = byClass.get(expected.getKey());
            assertTrue(plugin != null, expected.getKey() + " is not listed by GET /connector-plugins: " + plugins);
            assertEquals(expected.getValue(), plugin.path("type").asText(), expected.getKey() + " type");
            assertEquals(version, plugin.path("version").asText(), expected.getKey() + " version");
        }
    }

    @Test
    void eachConnectorDescribesItsConfiguration(ConnectRest rest) throws Exception {
        for (String connectorClass : ProjectLayout.CONNECTOR_TYPES.keySet()) {
            JsonNode config = rest.get("connector-plugins/" + connectorClass + "/config");
            assertTrue(config.isArray() && config.size() > 10,
                    connectorClass + " should describe its settings, got " + config);
        }
    }
}
