package io.dynamicsdotdigital.benchmarks;

import io.dynamicsdotdigital.dotdigital.sink.DotdigitalSinkTask;
import io.dynamicsdotdigital.dynamics.source.DynamicsSourceConnector;
import io.dynamicsdotdigital.dynamics.source.DynamicsSourceTask;
import io.dynamicsdotdigital.emulator.dataverse.EmulatedTable;
import io.dynamicsdotdigital.testsupport.TaskContexts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * A contact edited in Dynamics until Dotdigital holds the new value, at real latency, with the quickstart's reading
 * and writing settings (source poll.interval.ms 5000, change tracking; sink defaults: imports flushed after 2 s,
 * their status read every 1 s). The two tasks run in this JVM joined by a queue where a worker has Kafka: the Kafka
 * hop (milliseconds on a local cluster) is not in the figure. Edits are spread over time, one every 1.5 s.
 */
final class EndToEndLatency {
    /** Median and 99th percentile in seconds over {@code edits} edits ({@code missed} never arrived). */
    record Result(int edits, int missed, double medianSeconds, double p99Seconds, String load) {
    }

    private EndToEndLatency() {
    }

    static Result measure(BenchEmulators emulators, Scale scale) throws InterruptedException {
        emulators.apply(Latency.REAL, scale);
        Map<String, String> source = emulators.dataverse.connectionProps("quickstart-dynamics-source");
        source.put("connector.class", DynamicsSourceConnector.class.getName());
        source.put("tables", "contact");
        source.put(DynamicsSourceConnector.TASK_TABLES, "contact");
        source.put("topic.prefix", "dynamics");
        source.put("poll.interval.ms", "5000");
        Map<String, String> sink = emulators.dotdigital.connectionProps();
        sink.put("name", "quickstart-dotdigital-sink");
        sink.put("topics", "dynamics.contact");
        sink.put("email.field", "emailaddress1");
        sink.put("datafield.mapping", "firstname:FIRSTNAME,lastname:LASTNAME");
        sink.put("datafields.auto.create", "true");
        sink.put("addressbook.name", "Dynamics contacts");
        sink.put("unsubscribe.field", "donotbulkemail");

        EmulatedTable contacts = emulators.dataverse.emulator.table("contact");
        List<String> candidates = new ArrayList<>();
        for (String id : contacts.ids()) {
            Map<String, Object> row = contacts.get(id);
            if (Boolean.FALSE.equals(row.get("donotbulkemail")) && row.get("emailaddress1") != null) {
                candidates.add(id);
            }
        }
        Collections.shuffle(candidates, new Random(11));
        int edits = Math.min(scale.endToEndEdits(), candidates.size());

        LinkedBlockingQueue<SourceRecord> topic = new LinkedBlockingQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        DynamicsSourceTask sourceTask = new DynamicsSourceTask();
        sourceTask.initialize(TaskContexts.source(source, new HashMap<>()));
        sourceTask.start(source);
        TopicPartition tp = new TopicPartition("dynamics.contact", 0);
        DotdigitalSinkTask sinkTask = new DotdigitalSinkTask();
        sinkTask.initialize(TaskContexts.sink(sink, Set.of(tp), null));
        sinkTask.start(sink);
        Thread sourceThread = new Thread(() -> {
            while (running.get()) {
                try {
                    List<SourceRecord> batch = sourceTask.poll();
                    if (batch != null) {
                        topic.addAll(batch);
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "e2e-source");
        Thread sinkThread = new Thread(() -> {
            long offset = 0;
            while (running.get()) {
                List<SinkRecord> batch = new ArrayList<>();
                try {
                    SourceRecord first = topic.poll(100, TimeUnit.MILLISECONDS);
                    if (first != null) {
                        List<SourceRecord> more = new ArrayList<>();
                        more.add(first);
                        topic.drainTo(more);
                        for (SourceRecord r : more) {
                            batch.add(new SinkRecord(tp.topic(), 0, r.keySchema(), r.key(), r.valueSchema(), r.value(),
                                    offset++));
                        }
                    }
                } catch (InterruptedException e) {
                    return;
                }
                sinkTask.put(batch);
                sinkTask.preCommit(Map.of(tp, new OffsetAndMetadata(offset)));
            }
        }, "e2e-sink");
        sourceThread.start();
        sinkThread.start();
        try {
            // The snapshot first: edits are timed only once the initial load is in Dotdigital.
            String last = (String) contacts.get(candidates.get(edits)).get("emailaddress1");
            waitFor(() -> emulators.dotdigital.emulator.state().contactByEmail(last).isPresent(), 600);
            Map<String, Long> startedAt = new ConcurrentHashMap<>();
            Map<String, Double> took = new ConcurrentHashMap<>();
            for (int i = 0; i < edits; i++) {
                String id = candidates.get(i);
                String email = (String) contacts.get(id).get("emailaddress1");
                String value = "Edited" + i;
                startedAt.put(email, System.nanoTime());
                contacts.update(id, Map.of("firstname", value));
                long until = System.nanoTime() + 1_500_000_000L;
                while (System.nanoTime() < until) {
                    check(emulators, startedAt, took);
                    Thread.sleep(20);
                }
            }
            long deadline = System.nanoTime() + 300_000_000_000L;
            while (took.size() < edits && System.nanoTime() < deadline) {
                check(emulators, startedAt, took);
                Thread.sleep(20);
            }
            List<Double> seconds = new ArrayList<>(took.values());
            Collections.sort(seconds);
            return new Result(edits, edits - seconds.size(), percentile(seconds, 50), percentile(seconds, 99),
                    Machine.load());
        } finally {
            running.set(false);
            sourceThread.interrupt();
            sourceThread.join(10_000);
            sinkThread.join(10_000);
            sinkTask.stop();
            sourceTask.stop();
        }
    }

    private static void check(BenchEmulators emulators, Map<String, Long> startedAt, Map<String, Double> took) {
        startedAt.forEach((email, start) -> {
            if (!took.containsKey(email)) {
                Object first = emulators.dotdigital.emulator.state().contactByEmail(email)
                        .map(c -> c.dataField("FIRSTNAME")).orElse(null);
                if (first != null && first.toString().startsWith("Edited")) {
                    took.put(email, (System.nanoTime() - start) / 1e9);
                }
            }
        });
    }

    /** Nearest-rank percentile of sorted values (NaN when there are none). */
    static double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static void waitFor(java.util.function.BooleanSupplier done, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the initial load did not reach Dotdigital within " + seconds + " s");
            }
            Thread.sleep(100);
        }
    }
}
