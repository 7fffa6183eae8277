package io.dynamicsdotdigital.dynamics.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamicsdotdigital.dotdigital.sink.DotdigitalSinkConnector;
import io.dynamicsdotdigital.emulator.dataverse.DataverseSeed;
import io.dynamicsdotdigital.emulator.dataverse.EmulatedTable;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalSeed;
import io.dynamicsdotdigital.testsupport.ConnectClusters;
import io.dynamicsdotdigital.testsupport.DataverseEmulatorFixture;
import io.dynamicsdotdigital.testsupport.DotdigitalEmulatorFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: rows and list members deleted while the connector is stopped become tombstones when it starts again,
 * exactly the deleted keys and nothing else, also when the delta token expired meanwhile (the table is read again)
 * and for watermark tables (whose deletes only key scans find). A real worker with exactly-once support, the
 * key-state topic on the worker's own Kafka.
 */
class DeletesWhileStoppedClusterIT {
    static final long WAIT_MS = 60_000;
    static final ObjectMapper JSON = new ObjectMapper();
    static DataverseEmulatorFixture fixture;
    static EmbeddedConnectCluster connect;

    @BeforeAll
    static void start() {
        fixture = new DataverseEmulatorFixture(DataverseSeed.defaults().contacts(300).leads(10).accounts(10)
                .marketingLists(2).campaigns(40).randomSeed(14));
        Map<String, String> worker = new HashMap<>();
        worker.put("exactly.once.source.support", "enabled");
        worker.put("offset.flush.interval.ms", "500");
        worker.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("key.converter.schemas.enable", "false");
        worker.put("value.converter.schemas.enable", "false");
        connect = ConnectClusters.start("dynamics-source-deletes-it", 1, worker);
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

    private static Map<String, String> connector(String name, String tables, String prefix) {
        Map<String, String> p = EmulatorSourceProps.of(fixture, name);
        p.put("tables", tables);
        p.put("topic.prefix", prefix);
        p.put("tasks.max", "1");
        p.put("page.size", "100");
        p.put("exactly.once.support", "required");
        p.put("transaction.boundary", "poll");
        p.put("topic.creation.default.replication.factor", "1");
        p.put("topic.creation.default.partitions", "1");
        p.put(DynamicsSourceConfig.KEY_STATE_BOOTSTRAP_SERVERS, connect.kafka().bootstrapServers());
        return p;
    }

    @Test
    void rowsAndListMembersDeletedWhileStoppedAndTheTokenExpiredBecomeExactlyTheirTombstones() throws Exception {
        EmulatedTable contacts = fixture.emulator.table("contact");
        EmulatedTable members = fixture.emulator.table("listmember");
        int contactCount = contacts.count();
        int memberCount = members.count();
        connect.configureConnector("ct", connector("ct", "contact,listmember", "ct"));
        awaitRecords("ct.contact", contactCount);
        awaitRecords("ct.listmember", memberCount);
        awaitDeltaPhase("ct", "contact");
        awaitDeltaPhase("ct", "listmember");

        connect.stopConnector("ct");
        connect.assertions().assertConnectorIsStopped("ct", "connector did not stop");
        List<String> ids = contacts.ids();
        Set<String> deletedContacts = Set.of(ids.get(3), ids.get(50), ids.get(200));
        deletedContacts.forEach(contacts::delete);
        contacts.update(ids.get(7), Map.of("jobtitle", "Still here"));
        String created = contacts.create(Map.of("lastname", "Created while stopped"));
        Set<String> removedMembers = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            Map<String, Object> member = members.get(members.ids().get(i * 5));
            String list = String.valueOf(member.get("_listid_value"));
            String entity = String.valueOf(member.get("_entityid_value"));
            assertTrue(fixture.emulator.removeListMember(list, entity), "member removed");
            removedMembers.add(list + "/" + entity);
        }
        fixture.emulator.expireDeltaTokens("contact");
        fixture.emulator.expireDeltaTokens("listmember");
        int contactsBefore = readAll("ct.contact").size();
        int membersBefore = readAll("ct.listmember").size();
        connect.resumeConnector("ct");

        // The re-read: every remaining contact again (one of them new), then a tombstone per deleted contact.
        List<ConsumerRecord<byte[], byte[]>> contactsAfter = awaitTombstones("ct.contact", contactsBefore,
                deletedContacts.size());
        List<ConsumerRecord<byte[], byte[]>> membersAfter = awaitTombstones("ct.listmember", membersBefore,
                removedMembers.size());
        Thread.sleep(3000);
        contactsAfter = readAll("ct.contact").subList(contactsBefore, readAll("ct.contact").size());
        membersAfter = readAll("ct.listmember").subList(membersBefore, readAll("ct.listmember").size());

        assertEquals(deletedContacts, tombstoneKeys(contactsAfter, "contactid"), "exactly the deleted contacts");
        assertEquals(deletedContacts.size(), countTombstones(contactsAfter), "each tombstone once");
        Set<String> upserted = upsertKeys(contactsAfter, "contactid");
        assertTrue(upserted.contains(created) && upserted.contains(ids.get(7)), "the re-read brings the changes");
        assertEquals(contactCount - deletedContacts.size() + 1, upserted.size(), "every remaining contact re-read");

        Set<String> memberTombstones = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : membersAfter) {
            if (r.value() == null) {
                JsonNode key = JSON.readTree(r.key());
                memberTombstones.add(key.path("_listid_value").asText() + "/" + key.path("_entityid_value").asText());
            }
        }
        assertEquals(removedMembers, memberTombstones, "list members tombstoned under their (list, member) key");
        assertEquals(removedMembers.size(), countTombstones(membersAfter), "each member tombstone once");
        connect.deleteConnector("ct");
    }

    @Test
    void listMembersRemovedWhileStoppedAreTombstonedByTheirKeyFromTheDelta() throws Exception {
        EmulatedTable members = fixture.emulator.table("listmember");
        int memberCount = members.count();
        connect.configureConnector("lm", connector("lm", "listmember", "lm"));
        awaitRecords("lm.listmember", memberCount);
        awaitDeltaPhase("lm", "listmember");
        connect.stopConnector("lm");
        connect.assertions().assertConnectorIsStopped("lm", "connector did not stop");
        Map<String, Object> member = members.get(members.ids().get(1));
        String removed = member.get("_listid_value") + "/" + member.get("_entityid_value");
        assertTrue(fixture.emulator.removeListMember(String.valueOf(member.get("_listid_value")),
                String.valueOf(member.get("_entityid_value"))));
        int before = readAll("lm.listmember").size();
        connect.resumeConnector("lm");
        List<ConsumerRecord<byte[], byte[]>> after = awaitTombstones("lm.listmember", before, 1);
        Thread.sleep(2000);
        after = readAll("lm.listmember").subList(before, readAll("lm.listmember").size());
        assertEquals(1, after.size(), "only the tombstone: " + after.size());
        JsonNode key = JSON.readTree(after.get(0).key());
        assertEquals(removed, key.path("_listid_value").asText() + "/" + key.path("_entityid_value").asText());
        connect.deleteConnector("lm");
    }

    @Test
    void watermarkRowsDeletedWhileStoppedBecomeTombstonesAtTheFirstScan() throws Exception {
        EmulatedTable campaigns = fixture.emulator.table("campaign");
        int count = campaigns.count();
        Map<String, String> p = connector("wm", "campaign", "wm");
        p.put("watermark.delete.scan.interval.ms", "1000");
        connect.configureConnector("wm", p);
        awaitRecords("wm.campaign", count);
        connect.stopConnector("wm");
        connect.assertions().assertConnectorIsStopped("wm", "connector did not stop");
        List<String> ids = campaigns.ids();
        Set<String> deleted = Set.of(ids.get(0), ids.get(17), ids.get(33));
        deleted.forEach(campaigns::delete);
        int before = readAll("wm.campaign").size();
        connect.resumeConnector("wm");
        awaitTombstones("wm.campaign", before, deleted.size());
        // Several more scans run in this time; none may repeat a tombstone.
        Thread.sleep(4000);
        List<ConsumerRecord<byte[], byte[]>> after = readAll("wm.campaign");
        after = after.subList(before, after.size());
        assertEquals(deleted, tombstoneKeys(after, "campaignid"), "exactly the deleted campaigns");
        assertEquals(deleted.size(), countTombstones(after), "each tombstone once");
        assertEquals(Set.of(), upsertKeys(after, "campaignid"), "nothing else");
        connect.deleteConnector("wm");
    }

    /**
     * The end of the chain: contacts deleted while the source was stopped and its delta token expired leave the
     * Dotdigital address book the sink mirrors them into (the sink turns their tombstones into removals).
     */
    @Test
    void contactsDeletedWhileStoppedLeaveTheirDotdigitalAddressBook() throws Exception {
        try (DotdigitalEmulatorFixture dotdigital = new DotdigitalEmulatorFixture(DotdigitalSeed.empty())) {
            EmulatedTable contacts = fixture.emulator.table("contact");
            connect.configureConnector("ab", connector("ab", "contact", "ab"));
            awaitRecords("ab.contact", contacts.count());
            awaitDeltaPhase("ab", "contact");
            Map<String, String> sink = new HashMap<>(dotdigital.connectionProps());
            sink.put("connector.class", DotdigitalSinkConnector.class.getName());
            sink.put("tasks.max", "1");
            sink.put("topics", "ab.contact");
            sink.put("addressbook.name", "Deleted while stopped");
            sink.put("import.flush.interval.ms", "200");
            sink.put("import.poll.interval.ms", "100");
            sink.put("errors.tolerance", "all");
            connect.configureConnector("ab-sink", sink);
            Map<String, String> emails = new HashMap<>();
            for (String id : contacts.ids()) {
                Object email = contacts.get(id).get("emailaddress1");
                if (email != null && String.valueOf(email).contains("@")) {
                    emails.put(id, String.valueOf(email).toLowerCase(java.util.Locale.ROOT));
                }
            }
            awaitBook(dotdigital, "Deleted while stopped", members -> members.containsAll(emails.values()),
                    "every contact with an email in the address book");
            int before = bookMembers(dotdigital, "Deleted while stopped").size();

            connect.stopConnector("ab");
            connect.assertions().assertConnectorIsStopped("ab", "connector did not stop");
            List<String> deleted = emails.keySet().stream().sorted().limit(3).toList();
            deleted.forEach(contacts::delete);
            fixture.emulator.expireDeltaTokens("contact");
            connect.resumeConnector("ab");

            Set<String> gone = new HashSet<>();
            deleted.forEach(id -> gone.add(emails.get(id)));
            awaitBook(dotdigital, "Deleted while stopped", members -> members.stream().noneMatch(gone::contains),
                    "the deleted contacts " + gone + " removed from the address book");
            Thread.sleep(2000);
            assertEquals(before - gone.size(), bookMembers(dotdigital, "Deleted while stopped").size(),
                    "exactly the deleted contacts left the address book");
            connect.deleteConnector("ab-sink");
            connect.deleteConnector("ab");
        }
    }

    private static Set<String> bookMembers(DotdigitalEmulatorFixture dotdigital, String name) {
        Set<String> out = new HashSet<>();
        dotdigital.emulator.state().addressBooks().stream().filter(b -> b.name().equals(name)).findFirst()
                .ifPresent(b -> dotdigital.emulator.state().addressBookMembers(b.id()).forEach(
                        email -> out.add(email.toLowerCase(java.util.Locale.ROOT))));
        return out;
    }

    private static void awaitBook(DotdigitalEmulatorFixture dotdigital, String name,
                                  java.util.function.Predicate<Set<String>> condition, String what) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (!condition.test(bookMembers(dotdigital, name))) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; members now "
                        + bookMembers(dotdigital, name).size());
            }
            Thread.sleep(250);
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> awaitTombstones(String topic, int from, int tombstones)
            throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        List<ConsumerRecord<byte[], byte[]>> after = List.of();
        while (System.currentTimeMillis() < deadline) {
            List<ConsumerRecord<byte[], byte[]>> all = readAll(topic);
            after = all.subList(Math.min(from, all.size()), all.size());
            if (countTombstones(after) >= tombstones) {
                return after;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(topic + ": " + countTombstones(after) + " tombstones after " + after.size()
                + " new records, expected " + tombstones);
    }

    private static int countTombstones(List<ConsumerRecord<byte[], byte[]>> records) {
        return (int) records.stream().filter(r -> r.value() == null).count();
    }

    private static Set<String> tombstoneKeys(List<ConsumerRecord<byte[], byte[]>> records, String field)
            throws Exception {
        Set<String> out = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (r.value() == null) {
                out.add(JSON.readTree(r.key()).path(field).asText());
            }
        }
        return out;
    }

    private static Set<String> upsertKeys(List<ConsumerRecord<byte[], byte[]>> records, String field)
            throws Exception {
        Set<String> out = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (r.value() != null) {
                out.add(JSON.readTree(r.key()).path(field).asText());
            }
        }
        return out;
    }

    private static void awaitRecords(String topic, int expected) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        int seen = 0;
        while (System.currentTimeMillis() < deadline) {
            seen = readAll(topic).size();
            if (seen >= expected) {
                return;
            }
            Thread.sleep(300);
        }
        throw new AssertionError(topic + " has " + seen + " records, expected " + expected);
    }

    private static void awaitDeltaPhase(String connector, String table) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < deadline) {
            for (ConnectorOffset o : connect.connectorOffsets(connector).offsets()) {
                if (table.equals(o.partition().get("table")) && o.offset() != null
                        && "delta".equals(o.offset().get("phase"))) {
                    return;
                }
            }
            Thread.sleep(300);
        }
        throw new AssertionError("table " + table + " of " + connector + " never reached its delta phase");
    }

    /** Every committed record of a single-partition topic. */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = connect.kafka().createConsumer(props)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long deadline = System.currentTimeMillis() + 20_000;
            while (consumer.position(tp) < end && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(300)).records(tp).forEach(out::add);
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
