package io.dynamicsdotdigital.dynamics.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

/**
 * The cross-field rules: validate() puts every broken one on its own key (no server is called once a rule fails),
 * and the config's constructor still refuses a config that breaks one.
 */
class DynamicsSourceConfigValidatorTest {
    private static Map<String, String> props() {
        Map<String, String> p = new HashMap<>(TableScheduleTest.props());
        p.put("table.contact.mode", "change_tracking");
        p.put("table.contact.filter", "statecode eq 0");
        p.put("start.from", "timestamp");
        return p;
    }

    private static Map<String, List<String>> errors(Map<String, String> props) {
        return new DynamicsSourceConfigValidator().validate(props).configValues().stream()
                .filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    @Test
    void everyBrokenRuleIsReportedOnItsOwnKey() {
        Map<String, List<String>> errors = errors(props());
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get("start.timestamp").get(0).contains("is required when start.from=timestamp"),
                errors.toString());
        assertTrue(errors.get("table.contact.filter").get(0).contains("cannot be used with mode change_tracking"),
                errors.toString());
    }

    @Test
    void anUnreadableStartTimestampAndATableListNamingNothingAreReported() {
        Map<String, String> p = props();
        p.remove("table.contact.mode");
        p.put("start.timestamp", "yesterday");
        p.put("tables", "");
        Map<String, List<String>> errors = errors(p);
        assertEquals(List.of("start.timestamp", "tables"), errors.keySet().stream().sorted().toList(),
                errors.toString());
        assertTrue(errors.get("start.timestamp").get(0).contains("is not an ISO-8601 instant"), errors.toString());
        assertTrue(errors.get("tables").get(0).contains("names no table"), errors.toString());
    }

    @Test
    void theConfigStillRefusesABrokenRuleAtStart() {
        ConfigException e = assertThrows(ConfigException.class, () -> new DynamicsSourceConfig(props()));
        assertTrue(e.getMessage().contains("start.timestamp"), e.getMessage());
        Map<String, String> p = props();
        p.put("start.timestamp", "2024-01-31T00:00:00Z");
        e = assertThrows(ConfigException.class, () -> new DynamicsSourceConfig(p));
        assertTrue(e.getMessage().contains("table.contact.filter"), e.getMessage());
    }

    @Test
    void aKeyStateTopicWithoutBootstrapServersIsReportedOnTheBootstrapServers() {
        Map<String, String> p = new HashMap<>(TableScheduleTest.props());
        p.put("key.state.topic", "crm-key-state");
        Map<String, List<String>> errors = errors(p);
        assertEquals(List.of("key.state.bootstrap.servers"), List.copyOf(errors.keySet()), errors.toString());
        assertTrue(errors.get("key.state.bootstrap.servers").get(0).contains("is required when key.state.topic"),
                errors.toString());
    }

    @Test
    void schedulesNamingTablesNotReadAreReportedOnTheirKeys() {
        Map<String, String> p = new HashMap<>(TableScheduleTest.props());
        p.put("poll.interval.overrides", "contact:60000,acount:60000");
        p.put("sync.windows", "lead=Sat;campaign=*");
        Map<String, List<String>> errors = errors(p);
        assertEquals(List.of("poll.interval.overrides", "sync.windows"), errors.keySet().stream().sorted().toList(),
                errors.toString());
        assertTrue(errors.get("poll.interval.overrides").get(0).contains("table 'acount'"), errors.toString());
        assertTrue(errors.get("sync.windows").get(0).contains("table 'campaign'"), errors.toString());
    }

    @Test
    void aMalformedWindowIsReportedOnItsKeyNamingTheEntry() {
        Map<String, String> p = new HashMap<>(TableScheduleTest.props());
        p.put("sync.windows", "contact=Mon-Fri 22:00-06:00;lead=Mon-Fri 9-17");
        Map<String, List<String>> errors = errors(p);
        assertEquals(List.of("sync.windows"), List.copyOf(errors.keySet()), errors.toString());
        assertTrue(errors.get("sync.windows").get(0).contains("entry 'lead=Mon-Fri 9-17'"), errors.toString());
    }
}
