package io.dynamicsdotdigital.dotdigital.sink.bulk;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/** A record waiting for its import, to finish or report it later. */
public record RecordRef(SinkRecord record, TopicPartition partition, long offset) {
    public static RecordRef of(SinkRecord r) {
        return new RecordRef(r, new TopicPartition(r.topic(), r.kafkaPartition()), r.kafkaOffset());
    }

    public String describe() {
        return "topic " + partition.topic() + " partition " + partition.partition() + " offset " + offset;
    }
}
