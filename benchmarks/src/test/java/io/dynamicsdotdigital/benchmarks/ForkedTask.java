package io.dynamicsdotdigital.benchmarks;

import io.dynamicsdotdigital.common.http.HttpSettings;
import io.dynamicsdotdigital.common.http.ResilienceSettings;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClientSettings;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClients;
import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import io.dynamicsdotdigital.dotdigital.sink.DotdigitalSinkTask;
import io.dynamicsdotdigital.dynamics.source.DynamicsSourceTask;
import io.dynamicsdotdigital.testsupport.TaskContexts;
import java.io.BufferedReader;
import java.io.FileReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * One connector task in a JVM of its own, so its peak heap is its own and -Xmx bounds only it. Reads a properties
 * file: {@code bench.kind} (source: snapshot until {@code bench.rows} records; sink: put {@code bench.rows}
 * contacts and wait until all are committable; per-record: one add-contact call per record, as a generic HTTP sink
 * does), {@code bench.timeout.s}, and the connector settings. Prints one {@code BENCH-RESULT} line.
 */
public final class ForkedTask {
    static final String RESULT = "BENCH-RESULT";
    static final String READY = "BENCH-READY";
    /** The warm-up's size: one 500-row page for the source, one small import for the sink. */
    static final int WARM_UP_ROWS = 500;
    private static final int CHUNK = 5_000;

    private ForkedTask() {
    }

    public static void main(String[] args) throws Exception {
        Properties file = new Properties();
        try (FileReader in = new FileReader(args[0])) {
            file.load(in);
        }
        Map<String, String> props = new HashMap<>();
        file.stringPropertyNames().forEach(k -> props.put(k, file.getProperty(k)));
        String kind = props.remove("bench.kind");
        long rows = Long.parseLong(props.remove("bench.rows"));
        long timeoutNanos = Long.parseLong(props.remove("bench.timeout.s")) * 1_000_000_000L;
        // A warm-up run first (class loading, JIT, TLS, token), so the measured run is the steady state a running
        // connector is in; the harness counts the emulators' calls from the moment it answers READY.
        move(kind, warmUp(props), kind.equals("per-record") ? 5 : WARM_UP_ROWS, System.nanoTime() + timeoutNanos);
        System.out.println(READY);
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        AtomicLong peak = new AtomicLong();
        Thread sampler = heapSampler(peak);
        long start = System.nanoTime();
        long moved = move(kind, props, rows, start + timeoutNanos);
        double seconds = (System.nanoTime() - start) / 1e9;
        sampler.interrupt();
        System.out.printf("%s rows=%d seconds=%.3f peakHeapMb=%.1f%n", RESULT, moved, seconds,
                peak.get() / 1048576.0);
        System.exit(moved == rows ? 0 : 3);
    }

    /** Runs one measured move in this JVM: what {@link #main} does in a fork, for the in-process smoke run. */
    static long move(String kind, Map<String, String> props, long rows, long deadline) throws Exception {
        return switch (kind) {
            case "source" -> snapshot(new HashMap<>(props), rows, deadline);
            case "sink" -> sink(new HashMap<>(props), rows, deadline);
            case "per-record" -> perRecord(props, rows);
            default -> throw new IllegalArgumentException("bench.kind " + kind);
        };
    }

    private static Map<String, String> warmUp(Map<String, String> props) {
        Map<String, String> warm = new HashMap<>(props);
        warm.computeIfPresent("bench.email.prefix", (k, v) -> "warm" + v);
        return warm;
    }

