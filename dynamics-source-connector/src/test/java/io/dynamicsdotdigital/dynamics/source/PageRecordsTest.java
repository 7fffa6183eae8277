package io.dynamicsdotdigital.dynamics.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;
import io.dynamicsdotdigital.dynamics.source.offsets.TableOffset;
import io.dynamicsdotdigital.dynamics.source.schema.SchemaMapper;
import io.dynamicsdotdigital.dynamics.source.schema.TableSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class PageRecordsTest {
    final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));
    final DynamicsSourceMetrics.Table metrics = new DynamicsSourceMetrics(new ConnectorMetrics(null, Map.of()))
            .table("contact");
    final TableSchema contacts = new SchemaMapper("dynamics").build(TestMetadata.contact(), List.of(), false, 1);
    final TableSchema members = new SchemaMapper("dynamics").build(TestMetadata.listMember(), List.of(), false, 1);
    final TableSettings settings = new TableSettings("contact", List.of(), "", TableMode.AUTO, "t");

    private Struct contact(String id, String modified, long version) {
        return new Struct(contacts.valueSchema()).put("contactid", id)
                .put("modifiedon", Date.from(Instant.parse(modified))).put("versionnumber", version);
    }

    @Test
    void theLastRecordCarriesThePositionAfterThePageAndDeletesBecomeTombstonesAfterEvents() {
        KnownRows known = new KnownRows("contact", Duration.ZERO, clock, true);
        RecordBuilder builder = new RecordBuilder(settings, "dynamics", true, clock);
        PageRecords page = new PageRecords(contacts, builder, known, false, metrics, clock, true, null);
        page.row(contact("a", "2024-05-01T09:00:00Z", 5));
        page.deleted("b", "deleted");
        TableOffset before = new TableOffset.Delta("https://o/d1");
        TableOffset after = new TableOffset.Delta("https://o/d2");
        List<SourceRecord> out = page.toRecords(before, after);
        assertEquals(3, out.size());
        assertEquals(before.toMap(), out.get(0).sourceOffset());
        assertEquals("true", String.valueOf(out.get(0).headers().lastWithName(RecordHeaders.RESNAPSHOT).value()));
        assertEquals("b", ((Struct) out.get(1).value()).get("id"), "the delete event first");
        assertNull(out.get(2).value(), "then the tombstone");
        assertEquals(after.toMap(), out.get(2).sourceOffset());
        assertEquals(2, metrics.recordsRead.value());
        assertEquals(1, metrics.deletesRead.value());
        assertEquals(3600, metrics.lagSeconds.value());
    }

    @Test
    void rowsBeforeTheStartTimestampAreLeftOutAndWatermarkRowsCarryTheirOwnPosition() {
        KnownRows known = new KnownRows("contact", Duration.ofHours(1), clock, true);
        RecordBuilder builder = new RecordBuilder(settings, "dynamics", false, clock);
        PageRecords snapshot = new PageRecords(contacts, builder, known, true, metrics, clock, false,
                Instant.parse("2024-01-01T00:00:00Z"));
        snapshot.row(contact("old", "2023-12-31T00:00:00Z", 1));
        snapshot.row(contact("new", "2024-02-01T00:00:00Z", 2));
        assertEquals(List.of("new"), snapshot.toRecords(TableOffset.Snapshot.START, new TableOffset.Delta("https://o/d"))
                .stream().map(r -> ((Struct) r.value()).get("contactid")).toList());

        PageRecords watermark = new PageRecords(contacts, builder, known, true, metrics, clock, false, null);
        watermark.row(contact("x", "2024-02-01T00:00:00Z", 9));
        List<SourceRecord> out = watermark.toWatermarkRecords();
        TableOffset.Watermark at = new TableOffset.Watermark(Instant.parse("2024-02-01T00:00:00Z"), 9);
        assertEquals(at.toMap(), out.get(0).sourceOffset());
        assertEquals(at, watermark.lastWatermark());
        assertEquals(2, known.size(), "rows emitted are remembered for delete scans");
    }

    @Test
    void aListMemberDeleteWithAnUnknownKeyIsCountedNotEmitted() {
        KnownRows known = new KnownRows("listmember", Duration.ZERO, clock, true);
        RecordBuilder builder = new RecordBuilder(new TableSettings("listmember", List.of(), "", TableMode.AUTO, "t"),
                "dynamics", false, clock);
        PageRecords page = new PageRecords(members, builder, known, true, metrics, clock, false, null);
        page.deleted("m1", "deleted");
        assertEquals(List.of(), page.toRecords(new TableOffset.Delta("https://o/1"), new TableOffset.Delta("https://o/2")));
        assertEquals(1, metrics.unkeyedDeletes.value());
    }
}
