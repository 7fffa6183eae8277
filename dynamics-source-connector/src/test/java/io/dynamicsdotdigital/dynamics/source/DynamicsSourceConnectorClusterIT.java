package io.dynamicsdotdigital.dynamics.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamicsdotdigital.emulator.common.Fault;
import io.dynamicsdotdigital.emulator.dataverse.DataverseSeed;
import io.dynamicsdotdigital.emulator.dataverse.EmulatedTable;
import io.dynamicsdotdigital.testsupport.ConnectClusters;
import io.dynamicsdotdigital.testsupport.DataverseEmulatorFixture;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffsets;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged connector in a real Connect worker (service-loader plugin discovery, exactly-once source support on)
 * against the Dataverse emulator over HTTPS. One cluster and one emulator for the whole class; each case reads its
 * own tables under its own topic prefix.
 */
class DynamicsSourceConnectorClusterIT {
    static final long WAIT_MS = 120_000;
    static final ObjectMapper JSON = new ObjectMapper();
    static final int CONTACTS = 20_000;
    /**
     * Exactly-once source support on the worker, as production workers should run this connector; a run with
     * -Dit.eos=disabled checks the at-least-once path instead.
     */
    static final boolean EXACTLY_ONCE = !"disabled".equals(System.getProperty("it.eos", "enabled"));
    /** Short, so a task stuck in a slow API call is cancelled (and must be fenced) within the test's time. */
    static final long GRACEFUL_SHUTDOWN_MS = 2_000;
    static DataverseEmulatorFixture fixture;
    static EmbeddedConnectCluster connect;

