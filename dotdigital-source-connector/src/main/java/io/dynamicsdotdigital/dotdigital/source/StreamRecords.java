package io.dynamicsdotdigital.dotdigital.source;

import io.dynamicsdotdigital.dotdigital.source.mapping.StreamRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

/** Turns a page's rows into source records for the stream's topic, with the stream (and campaign) headers. */
final class StreamRecords {
    private final DotdigitalSourceConfig config;

    StreamRecords(DotdigitalSourceConfig config) {
        this.config = config;
    }

    /** @param now the time of records whose rows carry none */
    List<SourceRecord> of(ReadJob job, ReadPage page, Instant now) {
        List<StreamRow> rows = page.rows();
        List<SourceRecord> out = new ArrayList<>(rows.size());
        String topic = config.topic(job.stream);
        for (int i = 0; i < rows.size(); i++) {
            StreamRow row = rows.get(i);
            // Only the page's last record carries the offset after the page: Connect commits offsets of a prefix
            // of acknowledged records, and the earlier records must resume at the page's start.
            Map<String, Object> offset = i == rows.size() - 1 ? page.after() : page.before();
            ConnectHeaders headers = new ConnectHeaders();
            headers.addString(DotdigitalSourceTask.HEADER_STREAM, job.stream.configName());
            if (job.campaignId != null) {
                headers.addString(DotdigitalSourceTask.HEADER_CAMPAIGN_ID, Long.toString(job.campaignId));
            }
            long timestamp = (row.time() != null ? row.time() : now).toEpochMilli();
            out.add(new SourceRecord(job.partition, offset, topic, null, row.key().schema(), row.key(),
                    row.value().schema(), row.value(), timestamp, headers));
        }
        return out;
    }
}
