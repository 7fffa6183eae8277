package io.dynamicsdotdigital.dynamics.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dynamicsdotdigital.common.config.ConfigDocs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The checked-in configuration reference must match the ConfigDef; run with -Ddocs.update=true to rewrite it. */
class ConfigDocsTest {
    static final Path DOC = Path.of("../docs/dynamics-source-connector-config.md");
    static final String INTRO = "Configuration of `io.dynamicsdotdigital.dynamics.source.DynamicsSourceConnector`, which"
            + " streams Dynamics 365 / Dataverse tables into Kafka. Per-table keys `table.<name>.columns`,"
            + " `table.<name>.filter`, `table.<name>.mode` and `table.<name>.topic` are described under `tables`.";

    @Test
    void referenceIsCurrent() throws IOException {
        String expected = ConfigDocs.markdown("Dynamics 365 source connector configuration", INTRO,
                DynamicsSourceConfig.configDef());
        if (Boolean.getBoolean("docs.update")) {
            ConfigDocs.write(DOC, expected);
        }
        String actual = Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "";
        assertEquals(expected, actual, "docs/dynamics-source-connector-config.md is stale: run the module's tests"
                + " with -Ddocs.update=true and commit the file");
    }
}
