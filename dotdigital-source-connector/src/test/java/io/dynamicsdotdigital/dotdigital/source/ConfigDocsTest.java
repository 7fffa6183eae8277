package io.dynamicsdotdigital.dotdigital.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dynamicsdotdigital.common.config.ConfigDocs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The checked-in configuration reference must match the ConfigDef; run with -Ddocs.update=true to rewrite it. */
class ConfigDocsTest {
    static final Path DOC = Path.of("../docs/dotdigital-source-connector-config.md");
    static final String INTRO = "Configuration of `io.dynamicsdotdigital.dotdigital.source.DotdigitalSourceConnector`,"
            + " which streams Dotdigital campaign statistics, send summaries, clicks, opens, page views, ROI, hard"
            + " bounces, unsubscribes, suppressions, form responses and preference opt-ins into one topic per stream."
            + " Record shapes, offsets and metrics: `dotdigital-source-connector/README.md`.";

    @Test
    void referenceIsCurrent() throws IOException {
        String expected = ConfigDocs.markdown("Dotdigital source connector configuration", INTRO,
                DotdigitalSourceConfig.configDef());
        if (Boolean.getBoolean("docs.update")) {
            ConfigDocs.write(DOC, expected);
        }
        String actual = Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "";
        assertEquals(expected, actual, "docs/dotdigital-source-connector-config.md is stale: run the module's tests"
                + " with -Ddocs.update=true and commit the file");
    }
}