    @BeforeAll
    static void start() throws Exception {
        fixture = new DataverseEmulatorFixture(DataverseSeed.defaults().contacts(CONTACTS).leads(400).accounts(300)
                .marketingLists(3).campaigns(5).randomSeed(42));
        Map<String, String> worker = new HashMap<>();
        worker.put("exactly.once.source.support", EXACTLY_ONCE ? "enabled" : "disabled");
        worker.put("offset.flush.interval.ms", "1000");
        worker.put("task.shutdown.graceful.timeout.ms", Long.toString(GRACEFUL_SHUTDOWN_MS));
        worker.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("key.converter.schemas.enable", "false");
        worker.put("value.converter.schemas.enable", "false");
        worker.put("value.converter.decimal.format", "NUMERIC");
        connect = ConnectClusters.start("dynamics-source-it", 1, worker);
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

    /** The connector's settings; the worker creates its topics, as it would for a user. */
    private static Map<String, String> connector(String name, String tables, String prefix) {
        Map<String, String> p = EmulatorSourceProps.of(fixture, name);
        p.put("tables", tables);
        p.put("topic.prefix", prefix);
        p.put("tasks.max", "1");
        if (EXACTLY_ONCE) {
            p.put("exactly.once.support", "required");
        }
        // One poll() returns one API page, so poll boundaries give one transaction per page.
        p.put("transaction.boundary", "poll");
        p.put("topic.creation.default.replication.factor", "1");
        p.put("topic.creation.default.partitions", "1");
        return p;
    }

    /** Reads every committed record of the topic, again and again, until {@code expected} are there. */
    private static List<ConsumerRecord<byte[], byte[]>> awaitRecords(String topic, int expected) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        List<ConsumerRecord<byte[], byte[]>> all = List.of();
        while (System.currentTimeMillis() < deadline) {
            all = readAll(topic);
            if (all.size() >= expected) {
                return all;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("topic " + topic + " has " + all.size() + " records, expected " + expected);
    }

    /**
     * Every committed record of a single-partition topic: reads from the beginning up to the committed end (the
     * last stable offset), with a deadline.
     */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> consumer = connect.kafka().createConsumer(props)) {
            org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition(topic, 0);
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

    private static JsonNode json(byte[] bytes) throws Exception {
        return bytes == null ? null : JSON.readTree(bytes);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Set<String> keys(List<ConsumerRecord<byte[], byte[]>> records, String field) throws Exception {
        Set<String> out = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            out.add(json(r.key()).path(field).asText());
        }
        return out;
    }

    @Test
    void snapshotOfTwentyThousandContactsIsCompleteAndExactThenDeltaBringsUpdatesAndDeletes() throws Exception {
        EmulatedTable contacts = fixture.emulator.table("contact");
        long callsBefore = fixture.emulator.requests().count("GET /api/data/v9.2/contacts");
        Map<String, String> config = connector("contacts", "contact", "snap");
        // No delta polls until the snapshot's calls are counted.
        config.put("poll.interval.ms", "3600000");
        connect.configureConnector("contacts", config);
        List<ConsumerRecord<byte[], byte[]>> snapshot = awaitRecords("snap.contact", CONTACTS);
        assertEquals(CONTACTS, snapshot.size(), "every contact exactly once");
        assertEquals(new HashSet<>(contacts.ids()), keys(snapshot, "contactid"));
        long dataCalls = fixture.emulator.requests().count("GET /api/data/v9.2/contacts") - callsBefore;
        assertEquals((long) Math.ceil(CONTACTS / 5000.0), dataCalls, "one call per 5000-row page");

        int checked = 0;
        for (int i = 0; i < snapshot.size(); i += 997) {
            JsonNode value = json(snapshot.get(i).value());
            Map<String, Object> row = contacts.get(value.path("contactid").asText());
            assertEquals(row.get("fullname"), value.path("fullname").isNull() ? null : value.path("fullname").asText());
            assertEquals(row.get("emailaddress1"), value.path("emailaddress1").isNull() ? null
                    : value.path("emailaddress1").asText());
            Object income = row.get("annualincome");
            if (income != null) {
                assertEquals(0, new BigDecimal(income.toString()).compareTo(value.path("annualincome").decimalValue()),
                        "Decimal kept exactly");
            }
            assertEquals(((Instant) row.get("modifiedon")).toEpochMilli(), value.path("modifiedon").asLong(),
                    "Timestamp kept exactly");
            assertEquals(((Number) row.get("versionnumber")).longValue(), value.path("versionnumber").asLong());
            assertEquals(String.valueOf(row.get("versionnumber")), header(snapshot.get(i), RecordHeaders.VERSION));
            assertEquals("contact", header(snapshot.get(i), RecordHeaders.TABLE));
            checked++;
        }
        assertTrue(checked >= 20);

        assertEquals("delta", awaitOffset("contacts", "contact").get("phase"));

        Object snapshotRows = pluginMetric("contacts", "snapshot-rows-total");
        assertEquals((long) CONTACTS, ((Number) snapshotRows).longValue(), "snapshot-rows-total over JMX");
        assertEquals(4L, ((Number) pluginMetric("contacts", "snapshot-pages-total")).longValue());

        // Restarts the task (new settings), which resumes from the stored deltaLink.
        connect.patchConnectorConfig("contacts", Map.of("poll.interval.ms", "300"));
        List<String> ids = contacts.ids();
        Set<String> updated = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            contacts.update(ids.get(i), Map.of("jobtitle", "Updated " + i));
            updated.add(ids.get(i));
        }
        Set<String> deleted = new HashSet<>(List.of(ids.get(100), ids.get(101), ids.get(102)));
        deleted.forEach(contacts::delete);
        List<ConsumerRecord<byte[], byte[]>> all = awaitRecords("snap.contact", CONTACTS + 8);
        List<ConsumerRecord<byte[], byte[]>> changes = all.subList(CONTACTS, all.size());
        assertEquals(8, changes.size());
        Set<String> tombstoned = new HashSet<>();
        Set<String> upserted = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : changes) {
            String id = json(r.key()).path("contactid").asText();
            if (r.value() == null) {
                tombstoned.add(id);
                assertEquals("delete", header(r, RecordHeaders.OPERATION));
            } else {
                upserted.add(id);
                assertTrue(json(r.value()).path("jobtitle").asText().startsWith("Updated "));
            }
        }
        assertEquals(deleted, tombstoned);
        assertEquals(updated, upserted);

        Object recordsRead = pluginMetric("contacts", "records-read-total");
        assertNotNull(recordsRead, "records-read-total is visible over JMX");
        assertTrue(((Number) recordsRead).longValue() >= 8, "records-read-total=" + recordsRead);
        connect.deleteConnector("contacts");
    }

