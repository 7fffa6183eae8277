package io.dynamicsdotdigital.dotdigital.sink.it;

import static io.dynamicsdotdigital.dotdigital.sink.it.SinkCluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.dotdigital.sink.DotdigitalSinkTask;
import io.dynamicsdotdigital.emulator.common.Fault;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalEmulator;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalSeed;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalState;
import io.dynamicsdotdigital.emulator.dotdigital.Model;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.management.AttributeNotFoundException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sink end to end over REST: Kafka Connect worker -> connector -> HTTPS Dotdigital emulator. */
class DotdigitalSinkRestIT {
    private static SinkCluster cluster;
    private static DotdigitalEmulator emu;

    @BeforeAll
    static void start() throws Exception {
        emu = DotdigitalEmulator.builder().port(0).https(true).seed(DotdigitalSeed.empty()).build().start();
        cluster = new SinkCluster(emu);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static DotdigitalState state() {
        return emu.state();
    }

    static String contactJson(String id, String email, String first, String last, String extra) {
        return "{\"contactid\":\"" + id + "\",\"emailaddress1\":" + (email == null ? "null" : "\"" + email + "\"")
                + ",\"firstname\":\"" + first + "\",\"lastname\":\"" + last + "\"" + (extra == null ? "" : "," + extra)
                + "}";
    }

    private static int bookSize(String name) {
        return state().addressBookByName(name).map(b -> state().addressBookMembers(b.id()).size()).orElse(0);
    }

    @Test
    void twentyThousandContactsLandWithDataFieldsAndAddressBookMembership() throws Exception {
        String topic = "bulk-contacts";
        cluster.createTopic(topic, 3);
        int n = 20_000;
        List<String[]> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            records.add(new String[] {"c-" + i, contactJson("c-" + i, "person" + i + "@bulk.example.com",
                    "First" + i, "Last" + i, "\"creditlimit\":" + (i + 0.5) + ",\"birthdate\":\"1980-01-"
                            + String.format("%02d", 1 + i % 28) + "\",\"donotbulkemail\":false")});
        }
        long importsBefore = emu.requests().count("PUT /contacts/v3/import");
        long callsBefore = emu.requests().total();
        Map<String, String> config = cluster.connectorConfig(topic);
        config.put("addressbook.name", "Kafka bulk contacts");
        config.put("datafields.auto.create", "true");
        config.put("import.flush.interval.ms", "2000");
        config.put("import.poll.interval.ms", "500");
        config.put("consumer.override.max.poll.records", "10000");
        config.put("datafield.mapping",
                "firstname:FIRSTNAME,lastname:LASTNAME,creditlimit:CREDITLIMIT:Numeric,birthdate:BIRTHDATE:Date");
        long start = System.nanoTime();
        cluster.produce(topic, records);
        cluster.startConnector("bulk", config);
        try {
            await(() -> bookSize("Kafka bulk contacts") == n, Duration.ofSeconds(120),
                    "20,000 members in the address book");
            double seconds = (System.nanoTime() - start) / 1e9;
            await(() -> {
                try {
                    return cluster.committedTotal("bulk") == n;
                } catch (Exception e) {
                    return false;
                }
            }, Duration.ofSeconds(30), "all offsets committed");
            Model.Contact c = state().contactByEmail("person1234@bulk.example.com").orElseThrow();
            assertEquals("First1234", c.dataField("FIRSTNAME"));
            assertEquals("Last1234", c.dataField("LASTNAME"));
            assertEquals(0, new java.math.BigDecimal("1234.5").compareTo(new java.math.BigDecimal(
                    String.valueOf(c.dataField("CREDITLIMIT")))), "CREDITLIMIT " + c.dataField("CREDITLIMIT"));
            assertTrue(String.valueOf(c.dataField("BIRTHDATE")).startsWith("1980-01-03"),
                    "BIRTHDATE " + c.dataField("BIRTHDATE"));
            assertEquals("Numeric", state().dataField("CREDITLIMIT").orElseThrow().type());
            assertEquals("Date", state().dataField("BIRTHDATE").orElseThrow().type());
            assertEquals("Subscribed", c.status());
            long imports = emu.requests().count("PUT /contacts/v3/import") - importsBefore;
            long calls = emu.requests().total() - callsBefore;
            System.out.printf("REST bulk: %d contacts in %.1f s end to end, %d imports, %d API calls in all"
                    + " (%.0f contacts per call)%n", n, seconds, imports, calls, (double) n / calls);
            assertTrue(imports >= 2 && imports <= 8, "imports: " + imports);
            assertEquals(n, jmxTotal("bulk", "contacts-imported-total"), "contacts-imported-total over JMX");
            assertEquals(n, jmxTotal("bulk", "records-received-total"), "records-received-total over JMX");
            assertEquals(imports, jmxTotal("bulk", "imports-finished-total"), "imports-finished-total over JMX");
            assertEquals(0, jmxTotal("bulk", "dlq-records-total"));
            assertTrue(calls * 500 < n, "calls: " + calls);
        } finally {
            cluster.connect.deleteConnector("bulk");
        }
    }

