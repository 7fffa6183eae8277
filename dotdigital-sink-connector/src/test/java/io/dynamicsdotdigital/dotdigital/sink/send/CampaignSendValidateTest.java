package io.dynamicsdotdigital.dotdigital.sink.send;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

/** validate(): a request's waits no longer run inside put(), so they are not bound by max.poll.interval.ms. */
class CampaignSendValidateTest {
    private static Map<String, String> config(long statusTimeout, long awaitTimeout) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", DotdigitalCampaignSendConnector.class.getName());
        c.put("topics", "crm.esc_emailsend");
        c.put("dotdigital.api.user", "apiuser-1@apiconnector.com");
        c.put("dotdigital.api.password", "secret");
        c.put("send.campaign.allowlist", "1");
        c.put("send.kafka.bootstrap.servers", "localhost:9092");
        c.put("send.status.timeout.ms", Long.toString(statusTimeout));
        c.put("send.await.imports.timeout.ms", Long.toString(awaitTimeout));
        return c;
    }

    private static List<String> errors(Map<String, String> config, String name) {
        return new DotdigitalCampaignSendConnector().validate(config).configValues().stream()
                .filter(v -> v.name().equals(name)).findFirst().map(ConfigValue::errorMessages).orElseThrow();
    }

    @Test
    void theDefaultsFitTheDefaultMaxPollInterval() {
        assertEquals(List.of(), errors(config(60_000, 120_000), "send.status.timeout.ms"));
    }

    @Test
    void waitsLongerThanTheMaxPollIntervalAreValidSinceNothingWaitsInsidePut() {
        assertEquals(List.of(), errors(config(600_000, 600_000), "send.status.timeout.ms"));
        assertEquals(List.of(), errors(config(600_000, 600_000), "send.await.imports.timeout.ms"));
    }
}
