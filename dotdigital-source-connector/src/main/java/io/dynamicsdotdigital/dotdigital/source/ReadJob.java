package io.dynamicsdotdigital.dotdigital.source;

import io.dynamicsdotdigital.dotdigital.source.mapping.StreamRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One read of one source partition within a sync cycle: how to fetch a page and how paging ends. */
final class ReadJob {
    /** How the stream pages. */
    enum Paging {
        /** {@code select}/{@code skip}; a page shorter than {@code select} is the last. */
        SKIP,
        /** By contact id: the next page starts after the largest id seen; an empty page is the last. */
        MIN_ID
    }

    /** Fetches one page at {@code since} (ignored by streams without a since form), as mapped rows. */
    @FunctionalInterface
    interface PageFetcher {
        List<StreamRow> fetch(Instant since, int select, long skip);
    }

    final StreamName stream;
    final Map<String, String> partition;
    /** For the header; null for streams not about one campaign. */
    final Long campaignId;
    final PageFetcher fetcher;
    final Paging paging;
    /** Rows carry no usable time: the watermark becomes the time the read started. */
    final boolean clockWatermark;
    /** Rows are selected by a time the API does not show (cumulative send summaries). */
    boolean timeIncomplete;
    /**
     * The read returns only part of what the stream's earlier reads returned (the active campaigns between catalogue
     * reads): the offset keeps the stored keys of the rows it did not return, instead of only the rows it saw.
     */
    boolean keepsStoredKeys;
    WatermarkRead read;
    Instant startedAt;

    ReadJob(StreamName stream, Long scopeId, Long campaignId, PageFetcher fetcher, Paging paging,
            boolean clockWatermark) {
        this.stream = stream;
        this.partition = StreamPartitions.of(stream, scopeId);
        this.campaignId = campaignId;
        this.fetcher = fetcher;
        this.paging = paging;
        this.clockWatermark = clockWatermark;
    }

    @Override
    public String toString() {
        return partition.toString();
    }
}
