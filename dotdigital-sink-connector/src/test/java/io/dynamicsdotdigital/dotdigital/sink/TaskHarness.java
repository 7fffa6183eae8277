package io.dynamicsdotdigital.dotdigital.sink;

import io.dynamicsdotdigital.dotdigital.sink.support.FakeDotdigitalClient;
import io.dynamicsdotdigital.dotdigital.sink.support.MutableClock;
import io.dynamicsdotdigital.dotdigital.sink.support.WorkerSide;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/** A sink task on an in-memory Dotdigital account, driven the way a worker drives it. */
final class TaskHarness implements AutoCloseable {
    static final TopicPartition CONTACTS = new TopicPartition("contacts", 0);

    final FakeDotdigitalClient client = new FakeDotdigitalClient();
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final Map<String, String> props = new HashMap<>();
    WorkerSide worker;
    DotdigitalSinkTask task;
    private long nextOffset;

    TaskHarness() {
        props.put("dotdigital.api.user", "apiuser-test@apiconnector.com");
        props.put("dotdigital.api.password", "secret");
        props.put("dotdigital.api.endpoint", "https://r1-api.dotdigital.com");
        props.put("import.flush.interval.ms", "0");
        props.put("import.poll.interval.ms", "10");
    }

    TaskHarness set(String key, String value) {
        props.put(key, value);
        return this;
    }

    /** @param deadLetterQueue also sets errors.tolerance=all, as a DLQ needs */
    TaskHarness start(boolean deadLetterQueue) {
        if (deadLetterQueue) {
            props.put("errors.tolerance", "all");
        }
        worker = new WorkerSide(props, Set.of(CONTACTS));
        if (deadLetterQueue) {
            worker.withDeadLetterQueue();
        }
        task = new DotdigitalSinkTask(client, clock);
        task.initialize(worker);
        task.start(props);
        return this;
    }

    SinkRecord contact(String key, String email, String firstName) {
        return record("contacts", key, Map.of("emailaddress1", email, "firstname", firstName));
    }

    SinkRecord tombstone(String key) {
        return record("contacts", key, null);
    }

    SinkRecord record(String topic, Object key, Object value) {
        return new SinkRecord(topic, 0, null, key, null, value, nextOffset++);
    }

    void put(SinkRecord... records) {
        task.put(List.of(records));
    }

    /** The offset the worker would commit for the contacts partition, -1 for none. */
    long committed() {
        return committed(CONTACTS);
    }

    long committed(TopicPartition tp) {
        OffsetAndMetadata o = task.preCommit(Map.of(tp, new OffsetAndMetadata(0))).get(tp);
        return o == null ? -1 : o.offset();
    }

    /** Keeps calling put() with nothing new (as the worker does) until the condition holds. */
    void awaitCommitted(long offset) {
        await(() -> {
            task.put(List.of());
            return committed() == offset;
        }, "offset " + offset + " committable (now " + committed() + ")");
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static List<SinkRecord> list(Collection<SinkRecord> records) {
        return new ArrayList<>(records);
    }

    @Override
    public void close() {
        if (task != null) {
            task.stop();
        }
    }
}
