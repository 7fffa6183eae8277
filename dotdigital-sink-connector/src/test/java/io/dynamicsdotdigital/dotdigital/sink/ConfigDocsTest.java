package io.dynamicsdotdigital.dotdigital.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.common.config.ConfigDocs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The checked-in configuration reference must match the ConfigDef; -Ddocs.update=true rewrites it. */
class ConfigDocsTest {
    static final Path DOC = Path.of("../docs/dotdigital-sink-connector-config.md");
    static final String TITLE = "Dotdigital sink connector configuration";
    static final String INTRO = "Settings of `io.dynamicsdotdigital.dotdigital.sink.DotdigitalSinkConnector`, besides"
            + " Kafka Connect's own (`topics`, `errors.tolerance`, `errors.deadletterqueue.topic.name`, ...)."
            + " Per-topic overrides not listed below: `topic.<topic>.email.field` and `topic.<topic>.mapping`"
            + " (same syntax as `datafield.mapping`).";

    @Test
    void referenceIsCurrent() throws Exception {
        String expected = ConfigDocs.markdown(TITLE, INTRO, DotdigitalSinkConfig.configDef());
        if (Boolean.getBoolean("docs.update")) {
            ConfigDocs.write(DOC, expected);
        }
        assertTrue(Files.exists(DOC), DOC.toAbsolutePath() + " is missing; run the test with -Ddocs.update=true");
        assertEquals(expected, Files.readString(DOC, StandardCharsets.UTF_8),
                DOC + " is stale; run the test with -Ddocs.update=true and commit the file");
    }
}