    /** Samples heap use every 5 ms: the largest value seen is the peak (garbage not yet collected included). */
    private static Thread heapSampler(AtomicLong peak) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static long snapshot(Map<String, String> props, long rows, long deadline) throws InterruptedException {
        Map<Map<String, Object>, Map<String, Object>> stored = new HashMap<>();
        DynamicsSourceTask task = new DynamicsSourceTask();
        task.initialize(TaskContexts.source(props, stored));
        task.start(props);
        long count = 0;
        try {
            while (count < rows && System.nanoTime() < deadline) {
                List<SourceRecord> batch = task.poll();
                if (batch == null) {
                    continue;
                }
                for (SourceRecord r : batch) {
                    count++;
                    @SuppressWarnings("unchecked")
                    Map<String, Object> partition = (Map<String, Object>) r.sourcePartition();
                    @SuppressWarnings("unchecked")
                    Map<String, Object> offset = (Map<String, Object>) r.sourceOffset();
                    stored.put(partition, offset);
                    task.commitRecord(r, null);
                }
            }
        } finally {
            task.stop();
        }
        return count;
    }

    private static long sink(Map<String, String> props, long rows, long deadline) throws InterruptedException {
        String prefix = props.remove("bench.email.prefix");
        TopicPartition tp = new TopicPartition(props.get("topics"), 0);
        DotdigitalSinkTask task = new DotdigitalSinkTask();
        task.initialize(TaskContexts.sink(props, Set.of(tp), null));
        task.start(props);
        long committed = 0;
        try {
            // Records are made a chunk at a time, as a worker hands them over: the heap holds what the task keeps.
            for (long from = 0; from < rows && System.nanoTime() < deadline; from += CHUNK) {
                putAsTheWorkerDoes(task, records(tp, prefix, from, Math.min(rows, from + CHUNK)), deadline);
                committed = committed(task, tp);
            }
            while (committed < rows && System.nanoTime() < deadline) {
                Thread.sleep(20);
                task.put(List.of());
                committed = committed(task, tp);
            }
        } finally {
            task.stop();
        }
        return committed;
    }

    /**
     * A put the way the worker makes it: a RetriableException (the task's backpressure once
     * import.max.buffered.records wait) means the same batch is handed over again a little later.
     */
    private static void putAsTheWorkerDoes(DotdigitalSinkTask task, List<SinkRecord> batch, long deadline)
            throws InterruptedException {
        while (true) {
            try {
                task.put(batch);
                return;
            } catch (RetriableException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static long committed(DotdigitalSinkTask task, TopicPartition tp) {
        Map<TopicPartition, OffsetAndMetadata> c = task.preCommit(Map.of(tp, new OffsetAndMetadata(0)));
        return c.containsKey(tp) ? c.get(tp).offset() : 0;
    }

    static List<SinkRecord> records(TopicPartition tp, String prefix, long from, long to) {
        List<SinkRecord> out = new ArrayList<>((int) (to - from));
        for (long i = from; i < to; i++) {
            out.add(new SinkRecord(tp.topic(), tp.partition(), null, prefix + "-" + i, null, contact(prefix, i), i));
        }
        return out;
    }

    static Map<String, Object> contact(String prefix, long i) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("contactid", prefix + "-" + i);
        v.put("emailaddress1", prefix + i + "@bench.example.com");
        v.put("firstname", "First" + i);
        v.put("lastname", "Last" + (i % 977));
        return v;
    }

    /** What a generic HTTP sink does: one add-contact-to-address-book call per record, waiting for each answer. */
    private static long perRecord(Map<String, String> props, long rows) throws IOException {
        long book = Long.parseLong(props.get("bench.addressbook.id"));
        String prefix = props.get("bench.email.prefix");
        try (DotdigitalClient client = DotdigitalClients.create(
                DotdigitalClientSettings.rest(props.get("dotdigital.api.user"),
                        new Password(props.get("dotdigital.api.password")), props.get("dotdigital.api.endpoint")),
                HttpSettings.builder().trustStore(props.get("http.truststore.path"),
                        new Password(props.get("http.truststore.password")), "PKCS12").build(),
                ResilienceSettings.defaults(), null)) {
            for (long i = 0; i < rows; i++) {
                client.addContactToAddressBook(book, Contact.of(prefix + i + "@bench.example.com",
                        Map.of("FIRSTNAME", "First" + i, "LASTNAME", "Last" + (i % 977))));
            }
        }
        return rows;
    }
}
