package io.dynamicsdotdigital.systemtests;

import static io.dynamicsdotdigital.systemtests.WorkerChecks.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
 * The unsubscribe loop of issue 16 on the packaged plugins, all four connectors on one worker: the Dynamics source
 * feeds the Dotdigital sink (contacts, leads, a static marketing list and its members), the Dotdigital source feeds
 * the two write-back presets ({@code unsubscribe-donotbulkemail.json}, {@code marketing-list-removal.json}).
 * A contact unsubscribes in Dotdigital: {@code donotbulkemail} becomes true on it and on the lead with its email
 * within one poll cycle; another contact unsubscribes from the list's address book: it leaves the marketing list.
 * Then the change goes round (the Dynamics source emits the changed contact, the Dotdigital sink receives it) and the
 * contact stays Unsubscribed in Dotdigital while the write-back writes nothing more: no ping-pong.
 */
@ExtendWith({PackagedPluginsWorker.class, UnsubscribeLoopTest.SharedCluster.class})
class UnsubscribeLoopTest {
    /** The worker shared with the other system tests (one per run), as BadInputTest gets it. */
    static final class SharedCluster implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            cluster = PackagedPluginsWorker.shared(context);
        }
    }

    private static final String PREFIX = "unsub-loop";
    private static final String DYNAMICS_SOURCE = PREFIX + "-dynamics-source";
    private static final String DOTDIGITAL_SINK = PREFIX + "-dotdigital-sink";
    private static final String DOTDIGITAL_SOURCE = PREFIX + "-dotdigital-source";
    private static final String DONOTBULKEMAIL_WRITEBACK = PREFIX + "-writeback-donotbulkemail";
    private static final String LIST_REMOVAL_WRITEBACK = PREFIX + "-writeback-list-removal";
    private static final String DYNAMICS_TOPICS = PREFIX + ".dynamics";
    private static final String DOTDIGITAL_TOPICS = PREFIX + ".dotdigital";
    private static final List<String> DYNAMICS_TABLES = List.of("contact", "lead", "list", "listmember");
    private static final List<String> DOTDIGITAL_STREAMS =
            List.of("unsubscribes", "suppressions", "address-book-unsubscribes");
    private static final String LIST_NAME = "Unsubscribe loop list";
    private static final String CONTACTS_BOOK = "Unsubscribe loop contacts";
    private static final String UNSUBSCRIBER = "unsubscriber@loop.example";
    private static final String LIST_LEAVER = "list-leaver@loop.example";

    /** Both sources poll this often; "one poll cycle" below is measured against it. */
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(2);
    /**
     * One poll cycle of the Dotdigital source, plus what a cycle takes beyond its pause: reading the streams,
     * committing the transaction, the write-back's consumer fetch and its {@code $batch}.
     */
    private static final Duration ONE_POLL_CYCLE = POLL_INTERVAL.plusSeconds(13);
    private static final Duration SETUP_WAIT = Duration.ofSeconds(60);
    /** How long the loop must stay quiet once it has gone round: several cycles of both sources. */
    private static final Duration QUIET_WINDOW = POLL_INTERVAL.multipliedBy(6);
    private static final Pattern DONOTBULKEMAIL_TRUE = Pattern.compile("donotbulkemail\"?\\s*[:=]\\s*true");

    @TempDir
    static Path work;
    static PackagedPluginsWorker.Cluster cluster;
    static EmulatorsProcess emulators;
    static EmulatorApis apis;
    static Map<String, String> values;
    static final List<String> connectors = new ArrayList<>();
    /** {@code list.addressbook.mapping} of the list-removal preset, set once the list's address book exists. */
    static String listMapping = "";

    @BeforeAll
    static void startEmulatorsAndConnectors() throws Exception {
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
        for (String stream : DOTDIGITAL_STREAMS) {
            kafka.createTopic(DOTDIGITAL_TOPICS + "." + stream, 1);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        WorkerChecks.deleteAll(cluster, connectors);
        if (emulators != null) {
            emulators.close();
        }
    }

    @Test
    void aDotdigitalUnsubscribeReachesDynamicsAndTheLoopEnds() throws Exception {
        // A contact and a lead with one email, a second contact, and a static marketing list with both contacts.
        String unsubscriber = apis.createRow("contacts", Map.of("firstname", "Una", "lastname", "Subscriber",
                "emailaddress1", UNSUBSCRIBER, "donotbulkemail", false));
        String lead = apis.createRow("leads", Map.of("firstname", "Una", "lastname", "Lead",
                "subject", "Unsubscribe loop", "emailaddress1", UNSUBSCRIBER, "donotbulkemail", false));
        String leaver = apis.createRow("contacts", Map.of("firstname", "Lee", "lastname", "Leaver",
                "emailaddress1", LIST_LEAVER, "donotbulkemail", false));
        String list = apis.createRow("lists", Map.of("listname", LIST_NAME, "createdfromcode", 2, "type", false));
        // listmembers is read-only, in Dataverse as in the emulator: members join by the list's association.
        for (String contact : List.of(unsubscriber, leaver)) {
            associateListMember(list, contact);
        }
        assertEquals(2, listMembers(list).size(), "the list's members as created");

        configure(dynamicsSource());
        configure(dotdigitalSink());
        long bookId = eventually(SETUP_WAIT, "the Dotdigital sink puts both list members in the address book '"
                + LIST_NAME + "'", () -> {
                    Optional<Long> id = apis.addressBookId(LIST_NAME);
                    return id.isPresent() && apis.addressBookMembers(id.get()).containsAll(
                            List.of(UNSUBSCRIBER, LIST_LEAVER)) ? id : Optional.<Long>empty();
                });
        assertEquals(Optional.of("Subscribed"), apis.dotdigitalStatus(UNSUBSCRIBER), "imported as subscribed");
        listMapping = list + ":" + bookId;
        configure(dotdigitalSource());
        configure(writeBack("unsubscribe-donotbulkemail.json", DONOTBULKEMAIL_WRITEBACK, "unsubscribes",
                "suppressions"));
        configure(writeBack("marketing-list-removal.json", LIST_REMOVAL_WRITEBACK, "address-book-unsubscribes"));

        long unsubscribedAt = System.nanoTime();
        apis.unsubscribe(UNSUBSCRIBER);
        apis.unsubscribeFromAddressBook(bookId, LIST_LEAVER);

        eventually(ONE_POLL_CYCLE, "donotbulkemail=true on the contact and the lead with " + UNSUBSCRIBER
                + " within one poll cycle of the Dotdigital source", () ->
                stillUnsubscribed() && donotbulkemail("contacts", unsubscriber) && donotbulkemail("leads", lead)
                        ? Optional.of(true) : Optional.<Boolean>empty());
        System.out.printf("[unsubscribe loop] donotbulkemail set on contact and lead %d ms after the unsubscribe%n",
                (System.nanoTime() - unsubscribedAt) / 1_000_000);
        eventually(ONE_POLL_CYCLE, LIST_LEAVER + " removed from the marketing list for the address-book unsubscribe",
                () -> listMembers(list).equals(List.of(unsubscriber)) ? Optional.of(true) : Optional.<Boolean>empty());
        assertEquals(false, apis.dataverseRow("contacts", leaver, "donotbulkemail").orElseThrow()
                .path("donotbulkemail").asBoolean(), "an address-book unsubscribe is not an account-wide one");

        // Gone round: the Dynamics source emitted the changed contact, and the Dotdigital sink received every record
        // of its topics (that one included) and has none pending.
        eventually(SETUP_WAIT, "the Dynamics source emits " + UNSUBSCRIBER + " with donotbulkemail=true", () ->
                stillUnsubscribed() && topicRecords(DYNAMICS_TOPICS + ".contact").stream().anyMatch(v -> v != null
                        && v.contains(UNSUBSCRIBER) && DONOTBULKEMAIL_TRUE.matcher(v).find())
                        ? Optional.of(true) : Optional.<Boolean>empty());
        eventually(SETUP_WAIT, "the Dotdigital sink receives and applies every record of its topics", () -> {
            stillUnsubscribed();
            long inTopics = 0;
            for (String table : DYNAMICS_TABLES) {
                inTopics += topicRecords(DYNAMICS_TOPICS + "." + table).size();
            }
            return metric(DOTDIGITAL_SINK, "records-received-total") >= inTopics
                    && metric(DOTDIGITAL_SINK, "records-pending") == 0 ? Optional.of(true) : Optional.<Boolean>empty();
        });

        // No ping-pong: over several cycles of both sources nothing changes any more.
        String contactModified = modifiedOn("contacts", unsubscriber);
        String leadModified = modifiedOn("leads", lead);
        long written = metric(DONOTBULKEMAIL_WRITEBACK, "rows-written-total");
        assertEquals(2, written, "the write-back set the flag once on the contact and once on the lead");
        long quietUntil = System.nanoTime() + QUIET_WINDOW.toNanos();
        while (System.nanoTime() < quietUntil) {
            stillUnsubscribed();
            assertEquals(contactModified, modifiedOn("contacts", unsubscriber), "the contact was written again");
            assertEquals(leadModified, modifiedOn("leads", lead), "the lead was written again");
            assertEquals(written, metric(DONOTBULKEMAIL_WRITEBACK, "rows-written-total"),
                    "the write-back wrote rows again: the loop ping-pongs");
            Thread.sleep(1000);
        }
        System.out.printf("[unsubscribe loop] quiet for %d s; write-back rows unchanged (already true): %d%n",
                QUIET_WINDOW.toSeconds(), metric(DONOTBULKEMAIL_WRITEBACK, "rows-unchanged-total"));
        for (String name : connectors) {
            cluster.connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 1,
                    name + " is not running");
        }
    }

    // --- connectors, from the config examples with this test's own names and topics ----------------------------

    private static Map<String, String> dynamicsSource() throws Exception {
        Map<String, String> c = example("quickstart/dynamics-source-connector.json");
        c.put("name", DYNAMICS_SOURCE);
        c.put("tasks.max", "1");
        c.put("tables", String.join(",", DYNAMICS_TABLES));
        c.put("topic.prefix", DYNAMICS_TOPICS);
        c.put("poll.interval.ms", Long.toString(POLL_INTERVAL.toMillis()));
        return c;
    }

    private static Map<String, String> dotdigitalSink() throws Exception {
        Map<String, String> c = example("quickstart/dotdigital-sink-connector.json");
        c.put("name", DOTDIGITAL_SINK);
        c.put("topics", DYNAMICS_TABLES.stream().map(t -> DYNAMICS_TOPICS + "." + t)
                .collect(Collectors.joining(",")));
        c.put("listmember.topic", DYNAMICS_TOPICS + ".listmember");
        c.put("list.topic", DYNAMICS_TOPICS + ".list");
        c.put("addressbook.name", CONTACTS_BOOK);
        c.put("import.flush.interval.ms", "500");
        c.put("errors.deadletterqueue.topic.name", DOTDIGITAL_SINK + "-dlq");
        return c;
    }

    private static Map<String, String> dotdigitalSource() throws Exception {
        Map<String, String> c = example("quickstart/dotdigital-source-connector.json");
        c.put("name", DOTDIGITAL_SOURCE);
        c.put("tasks.max", "1");
        c.put("streams", String.join(",", DOTDIGITAL_STREAMS));
        c.put("topic.prefix", DOTDIGITAL_TOPICS);
        c.put("poll.interval.ms", Long.toString(POLL_INTERVAL.toMillis()));
        return c;
    }

    private static Map<String, String> writeBack(String preset, String name, String... streams) throws Exception {
        Map<String, String> c = example("writeback/" + preset);
        c.put("name", name);
        c.put("topics", Arrays.stream(streams).map(s -> DOTDIGITAL_TOPICS + "." + s)
                .collect(Collectors.joining(",")));
        c.put("errors.deadletterqueue.topic.name", name + "-dlq");
        return c;
    }

    private static Map<String, String> example(String file) throws Exception {
        Map<String, String> v = new LinkedHashMap<>(values);
        v.putIfAbsent("LIST_ADDRESSBOOK_MAPPING", listMapping);
        return new LinkedHashMap<>(ConfigExample.read(ProjectLayout.configExamples().resolve(file), v).config);
    }

    private static void configure(Map<String, String> config) throws InterruptedException {
        WorkerChecks.start(cluster, connectors, config);
    }

    // --- reads ---------------------------------------------------------------------------------------------------

    /** Checked at every step after the unsubscribe: the loop must never make the contact subscribed again. */
    private static boolean stillUnsubscribed() throws Exception {
        assertEquals(Optional.of("Unsubscribed"), apis.dotdigitalStatus(UNSUBSCRIBER),
                UNSUBSCRIBER + " must stay unsubscribed in Dotdigital while the change goes round");
        return true;
    }

    private static boolean donotbulkemail(String entitySet, String id) throws Exception {
        return apis.dataverseRow(entitySet, id, "donotbulkemail").orElseThrow().path("donotbulkemail").asBoolean();
    }

    private static String modifiedOn(String entitySet, String id) throws Exception {
        return apis.dataverseRow(entitySet, id, "modifiedon").orElseThrow().path("modifiedon").asText();
    }

    /**
     * {@code POST lists(id)/listcontact_association/$ref}, the Web API's way to add a contact to a static marketing
     * list (a 204 without a body, so not {@link EmulatorApis#createRow}).
     */
    private static void associateListMember(String list, String contact) throws Exception {
        Map<String, String> info = emulators.info();
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(Path.of(info.get("TRUSTSTORE_PATH")))) {
            store.load(in, info.get("TRUSTSTORE_PASSWORD").toCharArray());
        }
        javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().sslContext(tls)
                .connectTimeout(Duration.ofSeconds(10)).build();
        java.util.function.Function<String, String> enc = v -> java.net.URLEncoder.encode(v,
                java.nio.charset.StandardCharsets.UTF_8);
        String form = "grant_type=client_credentials&client_id=" + enc.apply(info.get("DATAVERSE_CLIENT_ID"))
                + "&client_secret=" + enc.apply(info.get("DATAVERSE_CLIENT_SECRET"))
                + "&scope=" + enc.apply(info.get("DATAVERSE_URL") + "/.default");
        java.net.http.HttpResponse<String> token = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(info.get("DATAVERSE_AUTHORITY") + "oauth2/v2.0/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        String accessToken = ConnectRest.JSON.readTree(token.body()).path("access_token").asText();
        String api = info.get("DATAVERSE_WEB_API_URL");
        java.net.http.HttpResponse<String> answer = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(api + "lists(" + list + ")/listcontact_association/$ref"))
                .header("Authorization", "Bearer " + accessToken).header("Content-Type", "application/json")
                .header("OData-Version", "4.0").timeout(Duration.ofSeconds(60))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(ConnectRest.JSON.writeValueAsString(
                        Map.of("@odata.id", api + "contacts(" + contact + ")")))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(204, answer.statusCode(), () -> "adding contact " + contact + " to list " + list + ": "
                + answer.body());
    }

    /** Ids of the list's member records, as its listmember rows name them. */
    private static List<String> listMembers(String listId) throws Exception {
        List<String> members = new ArrayList<>();
        for (JsonNode m : apis.dataverseRows("listmembers", "_listid_value,_entityid_value")) {
            if (listId.equals(m.path("_listid_value").asText())) {
                members.add(m.path("_entityid_value").asText());
            }
        }
        return members;
    }

    /** Every committed record value of a one-partition topic, as text (null for a tombstone). */
    private static List<String> topicRecords(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.connect.kafka().bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }

    private static <T> T eventually(Duration timeout, String what, WorkerChecks.Probe<T> probe) throws Exception {
        return WorkerChecks.eventually(timeout, what, probe, () -> "");
    }
}
