package io.dynamicsdotdigital.systemtests;

import static io.dynamicsdotdigital.systemtests.ConnectJson.map;
import static io.dynamicsdotdigital.systemtests.ConnectJson.plain;
import static io.dynamicsdotdigital.systemtests.ConnectJson.string;
import static io.dynamicsdotdigital.systemtests.ConnectJson.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input for the two packaged sinks on a real worker (issue 14, part 4). Six sink connectors (Dotdigital and
 * Dynamics, each with JsonConverter with and without schemas and with StringConverter), configured like the
 * quickstart examples with {@code errors.tolerance=all} and a dead-letter topic with context headers, receive every
 * case of {@link BadInputCases} with a good record after each. Each case must end in the dead-letter topic with a
 * reason that names the problem, or be applied as checked through the emulators' HTTP APIs; every good record is
 * applied; nothing else is dead-lettered; every task stays RUNNING.
 */
@ExtendWith({PackagedPluginsWorker.class, BadInputTest.SharedCluster.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputTest {
    private static final Duration DEAD_LETTER_WAIT = Duration.ofSeconds(90);
    private static final Duration APPLY_WAIT = Duration.ofSeconds(60);
    /**
     * A lone good record after a lone bad one: applied in about a second. Well below the worker's one-minute offset
     * commit interval, so a sink that moves only when the worker's poll ends (at that commit) fails here.
     */
    private static final Duration LONE_RECORD_WAIT = Duration.ofSeconds(20);

    /** The worker shared with the other system tests (one per run), as its Kafka and Connect handles. */
    static final class SharedCluster implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            cluster = PackagedPluginsWorker.shared(context);
        }
    }

    /** A good record: where it went and how to see it applied. */
    private record Good(BadInputConnector connector, int n, long offset) {
    }

    @TempDir
    static Path work;
    static PackagedPluginsWorker.Cluster cluster;
    static EmulatorsProcess emulators;
    static EmulatorApis queries;
    static KafkaProducer<byte[], byte[]> producer;
    static DeadLetterQueues deadLetters;
    static final Map<String, Long> caseOffsets = new HashMap<>();
    /** The good record produced right after each case, by case id. */
    static final Map<String, Good> goodAfter = new HashMap<>();
    static final List<Good> goods = new ArrayList<>();
    static final Map<BadInputConnector, Integer> goodCounts = new HashMap<>();

    @BeforeAll
    static void startSinksAndProduceEveryCase() throws Exception {
        emulators = EmulatorsProcess.start(work, Duration.ofMinutes(3), "--seed-contacts", "10", "--seed-leads", "2",
                "--seed-accounts", "2", "--seed-dotdigital-contacts", "10", "--seed-activities", "2",
                "--seed-unsubscribes", "2", "--seed-suppressions", "2");
        queries = new EmulatorApis(emulators.info());
        var kafka = cluster.connect.kafka();
        List<String> dlqs = new ArrayList<>();
        for (BadInputConnector c : BadInputConnector.values()) {
            for (String topic : c.topics()) {
                kafka.createTopic(topic, 1);
            }
            kafka.createTopic(c.dlq(), 1);
            dlqs.add(c.dlq());
        }
        for (BadInputConnector c : BadInputConnector.values()) {
            Path example = ProjectLayout.configExamples().resolve("quickstart").resolve(c.module + ".json");
            cluster.connect.configureConnector(c.connectorName,
                    c.config(ConfigExample.read(example, ConfigExample.quickstartValues(emulators.info(),
                            kafka.bootstrapServers())).config));
        }
        for (BadInputConnector c : BadInputConnector.values()) {
            cluster.connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(c.connectorName, 1,
                    c.connectorName + " did not start");
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(1024 * 1024));
        producer = new KafkaProducer<>(p);
        for (BadInputConnector c : BadInputConnector.values()) {
            produceGood(c);
        }
        for (BadInputCase c : BadInputCases.all()) {
            produceCase(c);
        }
        deadLetters = new DeadLetterQueues(kafka.bootstrapServers(), dlqs);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            for (BadInputConnector c : BadInputConnector.values()) {
                try {
                    cluster.connect.deleteConnector(c.connectorName);
                } catch (RuntimeException e) {
                    // best effort: the worker is shared with the other system tests
                }
            }
        }
        if (producer != null) {
            producer.close();
        }
        if (deadLetters != null) {
            deadLetters.close();
        }
        if (emulators != null) {
            emulators.close();
        }
    }

    static List<BadInputCase> cases() {
        return BadInputCases.all();
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachBadRecordIsDeadLetteredWithItsReasonOrApplied(BadInputCase c) throws Exception {
        assertOutcome(c, caseOffsets.get(c.id()), goodAfter.get(c.id()));
    }

    @Order(2)
    @Test
    void everyGoodRecordInterleavedWithTheBadOnesIsApplied() throws Exception {
        for (Good g : goods) {
            eventually(APPLY_WAIT, "good record " + g, q -> goodApplied(q, g));
        }
    }

    @Order(3)
    @Test
    void onlyTheBadRecordsReachTheDeadLetterTopics() throws InterruptedException {
        Set<String> expected = new TreeSet<>();
        Set<String> allowed = new HashSet<>();
        for (BadInputCase c : BadInputCases.all()) {
            String origin = DeadLetterQueues.origin(c.record().topic(), caseOffsets.get(c.id()));
            if (c.expected() == BadInputCase.Expected.DEAD_LETTER) {
                expected.add(origin);
            }
            if (c.expected() != BadInputCase.Expected.APPLIED) {
                allowed.add(origin);
            }
        }
        Map<String, DeadLetterQueues.DeadLetter> all = deadLetters.allAfter(Duration.ofSeconds(2));
        Set<String> unexpected = new TreeSet<>(all.keySet());
        unexpected.removeAll(allowed);
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(all.keySet());
        assertTrue(unexpected.isEmpty() && missing.isEmpty(), "dead letters not expected: " + unexpected
                + "; expected but missing: " + missing);
    }

    @Order(4)
    @Test
    void everySinkTaskIsStillRunning() throws Exception {
        for (BadInputConnector c : BadInputConnector.values()) {
            assertRunning(c);
        }
    }

    // --- inputs beyond Jackson's stream limits (issue 13 item 2: they used to kill the Dotdigital sink task) ---

    @Order(10)
    @Test
    void dotdigitalSinkDeadLettersJsonNestedBeyondJacksonsDepthLimit() throws Exception {
        runAlone(BadInputCase.deadLetter("DD-60", BadInputConnector.DD_STRING,
                "JSON nested 1,500 levels deep (Jackson's limit is 1,000)", null, utf8(ConnectJson.nested(1500)),
                "MalformedJson"));
    }

    @Order(11)
    @Test
    void dotdigitalSinkDeadLettersNumbersBeyondJacksonsLengthLimit() throws Exception {
        runAlone(BadInputCase.deadLetter("DD-61", BadInputConnector.DD_STRING,
                "number of 1,500 digits (beyond Jackson's 1,000-digit limit)", null,
                utf8(ConnectJson.longNumber("dd61@badinput.example", 1500)), "MalformedJson"));
    }

    @Order(12)
    @Test
    void dotdigitalSinkSurvivesATombstoneKeyNestedBeyondJacksonsDepthLimit() throws Exception {
        runAlone(BadInputCase.deadLetter("DD-62", BadInputConnector.DD_STRING,
                "tombstone whose String key is JSON nested 1,500 levels deep", utf8(ConnectJson.nested(1500)), null,
                "UnknownContact").orSkipped());
    }

    @Order(13)
    @Test
    void dotdigitalSinkSurvivesAListMemberTombstoneKeyNestedBeyondJacksonsDepthLimit() throws Exception {
        runAlone(BadInputCase.deadLetter("DD-63", BadInputConnector.DD_PLAIN,
                "list-member tombstone whose key is JSON nested 1,500 levels deep", utf8(ConnectJson.nested(1500)),
                null, "UnknownContact").onTopic(BadInputConnector.DD_PLAIN_LISTMEMBER));
    }

    // --- machinery --------------------------------------------------------------------------------------------

    /** Produces one case on its own, then a good record, and asserts as the table does. */
    private static void runAlone(BadInputCase c) throws Exception {
        produceCase(c);
        Good g = goodAfter.get(c.id());
        assertOutcome(c, caseOffsets.get(c.id()), g);
        eventually(LONE_RECORD_WAIT, "good record after " + c.id(), q -> goodApplied(q, g));
    }

    private static void assertOutcome(BadInputCase c, long offset, Good next) throws Exception {
        String topic = c.record().topic();
        switch (c.expected()) {
            case DEAD_LETTER -> assertDeadLetter(c, deadLetters.await(topic, offset, DEAD_LETTER_WAIT));
            case APPLIED -> {
                eventually(APPLY_WAIT, "good record after " + c.id(), q -> goodApplied(q, next));
                eventually(APPLY_WAIT, c.toString(), c.check());
                DeadLetterQueues.DeadLetter dl = deadLetters.all().get(DeadLetterQueues.origin(topic, offset));
                assertNull(dl, c + " was applied but also dead-lettered: " + dl);
            }
            case DEAD_LETTER_OR_SKIPPED -> {
                eventually(APPLY_WAIT, "good record after " + c.id(), q -> goodApplied(q, next));
                DeadLetterQueues.DeadLetter dl = deadLetters.await(topic, offset, Duration.ofSeconds(10));
                if (dl != null) {
                    assertDeadLetter(c, dl);
                }
            }
        }
        assertRunning(c.connector());
    }

    private static void assertDeadLetter(BadInputCase c, DeadLetterQueues.DeadLetter dl) {
        assertNotNull(dl, c + ": no dead letter in " + c.connector().dlq() + " within " + DEAD_LETTER_WAIT);
        assertEquals(c.connector().dlq(), dl.dlqTopic(), c + ": dead-lettered by the wrong connector");
        assertFalse(dl.header(DeadLetterQueues.EXCEPTION_MESSAGE).isBlank(),
                c + ": the dead letter has no " + DeadLetterQueues.EXCEPTION_MESSAGE + " header: " + dl.headers());
        assertTrue(dl.reason().toLowerCase(Locale.ROOT).contains(c.reason().toLowerCase(Locale.ROOT)),
                c + ": the reason should mention '" + c.reason() + "' but was:\n" + dl.reason());
        System.out.println("[bad input] " + c.id() + " dead-lettered: " + abbreviate(
                dl.header("dotdigital.failure.code") + " " + dl.header(DeadLetterQueues.EXCEPTION_MESSAGE)));
    }

    private static void produceCase(BadInputCase c) throws Exception {
        for (BadInputCase.Message m : c.setup()) {
            send(m.topic(), m.key(), m.value());
        }
        caseOffsets.put(c.id(), send(c.record().topic(), c.record().key(), c.record().value()));
        goodAfter.put(c.id(), produceGood(c.connector()));
    }

    private static Good produceGood(BadInputConnector c) throws Exception {
        int n = goodCounts.merge(c, 1, Integer::sum);
        Good g = new Good(c, n, send(c.topic, null, goodValue(c, n)));
        goods.add(g);
        return g;
    }

    private static long send(String topic, byte[] key, byte[] value) throws Exception {
        return producer.send(new ProducerRecord<>(topic, key, value)).get().offset();
    }

    private static String goodEmail(BadInputConnector c, int n) {
        return "good-" + c.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + n + "@badinput.example";
    }

    private static long goodCampaign(BadInputConnector c) {
        return 800_000L + c.ordinal();
    }

    private static byte[] goodValue(BadInputConnector c, int n) {
        return switch (c) {
            case DD_SCHEMA -> BadInputCases.ddStruct("emailaddress1", string(), goodEmail(c, n), "firstname",
                    string(), "Good " + n);
            case DD_PLAIN, DD_STRING -> plain(map("emailaddress1", goodEmail(c, n), "firstname", "Good " + n));
            case DY_SCHEMA -> BadInputCases.dyStruct("campaignId", ConnectJson.int64(), goodCampaign(c),
                    "contactId", ConnectJson.int32(), n, "email", string(), goodEmail(c, n));
            case DY_PLAIN, DY_STRING -> plain(map("campaignId", goodCampaign(c), "contactId", n, "email",
                    goodEmail(c, n)));
        };
    }

    private static void goodApplied(EmulatorApis q, Good g) throws Exception {
        String email = goodEmail(g.connector(), g.n());
        if (g.connector().dotdigital()) {
            JsonNode firstName = q.dataField(email, "FIRSTNAME");
            assertTrue(firstName != null && firstName.asText().equals("Good " + g.n()), email + " FIRSTNAME");
            assertTrue(q.addressBookMembers(g.connector().addressBook()).contains(email),
                    email + " in " + g.connector().addressBook());
        } else {
            JsonNode row = BadInputCases.row(q, goodCampaign(g.connector()), g.n());
            assertEquals(email, row.path("esc_email").asText());
        }
    }

    private static void assertRunning(BadInputConnector c) throws Exception {
        JsonNode status = cluster.rest.get("connectors/" + c.connectorName + "/status");
        assertEquals("RUNNING", status.path("connector").path("state").asText(), c.connectorName + ": " + status);
        assertEquals(1, status.path("tasks").size(), c.connectorName + ": " + status);
        for (JsonNode task : status.path("tasks")) {
            assertEquals("RUNNING", task.path("state").asText(), c.connectorName + " task: " + task.path("trace"));
        }
    }

    private static String abbreviate(String text) {
        String t = text.strip().replace('\n', ' ');
        return t.length() <= 300 ? t : t.substring(0, 300) + "...";
    }

    private static void eventually(Duration timeout, String what, BadInputCase.Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        AssertionError last;
        do {
            try {
                check.verify(queries);
                return;
            } catch (AssertionError e) {
                last = e;
            }
            Thread.sleep(300);
        } while (System.nanoTime() < deadline);
        fail(what + " did not hold within " + timeout + ": " + last.getMessage(), last);
    }
}
