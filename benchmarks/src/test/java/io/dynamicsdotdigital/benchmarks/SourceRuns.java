package io.dynamicsdotdigital.benchmarks;

import io.dynamicsdotdigital.dynamics.source.DynamicsSourceConnector;
import io.dynamicsdotdigital.testsupport.TaskContexts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import io.dynamicsdotdigital.dynamics.source.DynamicsSourceTask;

/** The Dynamics source's runs: a contact snapshot at a page size, and reading the same changes in each mode. */
final class SourceRuns {
    private final BenchEmulators emulators;
    private final Scale scale;

    SourceRuns(BenchEmulators emulators, Scale scale) {
        this.emulators = emulators;
        this.scale = scale;
    }

    Map<String, String> props(String mode, int pageSize) {
        Map<String, String> p = emulators.dataverse.connectionProps("bench-source");
        p.put("connector.class", DynamicsSourceConnector.class.getName());
        p.put("tables", "contact");
        p.put(DynamicsSourceConnector.TASK_TABLES, "contact");
        p.put("topic.prefix", "bench");
        p.put("page.size", Integer.toString(pageSize));
        p.put("poll.interval.ms", "1000");
        p.put("table.contact.mode", mode);
        if (scale.shortWaits()) {
            p.put("watermark.safety.delay.ms", "1000");
            p.put("poll.interval.ms", "200");
        }
        return p;
    }

    /** A snapshot of every contact by one task in a forked JVM with {@code heap}. */
    Figure snapshot(Latency latency, int pageSize, int rows, String heap) {
        emulators.apply(latency, scale);
        Map<String, String> p = props("change_tracking", pageSize);
        p.put("bench.kind", "source");
        p.put("bench.rows", Integer.toString(rows));
        long pages = rows / pageSize + 2;
        long timeout = 300 + pages * (2 + latency.dataversePerRequest.toSeconds()) * 3;
        long[] before = new long[1];
        TaskJvm.Outcome o = TaskJvm.run(scale.forked(), heap, p, timeout,
                () -> before[0] = emulators.dataverseCalls());
        long calls = emulators.dataverseCalls() - before[0];
        String variant = "page size " + pageSize;
        Figure f = new Figure(variant, o.rows(), o.seconds(), calls, o.peakHeapMb(), Machine.load(),
                o.passed() ? "" : "FAILED (exit " + o.exitCode() + ")");
        if (!o.passed()) {
            System.out.println("source task output:\n" + o.tail());
        }
        return f;
    }

    /**
     * Snapshots the table in {@code mode} (in this JVM: the figure is about calls and time, not heap), then changes
     * {@code scale.changedRows()} contacts and times reading them: from the first edit until every changed contact
     * came out with its new value, with the calls made meanwhile (idle polls included).
     */
    Figure changes(Latency latency, String mode) throws InterruptedException {
        emulators.apply(latency, scale);
        Map<String, String> p = props(mode, 5000);
        Map<Map<String, Object>, Map<String, Object>> stored = new HashMap<>();
        DynamicsSourceTask task = new DynamicsSourceTask();
        task.initialize(TaskContexts.source(p, stored));
        task.start(p);
        try {
            int total = emulators.dataverse.emulator.table("contact").count();
            long deadline = System.nanoTime() + 600_000_000_000L;
            long seen = 0;
            while (seen < total && System.nanoTime() < deadline) {
                seen += drain(task.poll(), stored, null, null);
            }
            List<String> ids = new ArrayList<>(emulators.dataverse.emulator.table("contact").ids());
            Collections.shuffle(ids, new java.util.Random(7));
            List<String> changed = ids.subList(0, Math.min(scale.changedRows(), ids.size()));
            String value = "Changed-" + mode + "-" + System.nanoTime();
            Set<String> pending = new HashSet<>(changed);
            long before = emulators.dataverseCalls();
            long start = System.nanoTime();
            for (String id : changed) {
                emulators.dataverse.emulator.table("contact").update(id, Map.of("firstname", value));
            }
            long delivered = 0;
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                delivered += drain(task.poll(), stored, pending, value);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long calls = emulators.dataverseCalls() - before;
            String note = (pending.isEmpty() ? "" : "FAILED: " + pending.size() + " changes not read; ")
                    + delivered + " records for " + changed.size() + " changed rows"
                    + (mode.equals("watermark") ? "; watermark mode reads a change only once it is"
                    + " watermark.safety.delay.ms old (" + (p.containsKey("watermark.safety.delay.ms")
                    ? p.get("watermark.safety.delay.ms") + " ms" : "30,000 ms, the default") + ")" : "");
            return new Figure(mode.replace('_', ' '), changed.size(), seconds, calls, -1, Machine.load(), note);
        } finally {
            task.stop();
        }
    }

    private static long drain(List<SourceRecord> batch, Map<Map<String, Object>, Map<String, Object>> stored,
            Set<String> pending, String value) {
        if (batch == null) {
            return 0;
        }
        for (SourceRecord r : batch) {
            @SuppressWarnings("unchecked")
            Map<String, Object> partition = (Map<String, Object>) r.sourcePartition();
            @SuppressWarnings("unchecked")
            Map<String, Object> offset = (Map<String, Object>) r.sourceOffset();
            stored.put(partition, offset);
            if (pending != null && r.value() instanceof Struct s && s.schema().field("firstname") != null
                    && value.equals(s.get("firstname")) && s.schema().field("contactid") != null) {
                pending.remove(String.valueOf(s.get("contactid")));
            }
        }
        return batch.size();
    }
}
