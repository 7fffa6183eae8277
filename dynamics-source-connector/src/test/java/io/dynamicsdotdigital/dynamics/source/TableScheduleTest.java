package io.dynamicsdotdigital.dynamics.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;
import io.dynamicsdotdigital.dynamics.source.schema.SchemaMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableScheduleTest {
    final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));

    static Map<String, String> props() {
        Map<String, String> p = new HashMap<>();
        p.put("dynamics.url", "https://org.crm.dynamics.com");
        p.put("dynamics.tenant.id", "t");
        p.put("dynamics.client.id", "c");
        p.put("dynamics.client.secret", "s");
        p.put("tables", "contact,lead");
        return p;
    }

    private TableReader reader(DynamicsSourceConfig config, String table) {
        TableSettings settings = config.table(table).orElseThrow();
        DynamicsSourceMetrics.Table metrics = new DynamicsSourceMetrics(new ConnectorMetrics(null, Map.of()))
                .table(table);
        PagesClient client = new PagesClient(TestMetadata.contact());
        return new TableReader(settings, config, client, new SchemaTracker(settings, client,
                new SchemaMapper("dynamics"), false, Duration.ofHours(1), metrics, clock), metrics, clock, null);
    }

    @Test
    void dueTablesTakeTurnsAndAnIdleTaskWaitsForTheEarliestAtMostHalfASecond() {
        DynamicsSourceConfig config = new DynamicsSourceConfig(props());
        TableSchedule schedule = new TableSchedule(clock);
        TableReader contact = reader(config, "contact");
        TableReader lead = reader(config, "lead");
        schedule.add(contact);
        schedule.add(lead);
        assertSame(contact, schedule.nextDue());
        assertSame(lead, schedule.nextDue());
        assertSame(contact, schedule.nextDue());
        contact.postpone(Duration.ofMillis(200));
        lead.postpone(Duration.ofSeconds(5));
        assertNull(schedule.nextDue());
        assertEquals(200, schedule.idleWaitMillis());
        contact.postpone(Duration.ofSeconds(5));
        assertEquals(TableSchedule.MAX_IDLE_WAIT.toMillis(), schedule.idleWaitMillis());
        assertEquals(List.of(contact, lead), schedule.readers());
    }
}
