package io.dynamicsdotdigital.dynamics.sink;

import io.dynamicsdotdigital.testsupport.ConfigReferenceCheck;
import org.junit.jupiter.api.Test;

/** The checked-in configuration reference must match the ConfigDef; run with -Ddocs.update=true to rewrite it. */
class ConfigDocsTest {
    static final String INTRO = "Configuration of `io.dynamicsdotdigital.dynamics.sink.DynamicsSinkConnector`, which"
            + " writes records into one Dynamics 365 / Dataverse table through the Web API `$batch`.";

    @Test
    void referenceIsCurrent() {
        ConfigReferenceCheck.assertCurrent("dynamics-sink-connector-config.md",
                "Dynamics 365 sink connector configuration", INTRO, DynamicsSinkConfig.configDef());
    }
}
