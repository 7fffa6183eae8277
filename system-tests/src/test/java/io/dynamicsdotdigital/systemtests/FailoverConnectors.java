package io.dynamicsdotdigital.systemtests;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The four quickstart examples (config-examples/quickstart/*.json rendered against the emulators, as quickstart.sh
 * does), narrowed to one table or stream each and with small pages and batches so that a worker stop lands in the
 * middle of the work. {@code prefix} keeps each test's topics, connector names and address book apart.
 */
final class FailoverConnectors {
    static final String WRITE_BACK_SET = "esc_emailsendsummaries";
    static final String WRITE_BACK_ID = "esc_emailsendsummaryid";

    private final Map<String, String> emulatorInfo;

    FailoverConnectors(Map<String, String> emulatorInfo) {
        this.emulatorInfo = emulatorInfo;
    }

    static String dynamicsSource(String prefix) {
        return prefix + "-dynamics-source";
    }

    static String dotdigitalSink(String prefix) {
        return prefix + "-dotdigital-sink";
    }

    static String dotdigitalSource(String prefix) {
        return prefix + "-dotdigital-source";
    }

    static String dynamicsSink(String prefix) {
        return prefix + "-dynamics-writeback";
    }

    static String contactTopic(String prefix) {
        return prefix + ".contact";
    }

    static String activityTopic(String prefix) {
        return prefix + ".campaign-activities";
    }

    static String addressBook(String prefix) {
        return "Failover " + prefix + " contacts";
    }

    static String sinkDlq(String prefix) {
        return dotdigitalSink(prefix) + "-dlq";
    }

    static String writeBackDlq(String prefix) {
        return dynamicsSink(prefix) + "-dlq";
    }

    /** Dataverse contacts snapshot: one page of 25 rows per poll, each poll one transaction. */
    Map<String, String> dynamicsSourceConfig(String prefix) throws IOException {
        Map<String, String> c = quickstart("dynamics-source-connector.json", dynamicsSource(prefix));
        c.put("tasks.max", "1");
        c.put("tables", "contact");
        c.remove("poll.interval.overrides"); // the quickstart's names the dynamic lists, which need listmember
        c.put("topic.prefix", prefix);
        c.put("page.size", "25");
        c.put("poll.interval.ms", "1000");
        c.put("exactly.once.support", "required");
        return c;
    }

    /** The contacts topic into Dotdigital through v3 imports of 200 contacts, one import at a time. */
    Map<String, String> dotdigitalSinkConfig(String prefix) throws IOException {
        Map<String, String> c = quickstart("dotdigital-sink-connector.json", dotdigitalSink(prefix));
        c.put("topics", contactTopic(prefix));
        c.remove("listmember.topic");
        c.remove("list.topic");
        c.put("addressbook.name", addressBook(prefix));
        c.put("import.batch.size", "200");
        c.put("import.max.active", "1");
        c.put("import.flush.interval.ms", "500");
        c.put("import.poll.interval.ms", "300");
        c.put("errors.deadletterqueue.topic.name", sinkDlq(prefix));
        // Exactly-once downstream of an exactly-once source: aborted transactions are never applied.
        c.put("consumer.override.isolation.level", "read_committed");
        return c;
    }

    /** Dotdigital campaign activity (the tracking read) since 2000-01-01, 25 rows a page. */
    Map<String, String> dotdigitalSourceConfig(String prefix) throws IOException {
        Map<String, String> c = quickstart("dotdigital-source-connector.json", dotdigitalSource(prefix));
        c.put("tasks.max", "1");
        c.put("streams", "campaign-activities");
        c.put("topic.prefix", prefix);
        c.put("start.date", "2000-01-01");
        c.put("page.size", "25");
        c.put("poll.interval.ms", "2000");
        c.put("exactly.once.support", "required");
        return c;
    }

    /** The campaign activity topic written back to Dataverse send summaries, 25 upserts a $batch. */
    Map<String, String> dynamicsSinkConfig(String prefix) throws IOException {
        Map<String, String> c = quickstart("dynamics-sink-connector.json", dynamicsSink(prefix));
        c.put("topics", activityTopic(prefix));
        c.put("batch.size", "25");
        c.put("errors.deadletterqueue.topic.name", writeBackDlq(prefix));
        c.put("consumer.override.isolation.level", "read_committed");
        return c;
    }

    private Map<String, String> quickstart(String file, String name) throws IOException {
        ConfigExample example = ConfigExample.read(ProjectLayout.configExamples().resolve("quickstart").resolve(file),
                emulatorInfo);
        Map<String, String> config = new LinkedHashMap<>(example.config);
        config.put("name", name);
        return config;
    }
}
