package io.dynamicsdotdigital.dynamics.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamicsdotdigital.emulator.dataverse.DataverseSeed;
import io.dynamicsdotdigital.emulator.dataverse.EmulatedTable;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalSeed;
import io.dynamicsdotdigital.testsupport.ConnectClusters;
import io.dynamicsdotdigital.testsupport.DataverseEmulatorFixture;
import io.dynamicsdotdigital.testsupport.DotdigitalEmulatorFixture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A dynamic marketing list of 20,000 contacts mirrored as list-member records by the packaged connector in a real
 * worker (exactly-once on) against the emulator's FetchXML: the members arrive exactly once, contacts that stop
 * matching are tombstoned and new matches join, an edited query moves the membership, and a restart neither re-adds
 * the members nor loses a removal.
 */
class DynamicListsClusterIT {
    static final long WAIT_MS = 120_000;
    static final ObjectMapper JSON = new ObjectMapper();
    static final int MEMBERS = 20_000;
    static final int OTHERS = 2_000;
    static final String TOPIC = "dl.listmember";
    static DataverseEmulatorFixture fixture;
    static EmbeddedConnectCluster connect;

    @BeforeAll
    static void start() {
        fixture = new DataverseEmulatorFixture(DataverseSeed.empty());
        Map<String, String> worker = new HashMap<>();
        worker.put("exactly.once.source.support", "enabled");
        worker.put("offset.flush.interval.ms", "1000");
        worker.put("task.shutdown.graceful.timeout.ms", "2000");
        worker.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("key.converter.schemas.enable", "false");
        worker.put("value.converter.schemas.enable", "false");
        connect = ConnectClusters.start("dynamic-lists-it", 1, worker);
    }

