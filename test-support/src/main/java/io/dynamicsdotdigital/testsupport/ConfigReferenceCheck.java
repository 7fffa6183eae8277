package io.dynamicsdotdigital.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dynamicsdotdigital.common.config.ConfigDocs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The checked-in configuration reference of a connector must be what its {@link ConfigDef} renders, so the docs
 * cannot drift from the code. With {@code -Ddocs.update=true} the file is rewritten instead.
 */
public final class ConfigReferenceCheck {
    private ConfigReferenceCheck() {
    }

    /** @param docName the file under the project's {@code docs/}, for example {@code dynamics-sink-connector-config.md} */
    public static void assertCurrent(String docName, String title, String intro, ConfigDef configDef) {
        Path doc = Path.of("..", "docs", docName);
        String expected = ConfigDocs.markdown(title, intro, configDef);
        try {
            if (Boolean.getBoolean("docs.update")) {
                ConfigDocs.write(doc, expected);
            }
            String actual = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";
            assertEquals(expected, actual, "docs/" + docName + " is stale: run the module's tests with"
                    + " -Ddocs.update=true and commit the file");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
