package io.dynamicsdotdigital.dotdigital.source;

import io.dynamicsdotdigital.dotdigital.source.mapping.StreamRow;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the next page of a {@link ReadJob}: fetches it at the read's since date and position, keeps the rows not
 * emitted before, moves the position on and records the partition's new offset.
 */
final class PageReader {
    private static final Logger log = LoggerFactory.getLogger(PageReader.class);

    private final DotdigitalSourceConfig config;
    private final Instant startDate;
    private final PartitionOffsets offsets;
    private final DotdigitalSourceMetrics metrics;
    private final Clock clock;

    PageReader(DotdigitalSourceConfig config, Instant startDate, PartitionOffsets offsets,
               DotdigitalSourceMetrics metrics, Clock clock) {
        this.config = config;
        this.startDate = startDate;
        this.offsets = offsets;
        this.metrics = metrics;
        this.clock = clock;
    }

    ReadPage read(ReadJob job) {
        if (job.read == null) {
            job.read = new WatermarkRead(offsets.offset(job.partition), config.overlapWindow(), startDate,
                    config.offsetKeysMax());
            job.startedAt = clock.instant();
            offsets.readStarted(job.partition);
        }
        WatermarkRead read = job.read;
        int select = config.pageSize();
        Map<String, Object> before = read.progressOffset().toMap();
        List<StreamRow> rows = job.fetcher.fetch(read.since(), select, read.skip());

        List<StreamRow> emit = new ArrayList<>();
        long maxCursor = -1;
        for (StreamRow row : rows) {
            if (read.accept(row.identity(), row.time(), job.timeIncomplete)) {
                emit.add(row);
                if (row.alsoEmits() != null) {
                    read.markEmitted(row.alsoEmits(), row.time());
                }
            }
            maxCursor = Math.max(maxCursor, row.cursor());
        }
        boolean last = advance(job, read, rows.size(), select, maxCursor);
        long duplicates = rows.size() - emit.size();
        metrics.pageRead(job.stream, emit.size(), duplicates);

        StreamOffset after = last
                ? read.completedOffset(job.clockWatermark ? job.startedAt : null, job.keepsStoredKeys)
                : read.progressOffset();
        reportDroppedKeys(job, read);
        offsets.update(job.partition, after);
        if (last) {
            job.read = null;
            offsets.readFinished(job.partition);
            metrics.readCompleted(job.stream, after.watermark(), clock.millis());
        }
        return new ReadPage(emit, before, after.toMap(), duplicates, last);
    }

    /** Moves the read's position past the page; true when the page was the last. */
    private static boolean advance(ReadJob job, WatermarkRead read, int rowCount, int select, long maxCursor) {
        if (job.paging == ReadJob.Paging.MIN_ID) {
            if (rowCount > 0) {
                read.continueAt(maxCursor + 1);
            }
            return rowCount == 0;
        }
        read.pageDone(rowCount);
        return rowCount < select;
    }

    private void reportDroppedKeys(ReadJob job, WatermarkRead read) {
        if (read.keysDropped() > 0) {
            metrics.keysDropped(job.stream, read.keysDropped());
            log.warn("Stream {}: the read returned more rows that the next read can return again than {}={} keys"
                            + " hold; {} keys were left out of the offset, so up to that many rows may be emitted"
                            + " again", job.stream.configName(), DotdigitalSourceConfig.OFFSET_KEYS_MAX,
                    config.offsetKeysMax(), read.keysDropped());
        }
    }
}
