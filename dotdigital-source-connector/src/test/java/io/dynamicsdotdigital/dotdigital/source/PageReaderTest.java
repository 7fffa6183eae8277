package io.dynamicsdotdigital.dotdigital.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.dotdigital.source.mapping.StreamRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class PageReaderTest {
    private static final Schema KEY = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private final Clock clock = Clock.fixed(T0.plus(Duration.ofDays(1)), ZoneOffset.UTC);
    private final DotdigitalSourceMetrics metrics = TestSupport.metrics();
    private final PartitionOffsets offsets = new PartitionOffsets(() -> null);

    private static StreamRow row(long id) {
        Struct key = new Struct(KEY).put("id", id);
        return new StreamRow(key, key, "row-" + id, T0.plusSeconds(id));
    }

    private PageReader reader(int pageSize) {
        Map<String, String> props = TestSupport.props("unsubscribes");
        props.put("page.size", Integer.toString(pageSize));
        DotdigitalSourceConfig config = TestSupport.config(props);
        return new PageReader(config, config.startDate(clock), offsets, metrics, clock);
    }

    /** A job over rows 1..count, paged by skip, recording the since date of every fetch. */
    private static ReadJob job(int count, List<Instant> sinceDates) {
        return new ReadJob(StreamName.UNSUBSCRIBES, null, null, (since, select, skip) -> {
            sinceDates.add(since);
            List<StreamRow> rows = new ArrayList<>();
            for (long id = skip + 1; id <= Math.min(count, skip + select); id++) {
                rows.add(row(id));
            }
            return rows;
        }, ReadJob.Paging.SKIP, false);
    }

    @Test
    void pagesUntilAShortPageThenStoresTheCompletedOffset() {
        PageReader reader = reader(2);
        List<Instant> since = new ArrayList<>();
        ReadJob job = job(3, since);

        ReadPage first = reader.read(job);
        assertEquals(2, first.rows().size());
        assertFalse(first.last());
        assertTrue(first.after().containsKey(StreamOffset.SKIP), "an unfinished read stores its position");

        ReadPage second = reader.read(job);
        assertEquals(1, second.rows().size());
        assertTrue(second.last());
        assertNull(job.read, "the read is over");
        StreamOffset stored = offsets.offset(job.partition);
        assertEquals(T0.plusSeconds(3), stored.watermark(), "the watermark moves to the newest row");
        assertNull(stored.progress());
        assertEquals(3, metrics.total(DotdigitalSourceMetrics.RECORDS_READ));
        assertEquals(2, metrics.total(DotdigitalSourceMetrics.PAGES));
    }

    @Test
    void aReReadStartsAtTheWatermarkMinusTheOverlapAndEmitsNothingKnown() {
        PageReader reader = reader(10);
        List<Instant> since = new ArrayList<>();
        reader.read(job(3, since));
        ReadPage again = reader.read(job(3, since));
        assertEquals(List.of(), again.rows());
        assertEquals(3, again.duplicates());
        assertEquals(T0.plusSeconds(3).minus(Duration.ofMinutes(10)), since.get(1), "default overlap is 10 min");
        assertEquals(3, metrics.total(DotdigitalSourceMetrics.DUPLICATES_SUPPRESSED));
    }
}
