package io.dynamicsdotdigital.dotdigital.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dynamicsdotdigital.dotdigital.source.mapping.StreamRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class StreamRecordsTest {
    private static final Schema KEY = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();

    private static StreamRow row(long id, Instant time) {
        Struct key = new Struct(KEY).put("id", id);
        return new StreamRow(key, key, "row-" + id, time);
    }

    @Test
    void onlyTheLastRecordCarriesTheOffsetAfterThePage() {
        Map<String, String> props = TestSupport.props("campaign-clicks");
        props.put("topic.overrides", "campaign-clicks:crm.clicks");
        StreamRecords records = new StreamRecords(TestSupport.config(props));
        ReadJob job = new ReadJob(StreamName.CAMPAIGN_CLICKS, 42L, 42L, (s, n, k) -> List.of(),
                ReadJob.Paging.SKIP, false);
        Instant now = Instant.parse("2026-11-02T00:00:00Z");
        Instant clicked = Instant.parse("2026-11-01T12:00:00Z");
        ReadPage page = new ReadPage(List.of(row(1, clicked), row(2, null), row(3, clicked)),
                Map.of("watermark", "before"), Map.of("watermark", "after"), 0, true);

        List<SourceRecord> out = records.of(job, page, now);

        assertEquals(List.of("before", "before", "after"),
                out.stream().map(r -> r.sourceOffset().get("watermark")).toList());
        assertEquals(List.of(clicked.toEpochMilli(), now.toEpochMilli(), clicked.toEpochMilli()),
                out.stream().map(SourceRecord::timestamp).toList(), "rows without a time are stamped now");
        SourceRecord first = out.get(0);
        assertEquals("crm.clicks", first.topic());
        assertEquals(StreamPartitions.of(StreamName.CAMPAIGN_CLICKS, 42L), first.sourcePartition());
        assertEquals("campaign-clicks", first.headers().lastWithName(DotdigitalSourceTask.HEADER_STREAM).value());
        assertEquals("42", first.headers().lastWithName(DotdigitalSourceTask.HEADER_CAMPAIGN_ID).value());
    }
}