    @AfterAll
    static void stop() {
        if (connect != null) {
            connect.stop();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    static String cityQuery(String city) {
        return "<fetch version=\"1.0\" mapping=\"logical\"><entity name=\"contact\"><attribute name=\"contactid\"/>"
                + "<attribute name=\"fullname\"/><order attribute=\"fullname\"/><filter type=\"and\">"
                + "<condition attribute=\"address1_city\" operator=\"eq\" value=\"" + city + "\"/>"
                + "<condition attribute=\"statecode\" operator=\"eq\" value=\"0\"/></filter></entity></fetch>";
    }

    @Test
    void dynamicListMembershipFollowsItsQueryThroughEditsAndARestart() throws Exception {
        EmulatedTable contacts = fixture.emulator.table("contact");
        List<String> leeds = new ArrayList<>();
        List<String> york = new ArrayList<>();
        for (int i = 0; i < MEMBERS + OTHERS; i++) {
            String city = i < MEMBERS ? "Leeds" : "York";
            String id = contacts.create(Map.of("fullname", "Contact " + i, "address1_city", city, "statecode", 0,
                    "emailaddress1", "c" + i + "@example.com"));
            (i < MEMBERS ? leeds : york).add(id);
        }
        String listId = fixture.emulator.table("list").create(Map.of("listname", "Leeds", "type", true,
                "createdfromcode", 2, "query", cityQuery("Leeds")));

        Map<String, String> p = EmulatorSourceProps.of(fixture, "lists");
        p.put("tables", "list,listmember");
        p.put("topic.prefix", "dl");
        p.put("tasks.max", "1");
        p.put("exactly.once.support", "required");
        p.put("transaction.boundary", "poll");
        p.put("dynamic.lists.interval.ms", "2000");
        p.put("topic.creation.default.replication.factor", "1");
        p.put("topic.creation.default.partitions", "1");
        long callsBefore = fixture.emulator.requests().count("GET /api/data/v9.2/contacts");
        connect.configureConnector("lists", p);

        // 1. Every member exactly once, with the static members' key and value shape.
        List<ConsumerRecord<byte[], byte[]>> first = awaitMembership(listId, new HashSet<>(leeds));
        assertEquals(MEMBERS, first.size(), "each member once, nothing else");
        JsonNode key = JSON.readTree(first.get(0).key());
        JsonNode value = JSON.readTree(first.get(0).value());
        assertEquals(listId, key.path("_listid_value").asText());
        assertTrue(leeds.contains(key.path("_entityid_value").asText()));
        assertEquals(listId, value.path("_listid_value").asText());
        assertEquals("contact", value.path("entitytype").asText());
        assertEquals("listmember", header(first.get(0), RecordHeaders.TABLE));
        long firstEvaluationCalls = fixture.emulator.requests().count("GET /api/data/v9.2/contacts") - callsBefore;
        assertTrue(firstEvaluationCalls >= Math.ceil(MEMBERS / 5000.0), "5000 members a call: " + firstEvaluationCalls);

        // 2. Contacts that stop matching leave, new matches join.
        Set<String> expected = new HashSet<>(leeds);
        for (int i = 0; i < 50; i++) {
            contacts.update(leeds.get(i), Map.of("address1_city", "Bradford"));
            expected.remove(leeds.get(i));
            contacts.update(york.get(i), Map.of("address1_city", "Leeds"));
            expected.add(york.get(i));
        }
        List<ConsumerRecord<byte[], byte[]>> second = awaitMembership(listId, expected);
        assertEquals(MEMBERS + 100, second.size(), "50 tombstones and 50 joins, no re-adds");

        // 3. The query is edited: the membership follows (the list row change, or the next interval, re-evaluates it).
        fixture.emulator.table("list").update(listId, Map.of("query", cityQuery("York")));
        Set<String> inYork = new HashSet<>(york.subList(50, york.size()));
        awaitMembership(listId, inYork);

        // 4. Restart: removals made while the connector is stopped still leave; nobody is added twice.
        int before = readAll().size();
        connect.stopConnector("lists");
        for (int i = 50; i < 150; i++) {
            contacts.update(york.get(i), Map.of("statecode", 1));
            inYork.remove(york.get(i));
        }
        connect.resumeConnector("lists");
        List<ConsumerRecord<byte[], byte[]>> after = awaitMembership(listId, inYork);
        assertEquals(before + 100, after.size(), "only the 100 removals after the restart");
        connect.deleteConnector("lists");
    }

    /**
     * Marketing lists target contacts, leads or accounts ({@code createdfromcode} 2, 4, 1): a static and a dynamic
     * list of each kind, mirrored by this source and the Dotdigital sink on the same worker, fill six address books
     * with exactly their members' emails; accounts become Dotdigital contacts through {@code emailaddress1} with
     * their own data-field mapping ({@code topic.<accounts topic>.mapping}). Its own Dataverse emulator, so the
     * 22,000 contacts of the test above stay out of it. A seventh, dynamic list's query joins accounts
     * (link-entity), which the source passes through unchanged.
     */
    @Test
    void staticAndDynamicListsOfContactsLeadsAndAccountsFillTheirAddressBooks() throws Exception {
        try (DataverseEmulatorFixture crm = new DataverseEmulatorFixture(DataverseSeed.empty());
             DotdigitalEmulatorFixture dotdigital = new DotdigitalEmulatorFixture(DotdigitalSeed.empty())) {
            Map<String, Set<String>> expected = new HashMap<>();
            Map<String, List<String>> ids = new HashMap<>();
            Map<String, List<String>> emails = new HashMap<>();
            for (String entity : List.of("contact", "lead", "account")) {
                EmulatedTable table = crm.emulator.table(entity);
                for (int i = 0; i < 4; i++) {
                    String email = entity + i + "@kinds.example.com";
                    Map<String, Object> row = new HashMap<>(Map.of("emailaddress1", email));
                    switch (entity) {
                        case "contact" -> row.put("address1_city", i < 2 ? "Bath" : "Derby");
                        case "lead" -> row.put("companyname", i < 2 ? "Acme" : "Other");
                        default -> {
                            row.put("address1_city", i < 2 ? "Bath" : "Derby");
                            row.put("name", "Company " + i);
                        }
                    }
                    ids.computeIfAbsent(entity, e -> new ArrayList<>()).add(table.create(row));
                    emails.computeIfAbsent(entity, e -> new ArrayList<>()).add(email);
                }
                int code = entity.equals("contact") ? 2 : entity.equals("lead") ? 4 : 1;
                String staticList = crm.emulator.table("list").create(Map.of("listname", "Static " + entity + "s",
                        "type", false, "createdfromcode", code));
                crm.emulator.addListMember(staticList, entity, ids.get(entity).get(1));
                crm.emulator.addListMember(staticList, entity, ids.get(entity).get(3));
                expected.put("Static " + entity + "s", Set.of(emails.get(entity).get(1), emails.get(entity).get(3)));
                String condition = entity.equals("lead")
                        ? "<condition attribute=\"companyname\" operator=\"eq\" value=\"Acme\"/>"
                        : "<condition attribute=\"address1_city\" operator=\"eq\" value=\"Bath\"/>";
                crm.emulator.table("list").create(Map.of("listname", "Dynamic " + entity + "s", "type", true,
                        "createdfromcode", code, "query", "<fetch><entity name=\"" + entity + "\"><attribute name=\""
                                + entity + "id\"/><filter>" + condition + "</filter></entity></fetch>"));
                expected.put("Dynamic " + entity + "s", Set.of(emails.get(entity).get(0), emails.get(entity).get(1)));
            }

            // A dynamic list whose query joins (link-entity, passed through as it is): contacts of accounts in Bath.
            EmulatedTable contactTable = crm.emulator.table("contact");
            contactTable.update(ids.get("contact").get(2), Map.of("parentcustomerid", ids.get("account").get(0)));
            contactTable.update(ids.get("contact").get(3), Map.of("parentcustomerid", ids.get("account").get(3)));
            crm.emulator.table("list").create(Map.of("listname", "Contacts of Bath accounts", "type", true,
                    "createdfromcode", 2, "query", "<fetch><entity name=\"contact\"><attribute name=\"contactid\"/>"
                            + "<link-entity name=\"account\" from=\"accountid\" to=\"parentcustomerid\""
                            + " link-type=\"inner\" alias=\"employer\"><filter><condition attribute=\"address1_city\""
                            + " operator=\"eq\" value=\"Bath\"/></filter></link-entity></entity></fetch>"));
            expected.put("Contacts of Bath accounts", Set.of(emails.get("contact").get(2)));

            Map<String, String> source = EmulatorSourceProps.of(crm, "kinds");
            source.put("tables", "contact,lead,account,list,listmember");
            source.put("topic.prefix", "kinds");
            source.put("tasks.max", "1");
            source.put("dynamic.lists.interval.ms", "2000");
            source.put("topic.creation.default.replication.factor", "1");
            source.put("topic.creation.default.partitions", "1");
            connect.configureConnector("kinds", source);
            Map<String, String> sink = new HashMap<>(dotdigital.connectionProps());
            sink.put("connector.class", "io.dynamicsdotdigital.dotdigital.sink.DotdigitalSinkConnector");
            sink.put("tasks.max", "1");
            sink.put("topics", "kinds.contact,kinds.lead,kinds.account,kinds.list,kinds.listmember");
            sink.put("listmember.topic", "kinds.listmember");
            sink.put("list.topic", "kinds.list");
            sink.put("topic.kinds.account.mapping", "name:COMPANY:String");
            sink.put("datafields.auto.create", "true");
            sink.put("import.flush.interval.ms", "200");
            sink.put("import.poll.interval.ms", "100");
            connect.configureConnector("kinds-sink", sink);

            long deadline = System.currentTimeMillis() + WAIT_MS;
            Map<String, Set<String>> books = books(dotdigital, expected.keySet());
            while (!books.equals(expected) && System.currentTimeMillis() < deadline) {
                Thread.sleep(250);
                books = books(dotdigital, expected.keySet());
            }
            assertEquals(expected, books, "each list's address book holds exactly its members' emails");
            assertEquals("Company 0", dotdigital.emulator.state().contactByEmail(emails.get("account").get(0))
                    .orElseThrow().dataField("COMPANY"), "accounts carry their own data-field mapping");
            connect.deleteConnector("kinds-sink");
            connect.deleteConnector("kinds");
        }
    }

    /**
     * Without the key state a dynamic list keeps to the offset limit (made 5 here with the internal setting): a list of
     * 8 is not mirrored while a list of 3 is. With the key state the same list of 8 is mirrored whole, and after a
     * restart (membership read back from the key-state topic, the offsets hold only counts) two contacts that stopped
     * matching meanwhile leave, with no member added twice.
     */
    @Test
    void aListAboveTheOffsetLimitIsMirroredOnlyWithTheKeyState() throws Exception {
        try (DataverseEmulatorFixture crm = new DataverseEmulatorFixture(DataverseSeed.empty())) {
            EmulatedTable contacts = crm.emulator.table("contact");
            List<String> big = new ArrayList<>();
            Set<String> small = new HashSet<>();
            for (int i = 0; i < 8; i++) {
                big.add(contacts.create(Map.of("fullname", "Big " + i, "jobtitle", "Big")));
            }
            for (int i = 0; i < 3; i++) {
                small.add(contacts.create(Map.of("fullname", "Small " + i, "jobtitle", "Small")));
            }
            String bigList = crm.emulator.table("list").create(Map.of("listname", "Big", "type", true,
                    "createdfromcode", 2, "query", jobQuery("Big")));
            String smallList = crm.emulator.table("list").create(Map.of("listname", "Small", "type", true,
                    "createdfromcode", 2, "query", jobQuery("Small")));

            connect.configureConnector("capo", capConnector(crm, "capo", false));
            awaitMembers("capo.listmember", smallList, small);
            Thread.sleep(1500);
            assertEquals(Set.of(), members(readAll("capo.listmember"), bigList), "above the offset limit: not mirrored");
            connect.deleteConnector("capo");

            connect.configureConnector("capk", capConnector(crm, "capk", true));
            awaitMembers("capk.listmember", bigList, new HashSet<>(big));
            awaitMembers("capk.listmember", smallList, small);
            Thread.sleep(1500);
            int before = readAll("capk.listmember").size();
            assertEquals(11, before, "each member once");
            connect.stopConnector("capk");
            connect.assertions().assertConnectorIsStopped("capk", "connector did not stop");
            contacts.update(big.get(0), Map.of("jobtitle", "Former"));
            contacts.update(big.get(1), Map.of("jobtitle", "Former"));
            connect.resumeConnector("capk");
            Set<String> left = new HashSet<>(big.subList(2, big.size()));
            awaitMembers("capk.listmember", bigList, left);
            Thread.sleep(1500);
            assertEquals(before + 2, readAll("capk.listmember").size(), "only the two removals after the restart");
            connect.deleteConnector("capk");
        }
    }

    /** Above the real offset limit of 30,000: 35,000 members, kept in the key-state topic. Minutes, so a benchmark. */
    @Test
    @Tag("benchmark")
    void aListOf35000MembersIsMirroredWithTheKeyState() throws Exception {
        try (DataverseEmulatorFixture crm = new DataverseEmulatorFixture(DataverseSeed.empty())) {
            EmulatedTable contacts = crm.emulator.table("contact");
            Set<String> members = new HashSet<>();
            for (int i = 0; i < 35_000; i++) {
                members.add(contacts.create(Map.of("fullname", "Huge " + i, "jobtitle", "Huge")));
            }
            String list = crm.emulator.table("list").create(Map.of("listname", "Huge", "type", true,
                    "createdfromcode", 2, "query", jobQuery("Huge")));
            Map<String, String> p = capConnector(crm, "huge", true);
            p.remove("internal.dynamic.lists.offset.max.members");
            long started = System.nanoTime();
            connect.configureConnector("huge", p);
            awaitMembers("huge.listmember", list, members);
            System.out.printf("35,000-member dynamic list mirrored in %d ms%n", (System.nanoTime() - started) / 1_000_000);
            connect.deleteConnector("huge");
        }
    }

    static String jobQuery(String job) {
        return "<fetch><entity name=\"contact\"><attribute name=\"contactid\"/><filter><condition"
                + " attribute=\"jobtitle\" operator=\"eq\" value=\"" + job + "\"/></filter></entity></fetch>";
    }

    static Map<String, String> capConnector(DataverseEmulatorFixture crm, String name, boolean keyState) {
        Map<String, String> p = EmulatorSourceProps.of(crm, name);
        p.put("tables", "listmember");
        p.put("topic.prefix", name);
        p.put("tasks.max", "1");
        p.put("exactly.once.support", "required");
        p.put("transaction.boundary", "poll");
        p.put("dynamic.lists.interval.ms", "1000");
        p.put("internal.dynamic.lists.offset.max.members", "5");
        p.put("topic.creation.default.replication.factor", "1");
        p.put("topic.creation.default.partitions", "1");
        if (keyState) {
            p.put(DynamicsSourceConfig.KEY_STATE_BOOTSTRAP_SERVERS, connect.kafka().bootstrapServers());
        }
        return p;
    }

    static void awaitMembers(String topic, String listId, Set<String> expected) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        Set<String> now = Set.of();
        while (System.currentTimeMillis() < deadline) {
            now = members(readAll(topic), listId);
            if (now.equals(expected)) {
                return;
            }
            Thread.sleep(300);
        }
        throw new AssertionError(topic + ": list " + listId + " has " + now.size() + " members, expected "
                + expected.size());
    }

    /** The list's members after folding its upserts and tombstones. */
    static Set<String> members(List<ConsumerRecord<byte[], byte[]>> records, String listId) throws Exception {
        Map<String, Boolean> state = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode key = JSON.readTree(r.key());
            if (listId.equals(key.path("_listid_value").asText())) {
                state.put(key.path("_entityid_value").asText(), r.value() != null);
            }
        }
        Set<String> present = new HashSet<>();
        state.forEach((id, in) -> {
            if (in) {
                present.add(id);
            }
        });
        return present;
    }

