package io.dynamicsdotdigital.systemtests;

import static io.dynamicsdotdigital.systemtests.WorkerChecks.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "no loops" test of issue 18 on the packaged plugins, all four connectors on one worker: the Dynamics source
 * feeds the Dotdigital sink (contacts and Marketing Preference Subscription rows, {@code preferences.*}), the
 * Dotdigital source's {@code preference-opt-ins} feeds the write-back preset
 * {@code marketing-preference-subscription.json} (newer wins). A contact opted in to two preferences in Dotdigital gets
 * both subscription rows in Dynamics; then at once a CRM user opts it out of the first (a PATCH of its row) and the
 * contact opts out of the second in Dotdigital. Run until quiet: both sides hold both opt-outs, the sink wrote the
 * first to Dotdigital once, the write-back wrote the second row once, and neither wrote anything else.
 */
@ExtendWith({PackagedPluginsWorker.class, PreferenceLoopTest.SharedCluster.class})
class PreferenceLoopTest {
    /** The worker shared with the other system tests (one per run), as BadInputTest gets it. */
    static final class SharedCluster implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            cluster = PackagedPluginsWorker.shared(context);
        }
    }

    private static final String PREFIX = "pref-loop";
    private static final String DYNAMICS_SOURCE = PREFIX + "-dynamics-source";
    private static final String DOTDIGITAL_SINK = PREFIX + "-dotdigital-sink";
    private static final String DOTDIGITAL_SOURCE = PREFIX + "-dotdigital-source";
    private static final String WRITEBACK = PREFIX + "-writeback-subscription";
    private static final String DYNAMICS_TOPICS = PREFIX + ".dynamics";
    private static final String DOTDIGITAL_TOPICS = PREFIX + ".dotdigital";
    private static final String SUBSCRIPTION_TABLE = "esc_marketingpreferencesubscription";
    private static final String SUBSCRIPTIONS = "esc_marketingpreferencesubscriptions";
    private static final List<String> DYNAMICS_TABLES = List.of("contact", SUBSCRIPTION_TABLE);
    private static final String OPT_INS_STREAM = "preference-opt-ins";
    private static final String CONTACTS_BOOK = "Preference loop contacts";
    private static final String EMAIL = "preference-flipper@loop.example";

    /** Both sources poll this often. */
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(2);
    private static final Duration SETUP_WAIT = Duration.ofSeconds(60);
    /** Quiet: nothing written and no row or opt-in time moved on either side for several cycles of both sources. */
    private static final Duration QUIET_WINDOW = POLL_INTERVAL.multipliedBy(6);
    private static final Duration UNTIL_QUIET = Duration.ofSeconds(90);

    @TempDir
    static Path work;
    static PackagedPluginsWorker.Cluster cluster;
    static EmulatorsProcess emulators;
    static EmulatorApis apis;
    static Map<String, String> values;
    static final List<String> connectors = new ArrayList<>();

    @BeforeAll
    static void startEmulatorsAndConnectors() throws Exception {
        // The Dotdigital seed keeps its preference tree (a category and three preferences) without any contact.
        emulators = EmulatorsProcess.start(work, Duration.ofMinutes(3), "--seed-contacts", "0", "--seed-leads", "0",
                "--seed-accounts", "0", "--seed-lists", "0", "--seed-dotdigital-contacts", "0",
                "--seed-address-books", "0", "--seed-activities", "0", "--seed-unsubscribes", "0",
                "--seed-suppressions", "0");
        apis = new EmulatorApis(emulators.info());
        var kafka = cluster.connect.kafka();
        values = ConfigExample.quickstartValues(emulators.info(), kafka.bootstrapServers());
        for (String table : DYNAMICS_TABLES) {
            kafka.createTopic(DYNAMICS_TOPICS + "." + table, 1);
        }
        kafka.createTopic(DOTDIGITAL_TOPICS + "." + OPT_INS_STREAM, 1);
    }

    @AfterAll
    static void stop() throws Exception {
        WorkerChecks.deleteAll(cluster, connectors);
        if (emulators != null) {
            emulators.close();
        }
    }

    @Test
    void aPreferenceFlippedOnEachSideReachesTheOtherOnceAndTheLoopEnds() throws Exception {
        long started = System.nanoTime();
        List<Long> preferences = apis.preferenceIds();
        assertTrue(preferences.size() >= 2, "the emulator seeds at least two preferences: " + preferences);
        long crmFlipped = preferences.get(0);
        long dotdigitalFlipped = preferences.get(1);

        // The contact in Dynamics, imported into Dotdigital by the sink.
        String contact = apis.createRow("contacts", Map.of("firstname", "Pref", "lastname", "Flipper",
                "emailaddress1", EMAIL));
        configure(dynamicsSource());
        configure(dotdigitalSink());
        configure(dotdigitalSource());
        configure(writeBack());
        eventually(SETUP_WAIT, "the Dotdigital sink imports " + EMAIL, () -> apis.dotdigitalContact(EMAIL));

        // Opted in to both in Dotdigital: the write-back creates both subscription rows, and the sink, reading them
        // back through the Dynamics source, finds Dotdigital already holds them.
        apis.setContactPreferences(EMAIL, Map.of(crmFlipped, true, dotdigitalFlipped, true));
        Map<Long, String> rows = eventually(SETUP_WAIT, "the write-back creates both subscription rows, opted in",
                () -> {
                    Map<Long, String> ids = subscriptionRows(Boolean.TRUE);
                    return ids.keySet().containsAll(List.of(crmFlipped, dotdigitalFlipped)) ? Optional.of(ids)
                            : Optional.<Map<Long, String>>empty();
                });
        for (String row : rows.values()) {
            assertEquals(contact, apis.dataverseRow(SUBSCRIPTIONS, row, "_esc_contactid_value").orElseThrow()
                    .path("_esc_contactid_value").asText(), "the subscription row is linked to the contact");
        }
        eventually(SETUP_WAIT, "the sink reads both rows back and writes nothing (Dotdigital holds them)", () ->
                sinkDrained() && metric(DOTDIGITAL_SINK, "preference-changes-unchanged-total") >= 2
                        ? Optional.of(true) : Optional.<Boolean>empty());
        long sinkWrittenBefore = metric(DOTDIGITAL_SINK, "preference-changes-written-total");
        long rowsWrittenBefore = metric(WRITEBACK, "rows-written-total");
        assertEquals(0, sinkWrittenBefore, "the sink wrote a preference Dotdigital already held");
        assertEquals(2, rowsWrittenBefore, "the write-back created the two rows");
        System.out.printf("[preference loop] set up in %d ms%n", (System.nanoTime() - started) / 1_000_000);

        // The write-back keeps a row's side when a Dotdigital change is within its clock-skew tolerance of the row's
        // modifiedon (docs/preferences-to-crm.md): a person's next change comes later than that, so must this one.
        long skewMillis = Long.parseLong(writeBack().get("newer.wins.skew.ms"));
        Instant created = Instant.EPOCH;
        for (String row : rows.values()) {
            Instant modified = OffsetDateTime.parse(apis.dataverseRow(SUBSCRIPTIONS, row, "modifiedon")
                    .orElseThrow().path("modifiedon").asText()).toInstant();
            created = modified.isAfter(created) ? modified : created;
        }
        long wait = Duration.between(Instant.now(), created.plusMillis(skewMillis + 1500)).toMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }

        // At the same time: a CRM user opts the contact out of one preference, the contact opts out of the other in
        // Dotdigital.
        long flippedAt = System.nanoTime();
        apis.updateRow(SUBSCRIPTIONS, rows.get(crmFlipped), Map.of("esc_optedin", false));
        apis.setContactPreferences(EMAIL, Map.of(dotdigitalFlipped, false));

        eventually(SETUP_WAIT, "both opt-outs on both sides", () -> {
            Map<Long, Boolean> dotdigital = apis.contactOptIns(EMAIL);
            Map<Long, String> optedOut = subscriptionRows(Boolean.FALSE);
            return Boolean.FALSE.equals(dotdigital.get(crmFlipped))
                    && Boolean.FALSE.equals(dotdigital.get(dotdigitalFlipped))
                    && optedOut.keySet().containsAll(List.of(crmFlipped, dotdigitalFlipped))
                    ? Optional.of(true) : Optional.<Boolean>empty();
        });
        System.out.printf("[preference loop] both opt-outs on both sides %d ms after the flips%n",
                (System.nanoTime() - flippedAt) / 1_000_000);

        // Run until quiet: nothing written and nothing moved on either side for the whole window.
        long quietFrom = System.nanoTime();
        long deadline = quietFrom + UNTIL_QUIET.toNanos();
        List<Object> state = sides(preferences);
        while (System.nanoTime() - quietFrom < QUIET_WINDOW.toNanos()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the loop did not go quiet within " + UNTIL_QUIET.toSeconds()
                        + " s of the flips; last state " + state);
            }
            Thread.sleep(1000);
            List<Object> now = sides(preferences);
            if (!now.equals(state)) {
                state = now;
                quietFrom = System.nanoTime();
            }
        }
        System.out.printf("[preference loop] quiet for %d s, %d ms after the flips%n", QUIET_WINDOW.toSeconds(),
                (System.nanoTime() - flippedAt) / 1_000_000);

        Map<Long, Boolean> dotdigital = apis.contactOptIns(EMAIL);
        assertEquals(false, dotdigital.get(crmFlipped), "Dotdigital holds the CRM user's opt-out");
        assertEquals(false, dotdigital.get(dotdigitalFlipped), "Dotdigital keeps the contact's own opt-out");
        Map<Long, String> optedOut = subscriptionRows(Boolean.FALSE);
        assertEquals(rows, optedOut, "both subscription rows are opted out in Dynamics, and there are no others");
        assertTrue(sinkDrained(), "the sink has applied every record of its topics");
        assertEquals(1, metric(DOTDIGITAL_SINK, "preference-changes-written-total") - sinkWrittenBefore,
                "the sink writes the CRM user's opt-out to Dotdigital once, and the contact's own opt-out (which came"
                        + " from Dotdigital) never");
        assertEquals(1, metric(WRITEBACK, "rows-written-total") - rowsWrittenBefore,
                "the write-back writes the contact's opt-out to its row once, and the CRM user's (which came from"
                        + " Dynamics) never");
        for (String name : connectors) {
            cluster.connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 1,
                    name + " is not running");
        }
        System.out.printf("[preference loop] whole test %d ms; sink unchanged %d, write-back unchanged %d, not newer"
                        + " %d%n", (System.nanoTime() - started) / 1_000_000,
                metric(DOTDIGITAL_SINK, "preference-changes-unchanged-total"),
                metric(WRITEBACK, "rows-unchanged-total"), metric(WRITEBACK, "records-not-newer-total"));
    }

    // --- connectors, from the config examples with this test's own names and topics ----------------------------

    private static Map<String, String> dynamicsSource() throws Exception {
        Map<String, String> c = example("quickstart/dynamics-source-connector.json");
        c.put("name", DYNAMICS_SOURCE);
        c.put("tasks.max", "1");
        c.put("tables", String.join(",", DYNAMICS_TABLES));
        c.put("topic.prefix", DYNAMICS_TOPICS);
        c.put("poll.interval.ms", Long.toString(POLL_INTERVAL.toMillis()));
        c.remove("poll.interval.overrides"); // the quickstart's names a table this test does not read
        return c;
    }

    /**
     * The quickstart sink plus the subscription settings of {@code preferences/dotdigital-sink-preferences.json},
     * with the columns the write-back preset fills: the Dotdigital preference id, the email and the opted-in flag.
     */
    private static Map<String, String> dotdigitalSink() throws Exception {
        Map<String, String> c = example("quickstart/dotdigital-sink-connector.json");
        Map<String, String> preferences = example("preferences/dotdigital-sink-preferences.json");
        for (String key : List.of("preferences.subscription.optedin.column",
                "preferences.subscription.modified.column", "preferences.clock.skew.tolerance.ms",
                "preferences.cache.max.entries", "preferences.cache.ttl.ms")) {
            c.put(key, preferences.get(key));
        }
        String subscriptions = DYNAMICS_TOPICS + "." + SUBSCRIPTION_TABLE;
        c.put("name", DOTDIGITAL_SINK);
        c.put("topics", DYNAMICS_TOPICS + ".contact," + subscriptions);
        c.remove("listmember.topic");
        c.remove("list.topic");
        c.put("addressbook.name", CONTACTS_BOOK);
        c.put("import.flush.interval.ms", "500");
        c.put("preferences.topic", subscriptions);
        c.put("preferences.subscription.preference.column", "esc_dotdigitalpreferenceid");
        c.put("preferences.subscription.email.column", "esc_email");
        c.put("errors.deadletterqueue.topic.name", DOTDIGITAL_SINK + "-dlq");
        return c;
    }

    private static Map<String, String> dotdigitalSource() throws Exception {
        Map<String, String> c = example("quickstart/dotdigital-source-connector.json");
        c.put("name", DOTDIGITAL_SOURCE);
        c.put("tasks.max", "1");
        c.put("streams", OPT_INS_STREAM);
        c.put("topic.prefix", DOTDIGITAL_TOPICS);
        c.put("poll.interval.ms", Long.toString(POLL_INTERVAL.toMillis()));
        return c;
    }

    private static Map<String, String> writeBack() throws Exception {
        Map<String, String> c = example("writeback/marketing-preference-subscription.json");
        c.put("name", WRITEBACK);
        c.put("topics", DOTDIGITAL_TOPICS + "." + OPT_INS_STREAM);
        c.put("errors.deadletterqueue.topic.name", WRITEBACK + "-dlq");
        return c;
    }

    private static Map<String, String> example(String file) throws Exception {
        return new LinkedHashMap<>(ConfigExample.read(ProjectLayout.configExamples().resolve(file), values).config);
    }

    private static void configure(Map<String, String> config) throws InterruptedException {
        WorkerChecks.start(cluster, connectors, config);
    }

    // --- reads ---------------------------------------------------------------------------------------------------

    /** Subscription rows of the contact's email with this opted-in value, by Dotdigital preference id. */
    private static Map<Long, String> subscriptionRows(Boolean optedIn) throws Exception {
        Map<Long, String> ids = new LinkedHashMap<>();
        for (JsonNode row : apis.dataverseRows(SUBSCRIPTIONS,
                "esc_marketingpreferencesubscriptionid,esc_email,esc_dotdigitalpreferenceid,esc_optedin")) {
            if (EMAIL.equalsIgnoreCase(row.path("esc_email").asText())
                    && optedIn.equals(row.path("esc_optedin").isBoolean() ? row.path("esc_optedin").asBoolean()
                    : null)) {
                ids.put(row.path("esc_dotdigitalpreferenceid").asLong(),
                        row.path("esc_marketingpreferencesubscriptionid").asText());
            }
        }
        return ids;
    }

    /** What would move if either side wrote: both connectors' write counts, the rows and Dotdigital's opt-ins. */
    private static List<Object> sides(List<Long> preferences) throws Exception {
        List<Object> state = new ArrayList<>();
        state.add(metric(DOTDIGITAL_SINK, "preference-changes-written-total"));
        state.add(metric(WRITEBACK, "rows-written-total"));
        for (JsonNode row : apis.dataverseRows(SUBSCRIPTIONS,
                "esc_marketingpreferencesubscriptionid,esc_optedin,modifiedon")) {
            state.add(row.toString());
        }
        state.add(apis.optInTimes(EMAIL, preferences));
        state.add(apis.contactOptIns(EMAIL));
        return state;
    }

    /** The sink has received every record of its topics and has none pending. */
    private static boolean sinkDrained() throws Exception {
        long inTopics = 0;
        for (String table : DYNAMICS_TABLES) {
            inTopics += topicSize(DYNAMICS_TOPICS + "." + table);
        }
        return metric(DOTDIGITAL_SINK, "records-received-total") >= inTopics
                && metric(DOTDIGITAL_SINK, "records-pending") == 0;
    }

    /** Committed records of a one-partition topic (its read_committed end offset less transaction markers). */
    private static long topicSize(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.connect.kafka().bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long count = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                count += consumer.poll(Duration.ofMillis(500)).count();
            }
            return count;
        }
    }

    /** What went through the pipeline, for a failure's message: the opt-ins topic and the dead-letter reasons. */
    private static String diagnostics() {
        StringBuilder out = new StringBuilder();
        for (String topic : List.of(DOTDIGITAL_TOPICS + "." + OPT_INS_STREAM, DYNAMICS_TOPICS + "."
                + SUBSCRIPTION_TABLE, WRITEBACK + "-dlq", DOTDIGITAL_SINK + "-dlq")) {
            out.append("\n").append(topic).append(':');
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.connect.kafka().bootstrapServers());
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                    new StringDeserializer())) {
                TopicPartition tp = new TopicPartition(topic, 0);
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                long end = consumer.endOffsets(List.of(tp)).get(tp);
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                        out.append("\n  ").append(r.value() == null ? "null" : r.value().length() > 600
                                ? r.value().substring(0, 600) : r.value());
                        r.headers().headers("__connect.errors.exception.message").forEach(h -> out
                                .append("\n    reason: ").append(new String(h.value(), StandardCharsets.UTF_8)));
                    });
                }
            } catch (RuntimeException e) {
                out.append(" unreadable: ").append(e);
            }
        }
        return out.toString();
    }

    private static <T> T eventually(Duration timeout, String what, WorkerChecks.Probe<T> probe) throws Exception {
        return WorkerChecks.eventually(timeout, what, probe, () -> diagnostics());
    }
}
