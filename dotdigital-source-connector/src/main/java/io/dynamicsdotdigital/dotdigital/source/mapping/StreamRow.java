package io.dynamicsdotdigital.dotdigital.source.mapping;

import java.time.Instant;
import org.apache.kafka.connect.data.Struct;

/**
 * One API row turned into a record key and value, with what deduplication needs.
 *
 * @param identity natural key, plus the content for rows that change in place (send summaries, contacts)
 * @param time     the row's own time (the since-date field), or null when the API gives none
 * @param cursor   for streams paged by id rather than skip: the row's id; otherwise unused
 * @param alsoEmits another identity this record stands for (a campaign with its summary also carries its catalogue
 *                 entry), or null
 */
public record StreamRow(Struct key, Struct value, String identity, Instant time, long cursor, String alsoEmits) {
    public StreamRow(Struct key, Struct value, String identity, Instant time) {
        this(key, value, identity, time, 0L, null);
    }

    public StreamRow(Struct key, Struct value, String identity, Instant time, long cursor) {
        this(key, value, identity, time, cursor, null);
    }
}
