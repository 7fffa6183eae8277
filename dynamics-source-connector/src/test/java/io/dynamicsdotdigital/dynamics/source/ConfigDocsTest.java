package io.dynamicsdotdigital.dynamics.source;

import io.dynamicsdotdigital.testsupport.ConfigReferenceCheck;
import org.junit.jupiter.api.Test;

/** The checked-in configuration reference must match the ConfigDef; run with -Ddocs.update=true to rewrite it. */
class ConfigDocsTest {
    static final String INTRO = "Configuration of `io.dynamicsdotdigital.dynamics.source.DynamicsSourceConnector`, which"
            + " streams Dynamics 365 / Dataverse tables into Kafka. Per-table keys `table.<name>.columns`,"
            + " `table.<name>.filter`, `table.<name>.mode` and `table.<name>.topic` are described under `tables`.";

    @Test
    void referenceIsCurrent() {
        ConfigReferenceCheck.assertCurrent("dynamics-source-connector-config.md",
                "Dynamics 365 source connector configuration", INTRO, DynamicsSourceConfig.configDef());
    }
}
