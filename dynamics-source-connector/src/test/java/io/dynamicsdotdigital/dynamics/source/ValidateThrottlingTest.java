package io.dynamicsdotdigital.dynamics.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.emulator.common.Fault;
import io.dynamicsdotdigital.emulator.dataverse.DataverseSeed;
import io.dynamicsdotdigital.testsupport.DataverseEmulatorFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** validate() against an emulator that throttles its metadata reads. */
class ValidateThrottlingTest {
    static DataverseEmulatorFixture fixture;

    @BeforeAll
    static void startEmulator() throws Exception {
        fixture = new DataverseEmulatorFixture(DataverseSeed.defaults().contacts(3).leads(0).accounts(0).marketingLists(0)
                .campaigns(0).randomSeed(5));
    }

    @AfterAll
    static void stopEmulator() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static Map<String, List<String>> errors(Config config) {
        return config.configValues().stream().filter(v -> !v.errorMessages().isEmpty())
                .collect(java.util.stream.Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    private static Map<String, String> props() {
        Map<String, String> p = EmulatorSourceProps.of(fixture, "validate-throttled");
        p.put("tables", "contact");
        return p;
    }

    @Test
    void aShortThrottleIsWaitedOutWithinTheTimeLimit() {
        fixture.emulator.faults().add(Fault.tooManyRequests(1).onPath(".*EntityDefinitions.*"), 4);
        Config result = new DynamicsSourceConfigValidator(Duration.ofSeconds(20)).validate(props());
        assertEquals(Map.of(), errors(result));
        assertEquals(0, fixture.emulator.faults().pending());
    }

    @Test
    void persistentThrottlingIsReportedOnTheUrlNeverOnTheSecret() {
        fixture.emulator.faults().add(Fault.tooManyRequests(1).onPath(".*EntityDefinitions.*"), 1000);
        try {
            Map<String, List<String>> errors = errors(new DynamicsSourceConfigValidator(Duration.ofSeconds(8))
                    .validate(props()));
            assertEquals(List.of("dynamics.url"), List.copyOf(errors.keySet()), errors.toString());
            assertTrue(errors.get("dynamics.url").get(0).contains("throttling"), errors.toString());
        } finally {
            fixture.emulator.faults().clear();
        }
    }
}
