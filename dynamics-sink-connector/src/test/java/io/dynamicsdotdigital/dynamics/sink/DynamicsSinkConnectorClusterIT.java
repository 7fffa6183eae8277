package io.dynamicsdotdigital.dynamics.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.emulator.dataverse.AttributeDefinition;
import io.dynamicsdotdigital.emulator.dataverse.AttributeType;
import io.dynamicsdotdigital.emulator.dataverse.DataverseSeed;
import io.dynamicsdotdigital.emulator.dataverse.EmulatedTable;
import io.dynamicsdotdigital.emulator.dataverse.TableDefinition;
import io.dynamicsdotdigital.testsupport.ConnectClusters;
import io.dynamicsdotdigital.testsupport.DataverseEmulatorFixture;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connector in a real Connect worker: JSON records from a topic become rows in the Dataverse emulator over
 * HTTPS, a record that cannot become a row lands in the dead-letter queue with the worker's error headers, and
 * validate() names the field at fault.
 */
class DynamicsSinkConnectorClusterIT {
    static final long WAIT_MS = 60_000;
    static DataverseEmulatorFixture fixture;
    static EmulatedTable opens;
    static EmbeddedConnectCluster connect;

    @BeforeAll
    static void start() throws Exception {
        fixture = new DataverseEmulatorFixture(DataverseSeed.defaults().contacts(3).leads(0).accounts(0).marketingLists(0)
                .campaigns(0).randomSeed(8));
        opens = fixture.emulator.defineTable(TableDefinition.custom("esc_emailopen", "esc_emailopens",
                "esc_emailopenid", true,
                AttributeDefinition.of("esc_campaignid", AttributeType.Integer),
                AttributeDefinition.of("esc_email", AttributeType.String),
                AttributeDefinition.of("esc_mailclient", AttributeType.String))
                .withAlternateKey("esc_campaignid", "esc_email"));
        Map<String, String> worker = new HashMap<>();
        worker.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        worker.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("value.converter.schemas.enable", "false");
        connect = ConnectClusters.start("dynamics-sink-it", 1, worker);
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

    private static Map<String, String> connector() {
        Map<String, String> p = EmulatorSinkProps.of(fixture, "opens-to-dynamics");
        p.put("topics", "dotdigital.campaign-opens");
        p.put("tasks.max", "1");
        p.put("dynamics.entity.set", "esc_emailopens");
        p.put("key.columns", "esc_campaignid,esc_email");
        p.put("field.mapping", "campaignId:esc_campaignid,email:esc_email,mailClient:esc_mailclient");
        p.put("errors.tolerance", "all");
        p.put("errors.deadletterqueue.topic.name", "dynamics-sink-dlq");
        p.put("errors.deadletterqueue.topic.replication.factor", "1");
        p.put("errors.deadletterqueue.context.headers.enable", "true");
        return p;
    }

    @Test
    void recordsBecomeRowsAndABadRecordLandsInTheDeadLetterQueue() throws Exception {
        connect.kafka().createTopic("dotdigital.campaign-opens", 1);
        int before = opens.count();
        for (int i = 0; i < 50; i++) {
            connect.kafka().produce("dotdigital.campaign-opens", "k" + i,
                    "{\"campaignId\":7,\"email\":\"reader" + i + "@example.com\",\"mailClient\":\"Outlook\"}");
        }
        connect.kafka().produce("dotdigital.campaign-opens", "bad", "{\"campaignId\":7,\"mailClient\":\"no email\"}");
        connect.configureConnector("opens-to-dynamics", connector());

        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (opens.count() < before + 50 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(before + 50, opens.count(), "one row per record");

        ConsumerRecords<byte[], byte[]> dlq = connect.kafka().consume(1, WAIT_MS, "dynamics-sink-dlq");
        ConsumerRecord<byte[], byte[]> dead = dlq.iterator().next();
        assertEquals("bad", new String(dead.key(), StandardCharsets.UTF_8));
        Header message = dead.headers().lastHeader("__connect.errors.exception.message");
        assertTrue(message != null && new String(message.value(), StandardCharsets.UTF_8).contains("esc_email"),
                "the reason names the missing key column");

        // Re-delivering everything (a reset consumer group) changes nothing: upserts by alternate key.
        for (int i = 0; i < 50; i++) {
            connect.kafka().produce("dotdigital.campaign-opens", "k" + i,
                    "{\"campaignId\":7,\"email\":\"reader" + i + "@example.com\",\"mailClient\":\"Gmail\"}");
        }
        deadline = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < deadline && opens.ids().stream()
                .anyMatch(id -> "Outlook".equals(opens.get(id).get("esc_mailclient")))) {
            Thread.sleep(200);
        }
        assertEquals(before + 50, opens.count());
        assertTrue(opens.ids().stream().noneMatch(id -> "Outlook".equals(opens.get(id).get("esc_mailclient"))),
                "the second delivery updated the same rows");
        connect.deleteConnector("opens-to-dynamics");
    }

    @Test
    void validateNamesTheFieldAtFault() {
        Map<String, String> p = connector();
        p.put("dynamics.entity.set", "esc_nosuchtables");
        p.put("field.mapping", "campaignId");
        Map<String, List<String>> errors = errors(connect.validateConnectorConfig(
                DynamicsSinkConnector.class.getSimpleName(), p));
        assertTrue(errors.containsKey("field.mapping"), errors.toString());

        p = connector();
        p.put("dynamics.entity.set", "esc_nosuchtables");
        errors = errors(connect.validateConnectorConfig(DynamicsSinkConnector.class.getSimpleName(), p));
        assertTrue(errors.getOrDefault("dynamics.entity.set", List.of()).toString().contains("esc_nosuchtables"),
                errors.toString());

        p = connector();
        p.put("key.columns", "esc_email");
        errors = errors(connect.validateConnectorConfig(DynamicsSinkConnector.class.getSimpleName(), p));
        assertTrue(errors.getOrDefault("key.columns", List.of()).toString().contains("esc_campaignid"),
                "names the table's real alternate key: " + errors);

        p = connector();
        p.put("dynamics.entity.set", "contacts");
        p.put("write.mode", "update_matching");
        p.put("match.column", "emailaddress1");
        p.put("match.id.column", "accountid");
        p.put("field.mapping", "email:emailaddress1");
        p.put("column.values", "donotbulkemail:true");
        errors = errors(connect.validateConnectorConfig(DynamicsSinkConnector.class.getSimpleName(), p));
        assertTrue(errors.getOrDefault("match.id.column", List.of()).toString().contains("contactid"), errors.toString());

        p = connector();
        p.put("dynamics.client.secret", "wrong");
        errors = errors(connect.validateConnectorConfig(DynamicsSinkConnector.class.getSimpleName(), p));
        assertTrue(errors.containsKey("dynamics.client.secret"), errors.toString());
        assertTrue(errors.get("dynamics.client.secret").stream().noneMatch(e -> e.contains("wrong")),
                "the secret is never echoed");

        assertEquals(Map.of(), errors(connect.validateConnectorConfig(DynamicsSinkConnector.class.getSimpleName(),
                connector())));
    }

    private static Map<String, List<String>> errors(ConfigInfos infos) {
        Map<String, List<String>> out = new HashMap<>();
        for (ConfigInfo info : infos.values()) {
            if (info.configValue() != null && !info.configValue().errors().isEmpty()) {
                out.put(info.configValue().name(), info.configValue().errors());
            }
        }
        return out;
    }
}
