package io.dynamicsdotdigital.dynamics.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;
import io.dynamicsdotdigital.dataverse.client.AttributeInfo;
import io.dynamicsdotdigital.dataverse.client.EntityMetadata;
import io.dynamicsdotdigital.dynamics.source.schema.SchemaMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

class SchemaTrackerTest {
    final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));
    final DynamicsSourceMetrics.Table metrics = new DynamicsSourceMetrics(new ConnectorMetrics(null, Map.of()))
            .table("contact");

    private SchemaTracker tracker(PagesClient client, TableMode mode, String filter) {
        TableSettings settings = new TableSettings("contact", List.of(), filter, mode, "dynamics.contact");
        return new SchemaTracker(settings, client, new SchemaMapper("dynamics"), false, Duration.ofHours(1), metrics,
                clock);
    }

    @Test
    void unknownColumnsRefreshTheSchemaAtMostOnceAMinute() {
        PagesClient client = new PagesClient(TestMetadata.contact());
        SchemaTracker schemas = tracker(client, TableMode.AUTO, "");
        schemas.ensureFresh();
        assertEquals(1, schemas.version());
        List<AttributeInfo> attributes = new ArrayList<>(TestMetadata.contact().attributes());
        attributes.add(new AttributeInfo("esc_new", "String", null));
        client.metadata = new EntityMetadata("contact", "contacts", "contactid", true, attributes);

        assertTrue(schemas.refreshForUnknown(Set.of("esc_new"), false));
        assertEquals(2, schemas.version());
        assertEquals(1, metrics.schemaRefreshes.value());
        assertFalse(schemas.refreshForUnknown(Set.of("esc_other"), false), "within a minute of the last one");
        clock.advance(Duration.ofMinutes(2));
        assertFalse(schemas.refreshForUnknown(Set.of("esc_other"), false), "already seen and ignored");
        assertFalse(schemas.refreshForUnknown(Set.of("esc_third"), true), "the page was read again already");
        schemas.ensureFresh();
        assertEquals(2, client.metadataReads, "no refresh before the interval");
        clock.advance(Duration.ofHours(1));
        schemas.ensureFresh();
        assertEquals(3, client.metadataReads);
    }

    @Test
    void autoModeUsesChangeTrackingOnlyWithoutAFilter() {
        SchemaTracker plain = tracker(new PagesClient(TestMetadata.contact()), TableMode.AUTO, "");
        plain.ensureFresh();
        assertTrue(plain.changeTracking());
        SchemaTracker filtered = tracker(new PagesClient(TestMetadata.contact()), TableMode.AUTO, "statecode eq 0");
        filtered.ensureFresh();
        assertFalse(filtered.changeTracking());
    }

    @Test
    void changeTrackingModeOnATableWithoutItFails() {
        EntityMetadata c = TestMetadata.contact();
        PagesClient client = new PagesClient(new EntityMetadata(c.logicalName(), c.entitySetName(),
                c.primaryIdAttribute(), false, c.attributes()));
        ConnectException e = assertThrows(ConnectException.class,
                () -> tracker(client, TableMode.CHANGE_TRACKING, "").ensureFresh());
        assertTrue(e.getMessage().contains("table.contact.mode=change_tracking"), e.getMessage());
    }
}
