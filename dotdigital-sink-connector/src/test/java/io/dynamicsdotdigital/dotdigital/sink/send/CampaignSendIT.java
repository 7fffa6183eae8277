package io.dynamicsdotdigital.dotdigital.sink.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamicsdotdigital.dotdigital.sink.DotdigitalSinkConnector;
import io.dynamicsdotdigital.dotdigital.sink.DotdigitalSinkTask;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalSeed;
import io.dynamicsdotdigital.emulator.dotdigital.Model.RecordedSend;
import io.dynamicsdotdigital.emulator.dataverse.DataverseSeed;
import io.dynamicsdotdigital.testsupport.ConnectClusters;
import io.dynamicsdotdigital.testsupport.DataverseEmulatorFixture;
import io.dynamicsdotdigital.testsupport.DotdigitalEmulatorFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.storage.StringConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The send flow on a real Kafka Connect worker against the Dotdigital emulator: the contact sink imports list
 * members, the send connector sends after those imports, at most once, never to an empty target.
 */
class CampaignSendIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String REQUESTS = "send-requests";
    static final String RESULTS = "send-results";
    static final String DLQ = "send-dlq";
    static final String CONTACTS = "contacts";
    static DotdigitalEmulatorFixture dotdigital;
    /** The Dataverse the "send-dv" connector looks up contacts, leads and an Email Send's lists in. */
    static DataverseEmulatorFixture dataverse;
    static EmbeddedConnectCluster connect;
    static int campaign;
    static int otherCampaign;
    static int awaitingApproval;
    static final int UNKNOWN_CAMPAIGN = 999_999;

    @BeforeAll
    static void start() throws Exception {
        dotdigital = new DotdigitalEmulatorFixture(DotdigitalSeed.empty());
        campaign = dotdigital.emulator.state().addCampaign("Welcome", "Hello", null).id();
        otherCampaign = dotdigital.emulator.state().addCampaign("Not approved", "Hi", null).id();
        awaitingApproval = dotdigital.emulator.state().addCampaign("Awaiting approval", "Hey", null).id();
        dotdigital.emulator.state().setCampaignStatus(awaitingApproval, "RequiresSystemApproval");
        connect = ConnectClusters.start("campaign-send-it", 1, Map.of("task.shutdown.graceful.timeout.ms", "1000"));
        for (String topic : List.of(REQUESTS, RESULTS, DLQ, CONTACTS, REQUESTS + "-kill", REQUESTS + "-soap",
                REQUESTS + "-dv")) {
            connect.kafka().createTopic(topic, 1);
        }
        Map<String, String> contacts = new HashMap<>(dotdigital.connectionProps());
        contacts.put("connector.class", DotdigitalSinkConnector.class.getName());
        contacts.put("tasks.max", "1");
        contacts.put("topics", CONTACTS);
        contacts.put("key.converter", StringConverter.class.getName());
        contacts.put("value.converter", StringConverter.class.getName());
        contacts.put("addressbook.name", "Newsletter");
        contacts.put("import.flush.interval.ms", "200");
        contacts.put("import.poll.interval.ms", "100");
        connect.configureConnector("contacts-sink", contacts);
        connect.configureConnector("send", sendConfig(REQUESTS, 3000));
        dataverse = new DataverseEmulatorFixture(DataverseSeed.empty());
        Map<String, String> lookups = sendConfig(REQUESTS + "-dv", 3000);
        lookups.putAll(dataverse.connectionProps("send-dv"));
        connect.configureConnector("send-dv", lookups);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("send", 1, "send connector did not start");
    }

    static Map<String, String> sendConfig(String topic, long statusTimeoutMs) {
        Map<String, String> c = new HashMap<>(dotdigital.connectionProps());
        c.put("connector.class", DotdigitalCampaignSendConnector.class.getName());
        c.put("tasks.max", "1");
        c.put("topics", topic);
        c.put("key.converter", StringConverter.class.getName());
        c.put("value.converter", StringConverter.class.getName());
        c.put("send.campaign.allowlist", campaign + "," + awaitingApproval + "," + UNKNOWN_CAMPAIGN);
        c.put("send.kafka.bootstrap.servers", connect.kafka().bootstrapServers());
        c.put("send.result.topic", RESULTS);
        c.put("send.status.poll.interval.ms", "100");
        c.put("send.status.timeout.ms", Long.toString(statusTimeoutMs));
        c.put("send.status.followup.interval.ms", "200");
        c.put("send.await.imports.group", "connect-contacts-sink");
        c.put("send.await.imports.topics", CONTACTS);
        c.put("send.await.imports.timeout.ms", "30000");
        c.put("errors.tolerance", "all");
        c.put("errors.deadletterqueue.topic.name", DLQ);
        c.put("errors.deadletterqueue.topic.replication.factor", "1");
        return c;
    }

    @AfterAll
    static void stop() {
        if (connect != null) {
            connect.stop();
        }
        if (dotdigital != null) {
            dotdigital.close();
        }
        if (dataverse != null) {
            dataverse.close();
        }
    }

    @AfterEach
    void neverAnEmptyTarget() {
        dotdigital.emulator.holdSendsInSending(false);
        assertEquals(List.of(), dotdigital.emulator.emptyTargetSends(), "a send went to ALL contacts");
    }

    static String listRequest(String id, int campaignId, String lists) {
        return "{\"esc_emailsendid\":\"" + id + "\",\"esc_sendstatus\":\"Requested\",\"esc_dotdigitalcampaignid\":"
                + campaignId
                + (lists == null ? "" : ",\"esc_marketinglists\":\"" + lists + "\"") + "}";
    }

    static String singleRequest(String id, String email) {
        return singleRequest(id, campaign, email);
    }

    static String singleRequest(String id, int campaignId, String email) {
        return "{\"esc_emailsinglesendid\":\"" + id + "\",\"esc_sendstatus\":\"Requested\",\"esc_dotdigitalcampaignid\":"
                + campaignId
                + ",\"esc_emailaddress\":\"" + email + "\"}";
    }

    static List<JsonNode> outcomes(String requestId) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : connect.kafka().consumeAll(10_000, RESULTS)) {
            JsonNode n = JSON.readTree(new String(r.value(), StandardCharsets.UTF_8));
            if (requestId.equals(n.path("requestId").asText())) {
                out.add(n);
            }
        }
        return out;
    }

    static JsonNode awaitOutcome(String requestId) throws Exception {
        await(() -> {
            try {
                return !outcomes(requestId).isEmpty();
            } catch (Exception e) {
                return false;
            }
        }, Duration.ofSeconds(60), "the outcome of " + requestId);
        List<JsonNode> all = outcomes(requestId);
        return all.get(all.size() - 1);
    }

    /** The failure code header of the DLQ record of this request, or null. */
    static String dlqCode(String requestId) throws Exception {
        for (ConsumerRecord<byte[], byte[]> r : connect.kafka().consumeAll(10_000, DLQ)) {
            if (new String(r.value(), StandardCharsets.UTF_8).contains(requestId)) {
                Header h = r.headers().lastHeader(DotdigitalSinkTask.HEADER_FAILURE_CODE);
                return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    static List<RecordedSend> sendsOf(int campaignId) {
        return dotdigital.emulator.campaignSends().stream().filter(s -> s.campaignId() == campaignId).toList();
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    @Test
    void aListSendReachesExactlyTheListMembersIncludingThoseSyncedJustBefore() throws Exception {
        dotdigital.emulator.importProcessingDelay(Duration.ofMillis(1500));
        try {
            Set<String> members = Set.of("m1@example.com", "m2@example.com", "m3@example.com");
            dotdigital.emulator.state().upsertContact("not-a-member@example.com", Map.of());
            // In one transaction, as the Dynamics source with exactly-once writes: the topic's end offset is then one
            // past the commit marker, which the contact sink never commits, and the send must still go out.
            produceInOneTransaction(CONTACTS, members);
            String id = "list-" + UUID.randomUUID();
            int before = sendsOf(campaign).size();
            connect.kafka().produce(REQUESTS, id, listRequest(id, campaign, "Newsletter"));
            JsonNode outcome = awaitOutcome(id);
            assertEquals("Sent", outcome.path("status").asText(), outcome.toString());
            assertEquals(3, outcome.path("recipients").asInt());
            List<RecordedSend> sends = sendsOf(campaign);
            assertEquals(before + 1, sends.size());
            assertEquals(members, Set.copyOf(sends.get(sends.size() - 1).recipients()));
            assertEquals(sends.get(sends.size() - 1).id(), outcome.path("sendId").asText());
        } finally {
            dotdigital.emulator.importProcessingDelay(Duration.ofMillis(50));
        }
    }

    private static void produceInOneTransaction(String topic, Set<String> emails) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connect.kafka().bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "campaign-send-it-" + UUID.randomUUID());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (String email : emails) {
                producer.send(new ProducerRecord<>(topic, email, "{\"emailaddress1\":\"" + email + "\"}"));
            }
            producer.commitTransaction();
        }
    }

    @Test
    void aSingleSendReachesOneContact() throws Exception {
        dotdigital.emulator.state().upsertContact("single@example.com", Map.of());
        String id = "single-" + UUID.randomUUID();
        connect.kafka().produce(REQUESTS, id, singleRequest(id, "single@example.com"));
        JsonNode outcome = awaitOutcome(id);
        assertEquals("Sent", outcome.path("status").asText(), outcome.toString());
        RecordedSend send = sendsOf(campaign).stream().filter(s -> s.id().equals(outcome.path("sendId").asText()))
                .findFirst().orElseThrow();
        assertEquals(List.of("single@example.com"), send.recipients());
    }

    @Test
    void anEmptyTargetAndACampaignOffTheAllowListAreRefusedBeforeAnyCall() throws Exception {
        long sendCallsBefore = dotdigital.emulator.requests().count("POST /v2/campaigns/send");
        String draft = "draft-" + UUID.randomUUID();
        connect.kafka().produce(REQUESTS, draft, listRequest(draft, campaign, "Newsletter").replace("Requested",
                "Draft"));
        connect.kafka().produce(REQUESTS, draft, null);
        String empty = "empty-" + UUID.randomUUID();
        connect.kafka().produce(REQUESTS, empty, listRequest(empty, campaign, null));
        String notAllowed = "not-allowed-" + UUID.randomUUID();
        connect.kafka().produce(REQUESTS, notAllowed, listRequest(notAllowed, otherCampaign, "Newsletter"));
        JsonNode emptyOutcome = awaitOutcome(empty);
        assertEquals("Refused", emptyOutcome.path("status").asText());
        assertTrue(emptyOutcome.path("reason").asText().startsWith("EMPTY_TARGET"), emptyOutcome.toString());
        JsonNode notAllowedOutcome = awaitOutcome(notAllowed);
        assertTrue(notAllowedOutcome.path("reason").asText().startsWith("CAMPAIGN_NOT_ALLOWED"),
                notAllowedOutcome.toString());
        await(() -> {
            try {
                return dlqCode(notAllowed) != null;
            } catch (Exception e) {
                return false;
            }
        }, Duration.ofSeconds(30), "the refusals in the DLQ");
        assertEquals("EMPTY_TARGET", dlqCode(empty));
        assertEquals("CAMPAIGN_NOT_ALLOWED", dlqCode(notAllowed));
        assertEquals(sendCallsBefore, dotdigital.emulator.requests().count("POST /v2/campaigns/send"),
                "no send call at all");
        assertEquals(List.of(), sendsOf(otherCampaign));
        assertEquals(List.of(), outcomes(draft), "a draft and a tombstone are no requests");
    }

    @Test
    void aDroppedAnswerThatDotdigitalCannotConfirmEndsAsSendOutcomeUnknownAndIsNeverSentAgain() throws Exception {
        dotdigital.emulator.state().upsertContact("dropped@example.com", Map.of());
        int before = sendsOf(campaign).size();
        // Held in Sending: the email has not gone out, so the contact's campaign activity shows no send yet.
        dotdigital.emulator.holdSendsInSending(true);
        dotdigital.emulator.dropAnswerOfNextSends(1);
        String id = "dropped-" + UUID.randomUUID();
        connect.kafka().produce(REQUESTS, id, singleRequest(id, "dropped@example.com"));
        JsonNode outcome = awaitOutcome(id);
        assertEquals("OutcomeUnknown", outcome.path("status").asText(), outcome.toString());
        assertTrue(dotdigital.emulator.requests().countStartingWith("GET /v2/campaigns/" + campaign + "/activities/")
                > 0 && outcome.path("reason").asText().contains("shows no send"), outcome.toString());
        await(() -> {
            try {
                return "SendOutcomeUnknown".equals(dlqCode(id));
            } catch (Exception e) {
                return false;
            }
        }, Duration.ofSeconds(30), "SendOutcomeUnknown in the DLQ");
        dotdigital.emulator.holdSendsInSending(false);
        // A restart redelivers nothing new, and a replay of the same request is not sent either.
        connect.deleteConnector("send");
        connect.configureConnector("send", sendConfig(REQUESTS, 3000));
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("send", 1, "send connector restarted");
        connect.kafka().produce(REQUESTS, id, singleRequest(id, "dropped@example.com"));
        String marker = "marker-" + UUID.randomUUID();
        connect.kafka().produce(REQUESTS, marker, listRequest(marker, campaign, null));
        awaitOutcome(marker);
        assertEquals(before + 1, sendsOf(campaign).size(), "exactly one send for the dropped answer");
    }

    @Test
    void aDroppedAnswerOfASingleSendThatWentOutIsConfirmedFromTheContactsCampaignActivity() throws Exception {
        dotdigital.emulator.state().upsertContact("confirmed@example.com", Map.of());
        int before = sendsOf(campaign).size();
        dotdigital.emulator.dropAnswerOfNextSends(1);
        String id = "confirmed-" + UUID.randomUUID();
        connect.kafka().produce(REQUESTS, id, singleRequest(id, "confirmed@example.com"));
        JsonNode outcome = awaitOutcome(id);
        assertEquals("Sent", outcome.path("status").asText(), outcome.toString());
        assertTrue(outcome.path("reason").asText().contains("shows it sent at"), outcome.toString());
        assertEquals(1, outcome.path("recipients").asInt());
        assertEquals(before + 1, sendsOf(campaign).size(), "the lost answer is never followed by a second send");
        assertEquals(null, dlqCode(id), "a confirmed send is no failure");
    }

    @Test
    void aTaskKilledWhilePollingResumesWithoutASecondSend() throws Exception {
        connect.configureConnector("send-kill", sendConfig(REQUESTS + "-kill", 60_000));
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("send-kill", 1, "send-kill did not start");
        dotdigital.emulator.state().upsertContact("killed@example.com", Map.of());
        dotdigital.emulator.holdSendsInSending(true);
        int before = sendsOf(campaign).size();
        String id = "killed-" + UUID.randomUUID();
        connect.kafka().produce(REQUESTS + "-kill", id, singleRequest(id, "killed@example.com"));
        await(() -> sendsOf(campaign).size() == before + 1, Duration.ofSeconds(30), "the send call");
        // The task is inside put(), polling; its offset is not committed. Restart it: the record is redelivered.
        // (deleted and created again under the same name: the same consumer group, the offset still uncommitted)
        connect.deleteConnector("send-kill");
        connect.configureConnector("send-kill", sendConfig(REQUESTS + "-kill", 60_000));
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("send-kill", 1, "send-kill restarted");
        Thread.sleep(2000);
        dotdigital.emulator.holdSendsInSending(false);
        JsonNode outcome = awaitOutcome(id);
        assertEquals("Sent", outcome.path("status").asText(), outcome.toString());
        assertEquals(before + 1, sendsOf(campaign).size(), "exactly one send after the restart");
        connect.deleteConnector("send-kill");
    }

    @Test
    void soapGivesTheSameOutcomeAsRest() throws Exception {
        Map<String, String> soap = sendConfig(REQUESTS + "-soap", 3000);
        soap.put("dotdigital.transport", "SOAP");
        soap.put("dotdigital.soap.url", dotdigital.emulator.soapUrl());
        connect.configureConnector("send-soap", soap);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("send-soap", 1, "send-soap did not start");
        try {
            dotdigital.emulator.state().upsertContact("soap@example.com", Map.of());
            String id = "soap-" + UUID.randomUUID();
            connect.kafka().produce(REQUESTS + "-soap", id, singleRequest(id, "soap@example.com"));
            JsonNode outcome = awaitOutcome(id);
            assertEquals("Sent", outcome.path("status").asText(), outcome.toString());
            assertEquals(1, outcome.path("recipients").asInt());
            RecordedSend send = sendsOf(campaign).stream()
                    .filter(s -> s.id().equals(outcome.path("sendId").asText())).findFirst().orElseThrow();
            assertEquals("SOAP", send.transport());
            assertEquals(List.of("soap@example.com"), send.recipients());
            String empty = "soap-empty-" + UUID.randomUUID();
            connect.kafka().produce(REQUESTS + "-soap", empty, singleRequest(empty, ""));
            assertTrue(awaitOutcome(empty).path("reason").asText().startsWith("EMPTY_TARGET"));
        } finally {
            connect.deleteConnector("send-soap");
        }
    }

    @Test
    void aSendStuckInProcessingIsReportedThenFollowedUpToItsFinalStatus() throws Exception {
        dotdigital.emulator.state().upsertContact("stuck@example.com", Map.of());
        dotdigital.emulator.holdSendsInSending(true);
        String id = "stuck-" + UUID.randomUUID();
        connect.kafka().produce(REQUESTS, id, singleRequest(id, "stuck@example.com"));
        JsonNode outcome = awaitOutcome(id);
        assertEquals("StillProcessing", outcome.path("status").asText(), outcome.toString());
        assertTrue(outcome.path("reason").asText().contains("Sending"), outcome.toString());
        assertTrue(!outcome.path("sendId").asText().isEmpty());
        dotdigital.emulator.holdSendsInSending(false);
        await(() -> {
            try {
                return outcomes(id).size() == 2;
            } catch (Exception e) {
                return false;
            }
        }, Duration.ofSeconds(30), "the final outcome after StillProcessing");
        List<JsonNode> both = outcomes(id);
        assertEquals(List.of("StillProcessing", "Sent"), both.stream().map(n -> n.path("status").asText()).toList());
        assertEquals(outcome.path("sendId").asText(), both.get(1).path("sendId").asText());
        assertTrue(!both.get(1).path("sentAt").isNull(), both.get(1).toString());
    }

    @Test
    void requestsOfOneBatchWaitSideBySideNotOneAfterTheOther() throws Exception {
        dotdigital.emulator.holdSendsInSending(true);
        List<String> ids = new ArrayList<>();
        long producedAt = System.currentTimeMillis();
        for (int i = 0; i < 4; i++) {
            String email = "side-by-side-" + i + "@example.com";
            dotdigital.emulator.state().upsertContact(email, Map.of());
            String id = "side-by-side-" + i + "-" + UUID.randomUUID();
            ids.add(id);
            connect.kafka().produce(REQUESTS, id, singleRequest(id, email));
        }
        for (String id : ids) {
            assertEquals("StillProcessing", awaitOutcome(id).path("status").asText());
        }
        long lastOutcomeAt = 0;
        for (ConsumerRecord<byte[], byte[]> r : connect.kafka().consumeAll(10_000, RESULTS)) {
            String value = new String(r.value(), StandardCharsets.UTF_8);
            if (ids.stream().anyMatch(value::contains) && value.contains("StillProcessing")) {
                lastOutcomeAt = Math.max(lastOutcomeAt, r.timestamp());
            }
        }
        long tookMs = lastOutcomeAt - producedAt;
        // Each waits send.status.timeout.ms (3 s); one after the other inside put() would take over 12 s.
        assertTrue(tookMs < 8_000, "four 3 s status waits took " + tookMs + " ms");
    }

    @Test
    void anUnknownCampaignAndACampaignNotReadyAreRefusedBeforeAnySendCall() throws Exception {
        dotdigital.emulator.state().upsertContact("not-ready@example.com", Map.of());
        long sendCallsBefore = dotdigital.emulator.requests().count("POST /v2/campaigns/send");
        String notReady = "not-ready-" + UUID.randomUUID();
        connect.kafka().produce(REQUESTS, notReady, singleRequest(notReady, awaitingApproval,
                "not-ready@example.com"));
        String unknown = "unknown-campaign-" + UUID.randomUUID();
        connect.kafka().produce(REQUESTS, unknown, singleRequest(unknown, UNKNOWN_CAMPAIGN, "not-ready@example.com"));
        JsonNode notReadyOutcome = awaitOutcome(notReady);
        assertEquals("Refused", notReadyOutcome.path("status").asText(), notReadyOutcome.toString());
        assertTrue(notReadyOutcome.path("reason").asText().startsWith("CAMPAIGN_NOT_READY")
                && notReadyOutcome.path("reason").asText().contains("RequiresSystemApproval"),
                notReadyOutcome.toString());
        JsonNode unknownOutcome = awaitOutcome(unknown);
        assertTrue(unknownOutcome.path("reason").asText().startsWith("CAMPAIGN_UNKNOWN"), unknownOutcome.toString());
        assertEquals(sendCallsBefore, dotdigital.emulator.requests().count("POST /v2/campaigns/send"),
                "no send call at all");
        assertEquals(List.of(), sendsOf(awaitingApproval));
    }

    /** A single send row with only a lead lookup (no email): the lead's email is read from Dataverse. */
    @Test
    void aSingleSendWhoseRowHasOnlyALeadLookupReachesExactlyThatLead() throws Exception {
        String leadEmail = "lead-" + UUID.randomUUID() + "@example.com";
        String lead = dataverse.emulator.table("lead").create(Map.of("emailaddress1", leadEmail));
        String otherEmail = "contact-" + UUID.randomUUID() + "@example.com";
        dataverse.emulator.table("contact").create(Map.of("emailaddress1", otherEmail));
        dotdigital.emulator.state().upsertContact(leadEmail, Map.of());
        dotdigital.emulator.state().upsertContact(otherEmail, Map.of());
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("send-dv", 1, "send-dv did not start");
        String id = "lead-lookup-" + UUID.randomUUID();
        connect.kafka().produce(REQUESTS + "-dv", id, "{\"esc_emailsinglesendid\":\"" + id + "\","
                + "\"esc_sendstatus\":\"Requested\",\"esc_dotdigitalcampaignid\":" + campaign
                + ",\"_esc_leadid_value\":\"" + lead + "\"}");
        JsonNode outcome = awaitOutcome(id);
        assertEquals("Sent", outcome.path("status").asText(), outcome.toString());
        RecordedSend send = sendsOf(campaign).stream().filter(s -> s.id().equals(outcome.path("sendId").asText()))
                .findFirst().orElseThrow();
        assertEquals(List.of(leadEmail), send.recipients());
    }

    /**
     * An Email Send row without list names: its lists are read through the N:N relationship, and the send reaches
     * exactly the members of the address book mirrored from them, including one synced just before the send.
     */
    @Test
    void aListSendWhoseListsAreOnlyRelatedThroughTheRelationshipReachesExactlyTheirMembers() throws Exception {
        var lists = dataverse.emulator.table("list");
        String newsletter = lists.create(Map.of("listname", "Newsletter", "createdfromcode", 2, "type", false));
        String decoy = lists.create(Map.of("listname", "Decoy", "createdfromcode", 2, "type", false));
        var decoyBook = dotdigital.emulator.state().createAddressBook("Decoy", "Private");
        dotdigital.emulator.state().upsertContact("decoy-member@example.com", Map.of());
        dotdigital.emulator.state().addToAddressBook(decoyBook.id(), "decoy-member@example.com");
        String emailSend = dataverse.emulator.table("esc_emailsend").create(Map.of("esc_name", "N:N send"));
        String otherSend = dataverse.emulator.table("esc_emailsend").create(Map.of("esc_name", "other"));
        dataverse.emulator.associate("esc_emailsend_list", emailSend, newsletter);
        dataverse.emulator.associate("esc_emailsend_list", otherSend, decoy);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("send-dv", 1, "send-dv did not start");
        dotdigital.emulator.importProcessingDelay(Duration.ofMillis(1500));
        try {
            String late = "nn-late-" + UUID.randomUUID() + "@example.com";
            produceInOneTransaction(CONTACTS, Set.of(late));
            connect.kafka().produce(REQUESTS + "-dv", emailSend, "{\"esc_emailsendid\":\"" + emailSend + "\","
                    + "\"esc_sendstatus\":\"Requested\",\"esc_dotdigitalcampaignid\":" + campaign + "}");
            JsonNode outcome = awaitOutcome(emailSend);
            assertEquals("Sent", outcome.path("status").asText(), outcome.toString());
            RecordedSend send = sendsOf(campaign).stream()
                    .filter(s -> s.id().equals(outcome.path("sendId").asText())).findFirst().orElseThrow();
            int book = dotdigital.emulator.state().addressBookByName("Newsletter").orElseThrow().id();
            assertEquals(List.of(book), send.addressBookIds(), "only the related list's address book");
            Set<String> members = dotdigital.emulator.state().addressBookMembers(book);
            assertTrue(members.contains(late), "the member synced just before the send: " + members);
            assertEquals(members, Set.copyOf(send.recipients()));
        } finally {
            dotdigital.emulator.importProcessingDelay(Duration.ofMillis(50));
        }
    }
}
