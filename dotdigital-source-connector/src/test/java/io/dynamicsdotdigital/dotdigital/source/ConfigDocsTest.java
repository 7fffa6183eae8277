package io.dynamicsdotdigital.dotdigital.source;

import io.dynamicsdotdigital.testsupport.ConfigReferenceCheck;
import org.junit.jupiter.api.Test;

/** The checked-in configuration reference must match the ConfigDef; run with -Ddocs.update=true to rewrite it. */
class ConfigDocsTest {
    static final String INTRO = "Configuration of `io.dynamicsdotdigital.dotdigital.source.DotdigitalSourceConnector`,"
            + " which streams Dotdigital campaign statistics, send summaries, clicks, opens, page views, ROI, hard"
            + " bounces, unsubscribes, suppressions, form responses and preference opt-ins into one topic per stream."
            + " Record shapes, offsets and metrics: `dotdigital-source-connector/README.md`.";

    @Test
    void referenceIsCurrent() {
        ConfigReferenceCheck.assertCurrent("dotdigital-source-connector-config.md",
                "Dotdigital source connector configuration", INTRO, DotdigitalSourceConfig.configDef());
    }
}
