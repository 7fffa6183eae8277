package io.dynamicsdotdigital.common.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntervalOverridesTest {
    @Test
    void aNamedFlowGetsItsOwnIntervalAndTheOthersTheDefault() {
        IntervalOverrides o = IntervalOverrides.parse(List.of("contact:3600000", " lead : 600000", ""), 100, 86_400_000);
        assertEquals(Duration.ofHours(1), o.intervalOf("contact", Duration.ofSeconds(10)));
        assertEquals(Duration.ofMinutes(10), o.intervalOf("lead", Duration.ofSeconds(10)));
        assertEquals(Duration.ofSeconds(10), o.intervalOf("account", Duration.ofSeconds(10)));
        assertEquals(Set.of("contact", "lead"), o.names());
    }

    @Test
    void badEntriesAreRejectedNamingTheEntry() {
        for (String bad : List.of("contact", "contact:soon", "contact:50", "contact:86400001", ":100")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> IntervalOverrides.parse(List.of("lead:1000", bad), 100, 86_400_000));
            assertTrue(e.getMessage().startsWith("entry '" + bad.trim() + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class,
                () -> IntervalOverrides.parse(List.of("lead:1000", "lead:2000"), 100, 86_400_000));
    }

    @Test
    void theConfigKeysValidateEachFieldAndReportUnknownNames() {
        ConfigDef def = new ConfigDef();
        ScheduleConfigDefs.add(def, "Schedules", 0, "table", "contact", "lead", 100, 86_400_000);
        ConfigException e = assertThrows(ConfigException.class, () -> new AbstractConfig(def,
                Map.of(ScheduleConfigDefs.SYNC_WINDOWS, "contact=Mon-Fri 22:00-26:00")));
        assertTrue(e.getMessage().contains(ScheduleConfigDefs.SYNC_WINDOWS) && e.getMessage().contains("'26:00'"),
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> new AbstractConfig(def,
                Map.of(ScheduleConfigDefs.POLL_INTERVAL_OVERRIDES, "contact:x")));
        assertTrue(e.getMessage().contains("entry 'contact:x'"), e.getMessage());
        assertThrows(ConfigException.class, () -> new AbstractConfig(def,
                Map.of(ScheduleConfigDefs.SYNC_WINDOWS_TIMEZONE, "Europe/Nowhere")));

        AbstractConfig ok = new AbstractConfig(def, Map.of(ScheduleConfigDefs.POLL_INTERVAL_OVERRIDES, "contact:1000",
                ScheduleConfigDefs.SYNC_WINDOWS, "campaign=Sat"));
        Map<String, ConfigException> unknown = ScheduleConfigDefs.unknownNames(ok, List.of("contact", "lead"),
                "table", 100, 86_400_000);
        assertEquals(Set.of(ScheduleConfigDefs.SYNC_WINDOWS), unknown.keySet());
        String message = unknown.get(ScheduleConfigDefs.SYNC_WINDOWS).getMessage();
        assertTrue(message.contains("table 'campaign'"), message);
    }
}
