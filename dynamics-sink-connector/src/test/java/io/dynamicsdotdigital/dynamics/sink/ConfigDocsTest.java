package io.dynamicsdotdigital.dynamics.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dynamicsdotdigital.common.config.ConfigDocs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The checked-in configuration reference must match the ConfigDef; run with -Ddocs.update=true to rewrite it. */
class ConfigDocsTest {
    static final Path DOC = Path.of("../docs/dynamics-sink-connector-config.md");
    static final String INTRO = "Configuration of `io.dynamicsdotdigital.dynamics.sink.DynamicsSinkConnector`, which"
            + " writes records into one Dynamics 365 / Dataverse table through the Web API `$batch`.";

    @Test
    void referenceIsCurrent() throws IOException {
        String expected = ConfigDocs.markdown("Dynamics 365 sink connector configuration", INTRO,
                DynamicsSinkConfig.configDef());
        if (Boolean.getBoolean("docs.update")) {
            ConfigDocs.write(DOC, expected);
        }
        String actual = Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "";
        assertEquals(expected, actual, "docs/dynamics-sink-connector-config.md is stale: run the module's tests"
                + " with -Ddocs.update=true and commit the file");
    }
}
