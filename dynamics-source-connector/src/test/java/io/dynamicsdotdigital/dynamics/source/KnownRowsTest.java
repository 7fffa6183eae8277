package io.dynamicsdotdigital.dynamics.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.dataverse.client.PageQuery;
import io.dynamicsdotdigital.dynamics.source.schema.SchemaMapper;
import io.dynamicsdotdigital.dynamics.source.schema.TableSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class KnownRowsTest {
    final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));
    final TableSchema contacts = new SchemaMapper("dynamics").build(TestMetadata.contact(), List.of(), false, 1);
    final TableSchema members = new SchemaMapper("dynamics").build(TestMetadata.listMember(), List.of(), false, 1);

    @Test
    void aWatermarkDeleteScanReportsTheKnownRowsItDidNotFindAndWaitsItsInterval() {
        KnownRows known = new KnownRows("contact", Duration.ofHours(1), clock, true);
        known.remember("a", null);
        known.remember("b", null);
        known.remember("c", null);
        assertFalse(known.scanDue(false, false), "not before the table caught up");
        known.watermarkCaughtUp(true);
        assertTrue(known.scanDue(false, false));
        PagesClient client = new PagesClient(TestMetadata.contact())
                .page("{\"value\":[{\"contactid\":\"a\"}],\"@odata.nextLink\":\"https://o/api/data/v9.2/contacts?p=2\"}")
                .page("{\"value\":[{\"contactid\":\"c\"},{\"contactid\":\"new\"}]}");
        assertNull(known.scanStep(client, contacts, false), "one page per step");
        known.remember("during", null);
        Map<String, Struct> deleted = known.scanStep(client, contacts, false);
        assertEquals(List.of("b"), List.copyOf(deleted.keySet()));
        assertEquals(4, known.size(), "a, c, new and the row emitted during the scan");
        assertEquals(List.of("contactid"), ((PageQuery.Snapshot) client.queries.get(0)).select());
        assertFalse(known.scanDue(false, false));
        clock.advance(Duration.ofHours(1));
        assertTrue(known.scanDue(false, false));
    }

    @Test
    void afterARestartListMemberKeysAreLearnedBeforeReading() {
        KnownRows known = new KnownRows("listmember", Duration.ZERO, clock, false);
        assertTrue(known.scanDue(true, true));
        PagesClient client = new PagesClient(TestMetadata.listMember())
                .page("{\"value\":[{\"listmemberid\":\"m1\",\"_listid_value\":\"L\",\"_entityid_value\":\"E\"}]}");
        assertEquals(Map.of(), known.scanStep(client, members, true));
        assertFalse(known.scanDue(true, true));
        Struct key = known.forget("m1");
        assertEquals("L", key.get("_listid_value"));
        assertEquals("E", key.get("_entityid_value"));
    }

    @Test
    void rowsAreTrackedOnlyForNaturalKeysOrWatermarkDeleteScans() {
        assertTrue(new KnownRows("t", Duration.ZERO, clock, true).tracks(true, true));
        assertFalse(new KnownRows("t", Duration.ZERO, clock, true).tracks(false, false));
        assertTrue(new KnownRows("t", Duration.ofHours(1), clock, true).tracks(false, false));
        assertFalse(new KnownRows("t", Duration.ofHours(1), clock, true).tracks(false, true));
    }
}
