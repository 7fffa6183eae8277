package io.dynamicsdotdigital.dotdigital.sink.send;

import io.dynamicsdotdigital.testsupport.ConfigReferenceCheck;
import org.junit.jupiter.api.Test;

/** The checked-in configuration reference must match the ConfigDef; -Ddocs.update=true rewrites it. */
class CampaignSendConfigDocsTest {
    static final String INTRO = "Settings of `io.dynamicsdotdigital.dotdigital.sink.send.DotdigitalCampaignSendConnector`"
            + " (in the Dotdigital sink plugin), besides Kafka Connect's own (`topics`, `errors.tolerance`,"
            + " `errors.deadletterqueue.topic.name`, ...). The send flow and its safety rules: campaign-sends.md.";

    @Test
    void referenceIsCurrent() {
        ConfigReferenceCheck.assertCurrent("dotdigital-campaign-send-connector-config.md",
                "Dotdigital campaign send connector configuration", INTRO, CampaignSendConfig.configDef());
    }
}