    private static Map<String, Set<String>> books(DotdigitalEmulatorFixture dotdigital, Set<String> names) {
        Map<String, Set<String>> out = new HashMap<>();
        for (String name : names) {
            dotdigital.emulator.state().addressBookByName(name).ifPresent(b -> {
                Set<String> members = new HashSet<>();
                dotdigital.emulator.state().addressBookMembers(b.id())
                        .forEach(e -> members.add(e.toLowerCase(java.util.Locale.ROOT)));
                out.put(name, members);
            });
        }
        return out;
    }

    /** Waits until folding the topic's records (upserts add, tombstones remove) gives exactly these members. */
    static List<ConsumerRecord<byte[], byte[]>> awaitMembership(String listId, Set<String> members) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        Supplier<String> last = () -> "";
        while (System.currentTimeMillis() < deadline) {
            List<ConsumerRecord<byte[], byte[]>> all = readAll();
            Map<String, Boolean> state = new LinkedHashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : all) {
                JsonNode key = JSON.readTree(r.key());
                assertEquals(listId, key.path("_listid_value").asText());
                state.put(key.path("_entityid_value").asText(), r.value() != null);
            }
            Set<String> present = new HashSet<>();
            state.forEach((id, in) -> {
                if (in) {
                    present.add(id);
                }
            });
            if (present.equals(members)) {
                return all;
            }
            int size = present.size();
            last = () -> size + " present of " + members.size() + " expected";
            Thread.sleep(500);
        }
        throw new AssertionError("membership never matched: " + last.get());
    }

    static List<ConsumerRecord<byte[], byte[]>> readAll() {
        return readAll(TOPIC);
    }

    static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = connect.kafka().createConsumer(props)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long deadline = System.currentTimeMillis() + 30_000;
            while (consumer.position(tp) < end && System.currentTimeMillis() < deadline) {
                consumer.poll(java.time.Duration.ofMillis(500)).records(tp).forEach(out::add);
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            return List.of();
        }
        return out;
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
