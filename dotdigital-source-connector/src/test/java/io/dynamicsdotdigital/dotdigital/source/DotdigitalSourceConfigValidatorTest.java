package io.dynamicsdotdigital.dotdigital.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

/** The cross-field rules; the connectivity probe against the emulator is in ConnectorValidateTest. */
class DotdigitalSourceConfigValidatorTest {
    @Test
    void aStartDateInTheFutureIsRefusedOnItsFieldBeforeAnyProbe() {
        Clock clock = Clock.fixed(Instant.parse("2026-09-01T00:00:00Z"), ZoneOffset.UTC);
        Map<String, String> props = TestSupport.props("unsubscribes");
        props.put("dotdigital.api.endpoint", "https://127.0.0.1:1");
        Config result = new DotdigitalSourceConfigValidator(clock).validate(props);
        assertEquals(List.of("lies in the future; nothing would be read until then"), errors(result, "start.date"));
        assertEquals(List.of(), errors(result, "dotdigital.api.password"), "no probe while a rule fails");
    }

    @Test
    void aWindowForAStreamNotReadIsRefusedOnSyncWindows() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC);
        Map<String, String> props = TestSupport.props("unsubscribes");
        props.put("dotdigital.api.endpoint", "https://127.0.0.1:1");
        props.put("sync.windows", "suppressions=Sat-Sun");
        Config result = new DotdigitalSourceConfigValidator(clock).validate(props);
        List<String> errors = errors(result, "sync.windows");
        assertEquals(1, errors.size(), result.configValues().toString());
        assertEquals(true, errors.get(0).contains("stream 'suppressions'"), errors.get(0));
    }

    private static List<String> errors(Config config, String key) {
        return config.configValues().stream().filter(v -> v.name().equals(key)).findFirst()
                .map(ConfigValue::errorMessages).orElse(List.of());
    }
}
