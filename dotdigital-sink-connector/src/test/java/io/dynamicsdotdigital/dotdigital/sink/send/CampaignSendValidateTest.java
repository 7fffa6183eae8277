package io.dynamicsdotdigital.dotdigital.sink.send;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dynamicsdotdigital.emulator.dataverse.DataverseSeed;
import io.dynamicsdotdigital.testsupport.DataverseEmulatorFixture;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

/**
 * validate(): a request's waits no longer run inside put(), so they are not bound by max.poll.interval.ms; the
 * optional Dataverse connection is checked per field, and probed only when configured.
 */
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

    private static List<String> allErrors(Map<String, String> config) {
        return new DotdigitalCampaignSendConnector().validate(config).configValues().stream()
                .flatMap(v -> v.errorMessages().stream().map(m -> v.name() + ": " + m)).toList();
    }

    @Test
    void withoutADataverseUrlNothingIsProbedAndTheLookupSettingsAreCheckedPerField() {
        Map<String, String> c = config(60_000, 120_000);
        assertEquals(List.of(), allErrors(c), "no connection configured: no Dataverse call, no error");
        c.put("dynamics.url", "ftp://crm.example.com");
        c.put("send.lookup.lists.navigation", " ");
        c.put("dynamics.api.version", "v7.0");
        assertEquals(1, errors(c, "dynamics.url").size(), allErrors(c).toString());
        assertEquals(1, errors(c, "send.lookup.lists.navigation").size(), allErrors(c).toString());
        assertEquals(1, errors(c, "dynamics.api.version").size(), allErrors(c).toString());
    }

    @Test
    void aConfiguredConnectionIsProbedAndARefusedSecretLandsOnIt() {
        try (DataverseEmulatorFixture dataverse = new DataverseEmulatorFixture(DataverseSeed.empty())) {
            Map<String, String> c = config(60_000, 120_000);
            c.putAll(dataverse.connectionProps("send"));
            assertEquals(List.of(), allErrors(c));
            c.put("send.lookup.lists.entity.set", "esc_nosuchsends");
            assertEquals(List.of("Dataverse has no entity set 'esc_nosuchsends'"),
                    errors(c, "send.lookup.lists.entity.set"));
            c.put("dynamics.client.secret", "wrong");
            assertEquals(1, errors(c, "dynamics.client.secret").size(), allErrors(c).toString());
        }
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