    @Test
    void watermarkTableLosesNoneOfFiveHundredRowsSharingOneSecond() throws Exception {
        EmulatedTable campaigns = fixture.emulator.table("campaign");
        int seeded = campaigns.count();
        Map<String, String> p = connector("campaigns", "campaign", "wm");
        p.put("page.size", "200");
        connect.configureConnector("campaigns", p);
        awaitRecords("wm.campaign", seeded);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            created.add(campaigns.create(Map.of("name", "Tie " + i)));
        }
        campaigns.bulkUpdateSameSecond(created, Map.of("codename", "TIE"));
        long deadline = System.currentTimeMillis() + WAIT_MS;
        Set<String> tied = new HashSet<>();
        while (tied.size() < 500 && System.currentTimeMillis() < deadline) {
            tied.clear();
            for (ConsumerRecord<byte[], byte[]> r : readAll("wm.campaign")) {
                JsonNode v = json(r.value());
                if ("TIE".equals(v.path("codename").asText())) {
                    tied.add(v.path("campaignid").asText());
                }
            }
            Thread.sleep(500);
        }
        assertEquals(new HashSet<>(created), tied);
        assertEquals("watermark", awaitOffset("campaigns", "campaign").get("phase"));
        connect.deleteConnector("campaigns");
    }

    @Test
    void restartResumesWithoutDuplicatesBeyondTheInFlightPage() throws Exception {
        EmulatedTable leads = fixture.emulator.table("lead");
        int count = leads.count();
        Map<String, String> p = connector("leads", "lead", "rs");
        p.put("page.size", "50");
        connect.configureConnector("leads", p);
        awaitRecords("rs.lead", 100);
        connect.stopConnector("leads");
        connect.assertions().assertConnectorIsStopped("leads", "connector did not stop");
        connect.resumeConnector("leads");
        List<ConsumerRecord<byte[], byte[]>> all = awaitUntilDistinct("rs.lead", "leadid", count);
        int duplicates = all.size() - count;
        assertTrue(duplicates >= 0 && duplicates <= 50, "duplicates beyond one page: " + duplicates);

        // The offsets REST API: a malformed offset is refused with the reason; a reset reads the table again.
        connect.stopConnector("leads");
        connect.assertions().assertConnectorIsStopped("leads", "connector did not stop");
        String refusal;
        try {
            connect.alterSourceConnectorOffset("leads", Map.of("table", "lead", "protocol", "1"),
                    Map.of("phase", "delta", "deltaLink", "http://elsewhere/api/data/v9.2/leads"));
            refusal = "accepted";
        } catch (org.apache.kafka.connect.runtime.rest.errors.ConnectRestException e) {
            refusal = e.getMessage();
        }
        assertTrue(refusal.contains("https"), refusal);
        connect.resetConnectorOffsets("leads");
        connect.resumeConnector("leads");
        List<ConsumerRecord<byte[], byte[]>> again = awaitRecords("rs.lead", all.size() + count);
        assertEquals(all.size() + count, again.size(), "a reset re-reads every row once");
        connect.deleteConnector("leads");
    }

    @Test
    void twoTasksSplitTheTablesThroughThrottlingAndTokenExpiry() throws Exception {
        int accounts = fixture.emulator.table("account").count();
        int lists = fixture.emulator.table("list").count();
        // Static members are listmember rows; the seeded dynamic list (London contacts) adds its matches.
        EmulatedTable contacts = fixture.emulator.table("contact");
        long londoners = contacts.ids().stream()
                .filter(id -> "London".equalsIgnoreCase(String.valueOf(contacts.get(id).get("address1_city"))))
                .count();
        int members = fixture.emulator.table("listmember").count() + (int) londoners;
        Map<String, String> p = connector("split", "account,list,listmember", "split");
        p.put("tasks.max", "2");
        p.put("page.size", "100");
        fixture.emulator.faults().add(Fault.tooManyRequests(1).onPath(".*/accounts.*"), 3);
        fixture.emulator.expireAllAccessTokens();
        connect.configureConnector("split", p);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("split", 2, "two tasks expected");
        List<Map<String, String>> tasks = new ArrayList<>();
        connect.taskConfigs("split").forEach(t -> tasks.add(((org.apache.kafka.connect.runtime.rest.entities.TaskInfo) t).config()));
        Set<String> assigned = new HashSet<>();
        for (Map<String, String> t : tasks) {
            assigned.add(t.get(DynamicsSourceConnector.TASK_TABLES));
        }
        assertEquals(Set.of("account,list", "listmember"), assigned);
        List<ConsumerRecord<byte[], byte[]>> acc = awaitRecords("split.account", accounts);
        assertEquals(accounts, acc.size(), "throttled and re-authenticated, still each account once");
        assertEquals(accounts, keys(acc, "accountid").size());
        assertEquals(lists, awaitRecords("split.list", lists).size());
        List<ConsumerRecord<byte[], byte[]>> m = awaitRecords("split.listmember", members);
        assertEquals(members, m.size());
        JsonNode key = json(m.get(0).key());
        assertTrue(key.has("_listid_value") && key.has("_entityid_value"), key.toString());
        assertEquals(0, fixture.emulator.faults().pending());
        connect.deleteConnector("split");
    }

    @Test
    void withExactlyOnceATaskRestartedMidSnapshotYieldsNoDuplicates() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(EXACTLY_ONCE, "needs exactly-once support on the worker");
        EmulatedTable accounts = fixture.emulator.table("account");
        int count = accounts.count();
        Map<String, String> p = connector("eos", "account", "eos");
        p.put("page.size", "20");
        // With the key state, the snapshot resumed after the restart must not take the rows read before it for
        // deleted ones (issue 14): still every account exactly once, no tombstone.
        p.put(DynamicsSourceConfig.KEY_STATE_BOOTSTRAP_SERVERS, connect.kafka().bootstrapServers());
        connect.configureConnector("eos", p);
        awaitRecords("eos.account", 40);
        connect.restartTask("eos", 0);
        awaitUntilDistinct("eos.account", "accountid", count);
        Thread.sleep(2000);
        List<ConsumerRecord<byte[], byte[]>> all = readAll("eos.account");
        assertEquals(count, all.size(), "each account exactly once in committed records");
        assertEquals(count, keys(all, "accountid").size());
        connect.deleteConnector("eos");
    }

    /**
     * A task stuck in a slow page read outlives the worker's graceful shutdown and is cancelled; its replacement
     * resumes from the last committed page while the zombie still holds a page. Fencing must keep the zombie's page
     * out of the topic, and the replacement must read it again: every lead exactly once.
     */
    @Test
    void withExactlyOnceACancelledTaskStuckInAPageReadIsFencedOff() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(EXACTLY_ONCE, "needs exactly-once support on the worker");
        int count = fixture.emulator.table("lead").count();
        // Three slowed pages, then a fourth that outlasts the graceful shutdown.
        fixture.emulator.faults().add(Fault.delay(java.time.Duration.ofMillis(300)).onPath(".*/leads.*"), 3);
        fixture.emulator.faults().add(Fault.delay(java.time.Duration.ofMillis(3 * GRACEFUL_SHUTDOWN_MS))
                .onPath(".*/leads.*"), 1);
        Map<String, String> p = connector("zombie", "lead", "zombie");
        p.put("page.size", "20");
        p.put(DynamicsSourceConfig.KEY_STATE_BOOTSTRAP_SERVERS, connect.kafka().bootstrapServers());
        connect.configureConnector("zombie", p);
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (fixture.emulator.faults().pending() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, fixture.emulator.faults().pending(), "the task is inside the slow page read");
        awaitRecords("zombie.lead", 60);
        connect.restartTask("zombie", 0);
        awaitUntilDistinct("zombie.lead", "leadid", count);
        // Past the zombie's slow read, so a page it managed to write would be visible by now.
        Thread.sleep(4 * GRACEFUL_SHUTDOWN_MS);
        List<ConsumerRecord<byte[], byte[]>> all = readAll("zombie.lead");
        assertEquals(count, keys(all, "leadid").size(), "every lead arrived");
        assertEquals(count, all.size(), "no lead twice in committed records");
        connect.deleteConnector("zombie");
    }

    @Test
    void validateNamesTheFieldAtFault() throws Exception {
        Map<String, String> p = connector("validate", "contact,esc_nosuchtable", "v");
        p.put("table.contact.columns", "fullname,nosuchcolumn");
        ConfigInfos result = connect.validateConnectorConfig(DynamicsSourceConnector.class.getSimpleName(), p);
        Map<String, List<String>> errors = errorsByKey(result);
        assertTrue(errors.get("tables").get(0).contains("esc_nosuchtable"), errors.toString());
        assertTrue(errors.get("table.contact.columns").get(0).contains("nosuchcolumn"), errors.toString());

        Map<String, String> badSecret = connector("validate", "contact", "v");
        badSecret.put("dynamics.client.secret", "wrong");
        errors = errorsByKey(connect.validateConnectorConfig(DynamicsSourceConnector.class.getSimpleName(), badSecret));
        assertTrue(errors.containsKey("dynamics.client.secret"), errors.toString());
        assertTrue(errors.get("dynamics.client.secret").stream().noneMatch(e -> e.contains("wrong")),
                "the secret is never echoed");

        Map<String, String> good = connector("validate", "contact,lead", "v");
        assertEquals(Map.of(), errorsByKey(connect.validateConnectorConfig(
                DynamicsSourceConnector.class.getSimpleName(), good)));
    }

    private static Map<String, List<String>> errorsByKey(ConfigInfos infos) {
        Map<String, List<String>> out = new HashMap<>();
        for (ConfigInfo info : infos.values()) {
            if (info.configValue() != null && !info.configValue().errors().isEmpty()) {
                out.put(info.configValue().name(), info.configValue().errors());
            }
        }
        return out;
    }

    private static List<ConsumerRecord<byte[], byte[]>> awaitUntilDistinct(String topic, String idField, int expected)
            throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        List<ConsumerRecord<byte[], byte[]>> all = List.of();
        while (System.currentTimeMillis() < deadline) {
            all = readAll(topic);
            if (keys(all, idField).size() >= expected) {
                return all;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("topic " + topic + " has " + all.size() + " records, expected " + expected
                + " distinct");
    }

    /**
     * The stored offset of a table, once the worker's offset store shows one (the REST view of the offsets topics
     * can briefly list a partition before its value).
     */
    private static Map<String, ?> awaitOffset(String connector, String table) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        ConnectorOffsets offsets = null;
        while (System.currentTimeMillis() < deadline) {
            offsets = connect.connectorOffsets(connector);
            for (ConnectorOffset o : offsets.offsets()) {
                if (Map.of("table", table, "protocol", "1").equals(o.partition()) && o.offset() != null) {
                    return o.offset();
                }
            }
            Thread.sleep(500);
        }
        StringBuilder raw = new StringBuilder();
        Set<String> topics;
        try (org.apache.kafka.clients.admin.Admin admin = connect.kafka().createAdminClient()) {
            topics = admin.listTopics().names().get();
        }
        // What the offsets topics really hold, to tell a key mismatch from a missing offset.
        for (String topic : topics) {
            if (topic.contains("offset")) {
                for (ConsumerRecord<byte[], byte[]> r : readAll(topic)) {
                    raw.append('\n').append(topic).append(' ')
                            .append(r.key() == null ? "null" : new String(r.key(), java.nio.charset.StandardCharsets.UTF_8))
                            .append(" -> ")
                            .append(r.value() == null ? "null" : new String(r.value(), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        throw new AssertionError("no stored offset for table " + table + " of " + connector + ": " + offsets + raw);
    }

    /** A plugin metric of the connector's task 0 from the platform MBean server, or null. */
    private static Object pluginMetric(String connector, String name) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (ObjectName on : server.queryNames(new ObjectName("kafka.connect:*"), null)) {
            if (connector.equals(on.getKeyProperty("connector")) && on.getKeyProperty("task") != null) {
                try {
                    return server.getAttribute(on, name);
                } catch (javax.management.AttributeNotFoundException ignored) {
                    // another MBean of the task
                }
            }
        }
        return null;
    }
}