    @Test
    void twentyThousandStructContactsLandThroughSoapWithV2CsvImports() throws Exception {
        String topic = "soap-contacts";
        cluster.createTopic(topic, 2);
        int n = 20_000;
        Schema schema = SchemaBuilder.struct().name("dynamics.contact")
                .field("contactid", Schema.STRING_SCHEMA)
                .field("emailaddress1", Schema.OPTIONAL_STRING_SCHEMA)
                .field("firstname", Schema.OPTIONAL_STRING_SCHEMA)
                .field("lastname", Schema.OPTIONAL_STRING_SCHEMA)
                .field("creditlimit", Decimal.builder(2).optional().build())
                .field("birthdate", Timestamp.builder().optional().build())
                .build();
        JsonConverter json = new JsonConverter();
        json.configure(Map.of("schemas.enable", "true", "converter.type", "value"));
        List<String[]> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Struct s = new Struct(schema).put("contactid", "soap-" + i)
                    .put("emailaddress1", "soap" + i + "@soap.example.com").put("firstname", "Sam" + i)
                    .put("lastname", "Soap").put("creditlimit", new BigDecimal(i + ".25"))
                    .put("birthdate", java.util.Date.from(Instant.parse("1975-06-15T00:00:00Z")));
            records.add(new String[] {"soap-" + i,
                    new String(json.fromConnectData(topic, schema, s), StandardCharsets.UTF_8)});
        }
        Map<String, String> config = cluster.connectorConfig(topic);
        config.put("value.converter", JsonConverter.class.getName());
        config.put("value.converter.schemas.enable", "true");
        config.put("dotdigital.transport", "soap");
        config.put("dotdigital.soap.url", emu.soapUrl());
        config.put("import.api", "v2_csv");
        config.put("addressbook.name", "SOAP contacts");
        config.put("datafields.auto.create", "true");
        config.put("import.flush.interval.ms", "2000");
        config.put("import.poll.interval.ms", "500");
        config.put("consumer.override.max.poll.records", "10000");
        config.put("datafield.mapping", "firstname:FIRSTNAME,lastname:LASTNAME,creditlimit:SOAPCREDIT,birthdate:SOAPBIRTH");
        long v3Before = emu.requests().count("PUT /contacts/v3/import");
        long v2RestBefore = emu.requests().countStartingWith("POST /v2/address-books/");
        cluster.produce(topic, records);
        cluster.startConnector("soap", config);
        try {
            await(() -> bookSize("SOAP contacts") == n, Duration.ofSeconds(120), "20,000 members over SOAP");
            await(() -> {
                try {
                    return cluster.committedTotal("soap") == n;
                } catch (Exception e) {
                    return false;
                }
            }, Duration.ofSeconds(30), "all offsets committed");
            Model.Contact c = state().contactByEmail("soap777@soap.example.com").orElseThrow();
            assertEquals("Sam777", c.dataField("FIRSTNAME"));
            assertEquals(0, new BigDecimal("777.25").compareTo(new BigDecimal(String.valueOf(c.dataField("SOAPCREDIT")))),
                    "SOAPCREDIT " + c.dataField("SOAPCREDIT"));
            assertTrue(String.valueOf(c.dataField("SOAPBIRTH")).startsWith("1975-06-15"), "SOAPBIRTH "
                    + c.dataField("SOAPBIRTH"));
            assertEquals("Numeric", state().dataField("SOAPCREDIT").orElseThrow().type(), "inferred from Decimal");
            assertEquals("Date", state().dataField("SOAPBIRTH").orElseThrow().type(), "inferred from Timestamp");
            assertEquals(v3Before, emu.requests().count("PUT /contacts/v3/import"), "no v3 import over REST");
            assertEquals(v2RestBefore, emu.requests().countStartingWith("POST /v2/address-books/"),
                    "the CSV imports went over SOAP, not REST");
        } finally {
            cluster.connect.deleteConnector("soap");
        }
    }

    @Test
    void listMembersMirrorIntoAddressBooks() throws Exception {
        String contacts = "lm-contacts";
        String members = "lm-members";
        cluster.createTopic(contacts, 1);
        cluster.createTopic(members, 1);
        List<String[]> people = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            people.add(new String[] {"p-" + i, contactJson("p-" + i, "member" + i + "@lists.example.com", "M" + i,
                    "L", null)});
        }
        Map<String, String> config = cluster.connectorConfig(contacts + "," + members);
        config.put("listmember.topic", members);
        config.put("listmember.addressbook.mapping", "list-b:Mapped book");
        cluster.produce(contacts, people);
        cluster.startConnector("lists", config);
        try {
            await(() -> state().contactByEmail("member9@lists.example.com").isPresent(), Duration.ofSeconds(30),
                    "contacts imported");
            List<String[]> adds = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String list = i < 5 ? "list-a" : "list-b";
                adds.add(new String[] {memberKey(list, "p-" + i), "{\"listmemberid\":\"m-" + i + "\",\"_listid_value\":\""
                        + list + "\",\"_entityid_value\":\"p-" + i + "\",\"_listid_value@OData.Community.Display"
                        + ".V1.FormattedValue\":\"" + (i < 5 ? "Spring promo" : "ignored name") + "\"}"});
            }
            cluster.produce(members, adds);
            await(() -> bookSize("Spring promo") == 5 && bookSize("Mapped book") == 5, Duration.ofSeconds(30),
                    "members added to both address books");
            cluster.produce(members, List.of(new String[] {memberKey("list-a", "p-0"), null},
                    new String[] {memberKey("list-b", "p-5"), null}));
            await(() -> bookSize("Spring promo") == 4 && bookSize("Mapped book") == 4, Duration.ofSeconds(30),
                    "members removed");
            long springId = state().addressBookByName("Spring promo").orElseThrow().id();
            Set<String> spring = state().addressBookMembers((int) springId);
            assertFalse(spring.contains("member0@lists.example.com"), spring.toString());
            assertTrue(spring.contains("member1@lists.example.com"), spring.toString());
            assertTrue(state().contactByEmail("member0@lists.example.com").isPresent(),
                    "removing a member keeps the contact");
        } finally {
            cluster.connect.deleteConnector("lists");
        }
    }

    @Test
    void membersArrivingBeforeTheirContactsWaitForThemInsteadOfFailing() throws Exception {
        String contacts = "early-contacts";
        String members = "early-members";
        cluster.createTopic(contacts, 1);
        cluster.createTopic(members, 1);
        Map<String, String> config = cluster.connectorConfig(contacts + "," + members);
        config.put("listmember.topic", members);
        config.put("listmember.addressbook.mapping", "list-early:Early book");
        List<String[]> adds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            adds.add(new String[] {memberKey("list-early", "e-" + i), "{\"listmemberid\":\"em-" + i
                    + "\",\"_listid_value\":\"list-early\",\"_entityid_value\":\"e-" + i + "\"}"});
        }
        cluster.produce(members, adds);
        cluster.startConnector("early", config);
        try {
            // The members are consumed first; no contact with those ids has been seen yet.
            Thread.sleep(3_000);
            assertEquals(0, bookSize("Early book"), "members cannot be added before their emails are known");
            List<String[]> people = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                people.add(new String[] {"e-" + i, contactJson("e-" + i, "early" + i + "@lists.example.com", "E" + i,
                        "L", null)});
            }
            cluster.produce(contacts, people);
            await(() -> bookSize("Early book") == 4, Duration.ofSeconds(30),
                    "members added once their contacts arrived");
        } finally {
            cluster.connect.deleteConnector("early");
        }
    }

    private static String memberKey(String list, String entity) {
        return "{\"listid\":\"" + list + "\",\"entityid\":\"" + entity + "\"}";
    }

    @Test
    void unsubscribesAppliedAndSuppressedContactsNeverResubscribed() throws Exception {
        String topic = "unsub-contacts";
        cluster.createTopic(topic, 1);
        state().upsertContact("bounced@subs.example.com", Map.of());
        state().suppress("bounced@subs.example.com", Instant.now(), "HardBounced");
        state().upsertContact("optedout@subs.example.com", Map.of());
        state().unsubscribe("optedout@subs.example.com", Instant.now());
        state().upsertContact("leaving@subs.example.com", Map.of());
        Map<String, String> config = cluster.connectorConfig(topic);
        cluster.produce(topic, List.of(
                new String[] {"s1", contactJson("s1", "bounced@subs.example.com", "Back", "Again",
                        "\"donotbulkemail\":false")},
                new String[] {"s2", contactJson("s2", "optedout@subs.example.com", "Opted", "Out",
                        "\"donotbulkemail\":false")},
                new String[] {"s3", contactJson("s3", "leaving@subs.example.com", "Lea", "Ving",
                        "\"donotbulkemail\":true")},
                new String[] {"s4", contactJson("s4", "newbutout@subs.example.com", "New", "Out",
                        "\"donotbulkemail\":true")},
                new String[] {"s5", contactJson("s5", "fresh@subs.example.com", "Fresh", "One",
                        "\"donotbulkemail\":false")}));
        cluster.startConnector("unsub", config);
        try {
            await(() -> "Fresh".equals(state().contactByEmail("fresh@subs.example.com")
                    .map(c -> c.dataField("FIRSTNAME")).orElse(null)), Duration.ofSeconds(30), "records applied");
            await(() -> {
                try {
                    return cluster.committedTotal("unsub") == 5;
                } catch (Exception e) {
                    return false;
                }
            }, Duration.ofSeconds(30), "offsets committed");
            assertEquals("HardBounced", state().contactByEmail("bounced@subs.example.com").orElseThrow().status());
            assertEquals("Back", state().contactByEmail("bounced@subs.example.com").orElseThrow()
                    .dataField("FIRSTNAME"), "data fields of a suppressed contact are still updated");
            assertEquals("Unsubscribed", state().contactByEmail("optedout@subs.example.com").orElseThrow().status());
            assertEquals("Unsubscribed", state().contactByEmail("leaving@subs.example.com").orElseThrow().status());
            assertEquals("Unsubscribed", state().contactByEmail("newbutout@subs.example.com").orElseThrow().status());
            assertEquals("Subscribed", state().contactByEmail("fresh@subs.example.com").orElseThrow().status());
        } finally {
            cluster.connect.deleteConnector("unsub");
        }
    }

    @Test
    void addressBookScopedUnsubscribesAndTombstonesApplyAfterTheImport() throws Exception {
        String topic = "scoped-contacts";
        cluster.createTopic(topic, 1);
        Map<String, String> config = cluster.connectorConfig(topic);
        config.put("addressbook.name", "Scoped book");
        config.put("unsubscribe.scope", "addressbook");
        config.put("tombstone.action", "remove_from_addressbook");
        // The tombstone for a1 follows its upsert in the same batch: the removal must wait for the import.
        cluster.produce(topic, List.of(
                new String[] {"a1", contactJson("a1", "stay-then-go@scoped.example.com", "A", "One", null)},
                new String[] {"a2", contactJson("a2", "book-optout@scoped.example.com", "A", "Two",
                        "\"donotbulkemail\":true")},
                new String[] {"a3", contactJson("a3", "member@scoped.example.com", "A", "Three", null)},
                new String[] {"a1", null}));
        cluster.startConnector("scoped", config);
        try {
            await(() -> {
                try {
                    return cluster.committedTotal("scoped") == 4;
                } catch (Exception e) {
                    return false;
                }
            }, Duration.ofSeconds(30), "all four records finished");
            Set<String> members = state().addressBookMembers(
                    (int) state().addressBookByName("Scoped book").orElseThrow().id());
            assertEquals(Set.of("member@scoped.example.com"), members);
            assertTrue(state().contactByEmail("stay-then-go@scoped.example.com").isPresent(),
                    "the tombstone removes the membership, not the contact");
            assertEquals("Subscribed", state().contactByEmail("book-optout@scoped.example.com").orElseThrow()
                    .status(), "an address-book unsubscribe leaves the global status alone");
        } finally {
            cluster.connect.deleteConnector("scoped");
        }
    }

    @Test
    void everyBadInputKindEndsInTheDeadLetterQueueWithItsReason() throws Exception {
        String topic = "dlq-contacts";
        String members = "dlq-members";
        String dlq = "dlq-sink";
        cluster.createTopic(topic, 1);
        cluster.createTopic(members, 1);
        state().addDataField("CREDITLIMIT", "Numeric", "Private", null);
        state().upsertContact("suppressed@dlq.example.com", Map.of());
        state().suppress("suppressed@dlq.example.com", Instant.now(), "HardBounced");
        Map<String, String> config = cluster.connectorConfig(topic + "," + members);
        config.put("datafield.mapping", "firstname:FIRSTNAME,lastname:LASTNAME,creditlimit:CREDITLIMIT,city:CITY");
        config.put("addressbook.name", "DLQ book");
        config.put("listmember.topic", members);
        config.put("listmember.addressbook.mapping", "list-x:999999");
        config.put("resubscribe.suppressed.allowed", "true");
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", dlq);
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        List<String[]> records = new ArrayList<>();
        records.add(new String[] {"g1", contactJson("g1", "good1@dlq.example.com", "Good", "One", null)});
        records.add(new String[] {"b1", contactJson("b1", null, "No", "Email", null)});
        records.add(new String[] {"b2", contactJson("b2", "not-an-email", "Bad", "Email", null)});
        records.add(new String[] {"b3", contactJson("b3", "wrongtype@dlq.example.com", "W", "T",
                "\"creditlimit\":\"lots\"")});
        records.add(new String[] {"b4", contactJson("b4", "oversize@dlq.example.com", "x".repeat(300), "O", null)});
        records.add(new String[] {"b5", "{\"emailaddress1\": \"broken@dlq.example.com\""});
        records.add(new String[] {"b6", contactJson("b6", "unknownfield@dlq.example.com", "U", "F",
                "\"city\":\"Paris\"")});
        records.add(new String[] {null, null});
        records.add(new String[] {"b8", contactJson("b8", "suppressed@dlq.example.com", "S", "S",
                "\"donotbulkemail\":false")});
        records.add(new String[] {"g2", contactJson("g2", "good2@dlq.example.com", "Good", "Two", null)});
        cluster.produce(topic, records);
        cluster.produce(members, List.<String[]>of(new String[] {"{\"listid\":\"list-x\",\"entityid\":\"g1\"}",
                "{\"_listid_value\":\"list-x\",\"_entityid_value\":\"g1\",\"emailaddress1\":\"good1@dlq.example.com\"}"}));
        cluster.startConnector("dlq", config);
        try {
            ConsumerRecords<byte[], byte[]> dead = cluster.connect.kafka().consume(9, 60_000, dlq);
            Map<String, String> reasons = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> r : dead) {
                Map<String, String> h = headers(r);
                reasons.put(h.get(DotdigitalSinkTask.HEADER_FAILURE_CODE), h.get("__connect.errors.topic") + "/"
                        + h.get("__connect.errors.offset") + ": " + h.get(DotdigitalSinkTask.HEADER_FAILURE_DESCRIPTION));
            }
            System.out.println("DLQ reasons: " + reasons);
            assertEquals(Set.of("MissingEmail", "InvalidEmail", "WrongFieldType", "OversizeValue", "MalformedJson",
                    "UnknownDataField", "NullKey", "UnknownAddressBook", "GloballySuppressed"), reasons.keySet());
            assertTrue(reasons.get("UnknownDataField").contains("CITY"), reasons.get("UnknownDataField"));
            assertTrue(reasons.get("MalformedJson").startsWith(topic + "/5"), reasons.get("MalformedJson"));
            await(() -> bookSize("DLQ book") == 2, Duration.ofSeconds(30), "good records in the address book");
            assertEquals("HardBounced", state().contactByEmail("suppressed@dlq.example.com").orElseThrow().status());
            await(() -> {
                try {
                    return cluster.committedTotal("dlq") == records.size() + 1;
                } catch (Exception e) {
                    return false;
                }
            }, Duration.ofSeconds(30), "all offsets committed, failed records included");
        } finally {
            cluster.connect.deleteConnector("dlq");
        }
    }

    @Test
    void toleranceNoneFailsTheTaskNamingTheRecord() throws Exception {
        String topic = "strict-contacts";
        cluster.createTopic(topic, 1);
        Map<String, String> config = cluster.connectorConfig(topic);
        cluster.produce(topic, List.<String[]>of(new String[] {"k", contactJson("k", "nope", "N", "O", null)}));
        cluster.connect.configureConnector("strict", config);
        try {
            await(() -> {
                try {
                    var status = cluster.connect.connectorStatus("strict");
                    return !status.tasks().isEmpty() && "FAILED".equals(status.tasks().get(0).state());
                } catch (RuntimeException notYetKnown) {
                    return false;
                }
            }, Duration.ofSeconds(30), "the task fails");
            String trace = cluster.connect.connectorStatus("strict").tasks().get(0).trace();
            assertTrue(trace.contains("topic strict-contacts partition 0 offset 0") && trace.contains("InvalidEmail"),
                    trace);
        } finally {
            cluster.connect.deleteConnector("strict");
        }
    }

    @Test
    void restartMidImportLosesNothing() throws Exception {
        String topic = "restart-contacts";
        cluster.createTopic(topic, 2);
        int n = 5000;
        List<String[]> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(new String[] {"r-" + i, contactJson("r-" + i, "restart" + i + "@restart.example.com", "R" + i,
                    "S", null)});
        }
        Map<String, String> config = cluster.connectorConfig(topic);
        config.put("addressbook.name", "Restart book");
        emu.importProcessingDelay(Duration.ofSeconds(4));
        long importsBefore = emu.requests().count("PUT /contacts/v3/import");
        try {
            cluster.produce(topic, records);
            cluster.startConnector("restart", config);
            await(() -> emu.requests().count("PUT /contacts/v3/import") > importsBefore, Duration.ofSeconds(30),
                    "an import started");
            Thread.sleep(1500);
            assertEquals(0, cluster.committedTotal("restart"), "nothing is committed before its import finished");
            cluster.connect.restartConnectorAndTasks("restart", false, true, false);
            emu.importProcessingDelay(Duration.ofMillis(50));
            await(() -> bookSize("Restart book") == n, Duration.ofSeconds(60), "all contacts after the restart");
            await(() -> {
                try {
                    return cluster.committedTotal("restart") == n;
                } catch (Exception e) {
                    return false;
                }
            }, Duration.ofSeconds(30), "all offsets committed");
            assertEquals("R4999", state().contactByEmail("restart4999@restart.example.com").orElseThrow()
                    .dataField("FIRSTNAME"));
        } finally {
            emu.importProcessingDelay(Duration.ofMillis(50));
            cluster.connect.deleteConnector("restart");
        }
    }

    @Test
    void throttlingStormsAndAFailedImportAreRetriedWithoutLossOrDuplicates() throws Exception {
        String topic = "storm-contacts";
        cluster.createTopic(topic, 1);
        int n = 3000;
        List<String[]> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(new String[] {"t-" + i, contactJson("t-" + i, "storm" + i + "@storm.example.com", "T" + i,
                    "S", null)});
        }
        Map<String, String> config = cluster.connectorConfig(topic);
        config.put("addressbook.name", "Storm book");
        config.put("import.batch.size", "1000");
        int contactsBefore = state().contactCount();
        long importsBefore = emu.requests().count("PUT /contacts/v3/import");
        emu.faults().add(Fault.tooManyRequests(1).onPath("/contacts/v3/import"), 4);
        emu.failNextImport("Failed");
        cluster.produce(topic, records);
        cluster.startConnector("storm", config);
        try {
            await(() -> bookSize("Storm book") == n, Duration.ofSeconds(90), "all contacts despite the faults");
            await(() -> {
                try {
                    return cluster.committedTotal("storm") == n;
                } catch (Exception e) {
                    return false;
                }
            }, Duration.ofSeconds(30), "all offsets committed");
            assertEquals(contactsBefore + n, state().contactCount(), "no contact lost or duplicated");
            assertEquals(0, emu.faults().pending(), "every planned 429 was served");
            long imports = emu.requests().count("PUT /contacts/v3/import") - importsBefore;
            assertTrue(imports >= 3 + 1 + 4, "3 batches, one started again after Failed, 4 answered 429: " + imports);
        } finally {
            cluster.connect.deleteConnector("storm");
        }
    }

    /** Sum of a task plugin metric of the connector, read over JMX from the embedded worker. */
    private static long jmxTotal(String connector, String metric) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = server.queryNames(new ObjectName("kafka.connect:type=plugins,connector="
                + connector + ",*"), null);
        long sum = 0;
        boolean found = false;
        for (ObjectName name : names) {
            try {
                sum += ((Number) server.getAttribute(name, metric)).longValue();
                found = true;
            } catch (AttributeNotFoundException notHere) {
                // another metric group of the same task
            }
        }
        assertTrue(found, metric + " not found over JMX in " + names);
        return sum;
    }

    private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> r) {
        Map<String, String> out = new HashMap<>();
        for (Header h : r.headers()) {
            out.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        return out;
    }
}
