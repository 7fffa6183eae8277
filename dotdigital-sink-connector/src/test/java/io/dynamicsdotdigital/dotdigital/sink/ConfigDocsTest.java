package io.dynamicsdotdigital.dotdigital.sink;

import io.dynamicsdotdigital.testsupport.ConfigReferenceCheck;
import org.junit.jupiter.api.Test;

/** The checked-in configuration reference must match the ConfigDef; -Ddocs.update=true rewrites it. */
class ConfigDocsTest {
    static final String INTRO = "Settings of `io.dynamicsdotdigital.dotdigital.sink.DotdigitalSinkConnector`, besides"
            + " Kafka Connect's own (`topics`, `errors.tolerance`, `errors.deadletterqueue.topic.name`, ...)."
            + " Per-topic overrides not listed below: `topic.<topic>.email.field` and `topic.<topic>.mapping`"
            + " (same syntax as `datafield.mapping`).";

    @Test
    void referenceIsCurrent() {
        ConfigReferenceCheck.assertCurrent("dotdigital-sink-connector-config.md",
                "Dotdigital sink connector configuration", INTRO, DotdigitalSinkConfig.configDef());
    }
}
