package io.dynamicsdotdigital.benchmarks;

import java.util.Map;

/** The Dotdigital sink's runs: bulk imports at a batch size, and one call per record as a generic HTTP sink. */
final class SinkRuns {
    private final BenchEmulators emulators;
    private final Scale scale;
    private int runs;

    SinkRuns(BenchEmulators emulators, Scale scale) {
        this.emulators = emulators;
        this.scale = scale;
    }

    private Map<String, String> props(String book) {
        Map<String, String> p = emulators.dotdigital.connectionProps();
        p.put("name", "bench-sink");
        p.put("topics", "bench.contact");
        p.put("email.field", "emailaddress1");
        p.put("datafield.mapping", "firstname:FIRSTNAME,lastname:LASTNAME");
        p.put("datafields.auto.create", "true");
        p.put("addressbook.name", book);
        String buffered = System.getProperty("bench.sink.max.buffered.records");
        if (buffered != null) {
            p.put("import.max.buffered.records", buffered);
        }
        if (scale.shortWaits()) {
            p.put("import.flush.interval.ms", "200");
            p.put("import.poll.interval.ms", "200");
        }
        return p;
    }

    /** {@code contacts} through the sink task in a forked JVM, until every record is committable. */
    Figure bulk(Latency latency, int batchSize, int contacts, String heap) {
        emulators.apply(latency, scale);
        String run = "run" + (++runs);
        Map<String, String> p = props("Benchmark " + run);
        p.put("import.batch.size", Integer.toString(batchSize));
        p.put("bench.kind", "sink");
        p.put("bench.rows", Integer.toString(contacts));
        p.put("bench.email.prefix", run);
        long imports = contacts / batchSize + 2;
        long timeout = 300 + imports * (latency.importTime(scale).toSeconds() + 5) * 2 + contacts / 500;
        long[] before = new long[1];
        TaskJvm.Outcome o = TaskJvm.run(scale.forked(), heap, p, timeout,
                () -> before[0] = emulators.dotdigitalCalls());
        long calls = emulators.dotdigitalCalls() - before[0];
        if (!o.passed()) {
            System.out.println("sink task output:\n" + o.tail());
        }
        String note = o.passed() ? "" : "FAILED (exit " + o.exitCode() + (o.tail().contains("OutOfMemoryError")
                ? ", OutOfMemoryError" : "") + ")";
        if (p.containsKey("import.max.buffered.records")) {
            note = (note.isEmpty() ? "" : note + "; ") + "import.max.buffered.records="
                    + p.get("import.max.buffered.records");
        }
        return new Figure(String.format("bulk imports of %,d", batchSize), o.rows(), o.seconds(), calls,
                o.peakHeapMb(), Machine.load(), note);
    }

    /** One add-contact call per record, on a sample of {@code scale.perRecordSample()} records. */
    Figure perRecord(Latency latency, String heap) {
        emulators.apply(latency, scale);
        String run = "run" + (++runs);
        int book = emulators.dotdigital.emulator.state().createAddressBook("Benchmark " + run, "Private").id();
        Map<String, String> p = props("Benchmark " + run);
        p.put("bench.kind", "per-record");
        p.put("bench.rows", Integer.toString(scale.perRecordSample()));
        p.put("bench.email.prefix", run);
        p.put("bench.addressbook.id", Integer.toString(book));
        long[] before = new long[1];
        TaskJvm.Outcome o = TaskJvm.run(scale.forked(), heap, p, 300 + scale.perRecordSample(),
                () -> before[0] = emulators.dotdigitalCalls());
        long calls = emulators.dotdigitalCalls() - before[0];
        if (!o.passed()) {
            System.out.println("per-record output:\n" + o.tail());
        }
        return new Figure("one call per record", o.rows(), o.seconds(), calls, o.peakHeapMb(), Machine.load(),
                (o.passed() ? "" : "FAILED; ") + "measured on a sample of " + scale.perRecordSample() + " records");
    }
}
