package io.dynamicsdotdigital.dotdigital.sink.bulk;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A rough upper bound of the heap a buffered record keeps alive until its import finishes: the SinkRecord with its
 * key, value and headers (kept for the dead-letter queue), its RecordRef, the offset tracker's entry and its share of
 * the batch. Counted with 64-bit JVM object sizes (compressed pointers, compact strings), so that
 * import.max.buffered.bytes bounds what a heap must hold, whatever the record size; schemas are shared between
 * records and not counted.
 */
public final class RecordHeapEstimate {
    /** SinkRecord, RecordRef, TopicPartition, tracker and batch entries, the contact's own copy of its fields. */
    static final long PER_RECORD = 400;
    private static final int MAX_DEPTH = 16;

    private RecordHeapEstimate() {
    }

    public static long of(SinkRecord record) {
        long bytes = PER_RECORD + value(record.key(), 0) + 2 * value(record.value(), 0);
        for (Header h : record.headers()) {
            bytes += 32 + value(h.key(), 0) + value(h.value(), 0);
        }
        return bytes;
    }

    private static long value(Object v, int depth) {
        if (v == null) {
            return 0;
        }
        if (depth > MAX_DEPTH) {
            return 16;
        }
        if (v instanceof String s) {
            // String object + array header, Latin-1 bytes or UTF-16 chars
            return 40 + 2L * s.length();
        }
        if (v instanceof Struct s) {
            long n = 32 + 8L * s.schema().fields().size();
            for (Field f : s.schema().fields()) {
                n += value(s.get(f), depth + 1);
            }
            return n;
        }
        if (v instanceof Map<?, ?> m) {
            long n = 64;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                n += 48 + value(e.getKey(), depth + 1) + value(e.getValue(), depth + 1);
            }
            return n;
        }
        if (v instanceof Collection<?> c) {
            long n = 40;
            for (Object o : c) {
                n += 8 + value(o, depth + 1);
            }
            return n;
        }
        if (v instanceof byte[] b) {
            return 16 + b.length;
        }
        if (v instanceof ByteBuffer b) {
            return 64 + b.capacity();
        }
        return 24;
    }
}
