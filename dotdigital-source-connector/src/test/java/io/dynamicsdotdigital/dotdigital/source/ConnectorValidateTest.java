package io.dynamicsdotdigital.dotdigital.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalSeed;
import io.dynamicsdotdigital.testsupport.DotdigitalEmulatorFixture;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConnectorValidateTest {
    private static DotdigitalEmulatorFixture fixture;
    private final DotdigitalSourceConnector connector = new DotdigitalSourceConnector();

    @BeforeAll
    static void start() {
        fixture = new DotdigitalEmulatorFixture(DotdigitalSeed.empty());
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static List<String> errors(Config config, String key) {
        return config.configValues().stream().filter(v -> v.name().equals(key)).findFirst()
                .map(ConfigValue::errorMessages).orElse(List.of());
    }

    @Test
    void goodSettingsValidateWithTheAccountInfoProbe() {
        Config config = connector.validate(EmulatorSourceProps.of(fixture, "campaigns,unsubscribes"));
        config.configValues().forEach(v -> assertEquals(List.of(), v.errorMessages(), v.name()));
        assertTrue(fixture.emulator.requests().count("GET /v2/account-info") > 0);
    }

    @Test
    void aWrongPasswordLandsOnThePasswordField() {
        Map<String, String> props = EmulatorSourceProps.of(fixture, "campaigns");
        props.put("dotdigital.api.password", "wrong");
        List<String> errors = errors(connector.validate(props), "dotdigital.api.password");
        assertFalse(errors.isEmpty());
        assertFalse(String.join(" ", errors).contains("wrong"), "the secret is never echoed");
    }

    @Test
    void fieldErrorsNameTheSetting() {
        Map<String, String> props = EmulatorSourceProps.of(fixture, "campaigns,no-such-stream");
        props.put("page.size", "5000");
        props.put("start.date", "last week");
        Config config = connector.validate(props);
        assertFalse(errors(config, "streams").isEmpty());
        assertFalse(errors(config, "page.size").isEmpty());
        assertFalse(errors(config, "start.date").isEmpty());
    }

    @Test
    void campaignsAreSpreadOverTasksAndExactlyOnceIsSupported() {
        Map<String, String> props = EmulatorSourceProps.of(fixture,
                "campaigns,campaign-clicks,unsubscribes,suppressions");
        connector.start(props);
        List<Map<String, String>> tasks = connector.taskConfigs(3);
        assertEquals(3, tasks.size());
        long owners = 0;
        for (long campaign = 1; campaign <= 100; campaign++) {
            final long id = campaign;
            owners += tasks.stream().filter(t -> TaskAssignment.from(t).ownsCampaign(id)).count();
        }
        assertEquals(100, owners, "every campaign belongs to exactly one task");
        assertEquals(ExactlyOnceSupport.SUPPORTED, connector.exactlyOnceSupport(props));
        assertEquals("campaign-clicks,campaigns", tasks.get(0).get(TaskAssignment.TASK_STREAMS));
    }
}
