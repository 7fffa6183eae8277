package io.dynamicsdotdigital.dynamics.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.emulator.common.Fault;
import io.dynamicsdotdigital.emulator.dataverse.AttributeDefinition;
import io.dynamicsdotdigital.emulator.dataverse.AttributeType;
import io.dynamicsdotdigital.emulator.dataverse.DataverseSeed;
import io.dynamicsdotdigital.emulator.dataverse.EmulatedTable;
import io.dynamicsdotdigital.emulator.dataverse.TableDefinition;
import io.dynamicsdotdigital.testsupport.DataverseEmulatorFixture;
import io.dynamicsdotdigital.testsupport.TaskContexts;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real task writing to the Dataverse emulator over HTTPS, with the worker's context played by a small stand-in. */
class DynamicsSinkTaskTest {
    static DataverseEmulatorFixture fixture;
    static EmulatedTable summaries;

    @BeforeAll
    static void start() throws Exception {
        fixture = new DataverseEmulatorFixture(DataverseSeed.defaults().contacts(5).leads(0).accounts(0).marketingLists(0)
                .campaigns(0).randomSeed(5));
        summaries = fixture.emulator.defineTable(TableDefinition.custom("esc_sendsummary", "esc_sendsummaries",
                "esc_sendsummaryid", true,
                AttributeDefinition.of("esc_campaignid", AttributeType.Integer),
                AttributeDefinition.of("esc_contactid", AttributeType.Integer),
                AttributeDefinition.of("esc_email", AttributeType.String),
                AttributeDefinition.of("esc_opens", AttributeType.Integer),
                AttributeDefinition.withPrecision("esc_revenue", AttributeType.Money, 2),
                AttributeDefinition.of("esc_crmcontact", AttributeType.Lookup))
                .withAlternateKey("esc_campaignid", "esc_contactid"));
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** The parts of the worker's context the task uses: its settings and the dead-letter queue. */
    static final class Context {
        final Map<String, String> props;
        final List<SinkRecord> deadLettered = new ArrayList<>();
        final List<Throwable> reasons = new ArrayList<>();
        /** The last retry wait the task asked the worker for; -1 before any. */
        long timeoutMs = -1;

        Context(Map<String, String> props) {
            this.props = props;
        }

        SinkTaskContext workerContext() {
            return TaskContexts.sink(props, Set.of(new TopicPartition("summaries", 0)), (record, error) -> {
                deadLettered.add(record);
                reasons.add(error);
                return CompletableFuture.completedFuture(null);
            }, ms -> timeoutMs = ms);
        }
    }

    private static Map<String, String> props() {
        Map<String, String> p = EmulatorSinkProps.of(fixture, "sink");
        p.put("dynamics.entity.set", "esc_sendsummaries");
        p.put("key.columns", "esc_campaignid,esc_contactid");
        p.put("field.mapping", "campaignId:esc_campaignid,contactId:esc_contactid,email:esc_email,"
                + "numOpens:esc_opens,revenue:esc_revenue,crmContactId:esc_crmcontact");
        p.put("lookup.bindings", "esc_crmcontact:contacts");
        p.put("batch.size", "7");
        return p;
    }

    private static DynamicsSinkTask task(Context context) {
        DynamicsSinkTask task = new DynamicsSinkTask();
        task.initialize(context.workerContext());
        task.start(context.props);
        return task;
    }

    private static SinkRecord record(long offset, Object value) {
        return new SinkRecord("summaries", 0, null, null, null, value, offset);
    }

    private static Map<String, Object> summary(int campaign, int contact, int opens) {
        Map<String, Object> m = new HashMap<>();
        m.put("campaignId", campaign);
        m.put("contactId", contact);
        m.put("email", "c" + contact + "@example.com");
        m.put("numOpens", opens);
        m.put("ignored", "not mapped");
        return m;
    }

    private static Map<String, Object> row(int campaign, int contact) {
        for (String id : summaries.ids()) {
            Map<String, Object> r = summaries.get(id);
            if (Integer.valueOf(campaign).equals(r.get("esc_campaignid"))
                    && Integer.valueOf(contact).equals(r.get("esc_contactid"))) {
                return r;
            }
        }
        return null;
    }

    @Test
    void upsertsRowsByAlternateKeyInBatchesAndARedeliveryChangesNothing() {
        Context context = new Context(props());
        DynamicsSinkTask task = task(context);
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            records.add(record(i, summary(100, i, i % 3)));
        }
        int before = summaries.count();
        task.put(records);
        assertEquals(before + 20, summaries.count());
        assertEquals(2, row(100, 2).get("esc_opens"));
        assertEquals("c2@example.com", row(100, 2).get("esc_email"));
        assertEquals(3, task.metrics().total("batches-total"), "20 rows in batches of 7");

        records.set(2, record(2, summary(100, 2, 9)));
        task.put(records);
        assertEquals(before + 20, summaries.count(), "upserts: the same keys address the same rows");
        assertEquals(9, row(100, 2).get("esc_opens"), "the changed row was updated");
        assertEquals(40, task.metrics().total("rows-written-total"));
        assertTrue(context.deadLettered.isEmpty(), context.reasons.toString());
        task.stop();
    }

    @Test
    void structsDecimalsAndLookupBindingsAreWritten() {
        Context context = new Context(props());
        DynamicsSinkTask task = task(context);
        Schema schema = SchemaBuilder.struct().field("campaignId", Schema.INT32_SCHEMA)
                .field("contactId", Schema.INT32_SCHEMA).field("email", Schema.STRING_SCHEMA)
                .field("revenue", org.apache.kafka.connect.data.Decimal.schema(2))
                .field("crmContactId", Schema.STRING_SCHEMA).build();
        String crmContact = fixture.emulator.table("contact").ids().get(0);
        Struct value = new Struct(schema).put("campaignId", 200).put("contactId", 1).put("email", "s@example.com")
                .put("revenue", new BigDecimal("12.50")).put("crmContactId", crmContact);
        task.put(List.of(new SinkRecord("summaries", 0, null, null, schema, value, 0)));
        Map<String, Object> row = row(200, 1);
        assertEquals(0, new BigDecimal("12.50").compareTo(new BigDecimal(row.get("esc_revenue").toString())));
        assertEquals(crmContact, String.valueOf(row.get("_esc_crmcontact_value")).toLowerCase());
        assertTrue(context.deadLettered.isEmpty(), context.reasons.toString());
        task.stop();
    }

    @Test
    void badRecordsAndRefusedRowsGoToTheDeadLetterQueueAndTheRestIsWritten() {
        Map<String, String> props = props();
        props.put("errors.tolerance", "all");
        Context context = new Context(props);
        DynamicsSinkTask task = task(context);
        Map<String, Object> noKey = summary(300, 1, 1);
        noKey.remove("contactId");
        Map<String, Object> badLookup = summary(300, 2, 1);
        badLookup.put("crmContactId", "not-a-guid");
        Map<String, Object> refused = summary(300, 3, 1);
        refused.put("numOpens", "many");
        task.put(List.of(record(0, summary(300, 0, 1)), record(1, noKey), record(2, badLookup), record(3, refused),
                record(4, "not json"), record(5, summary(300, 5, 1))));
        assertEquals(4, context.deadLettered.size(), context.reasons.toString());
        assertTrue(context.reasons.get(0).getMessage().contains("esc_contactid"), context.reasons.toString());
        assertTrue(context.reasons.get(1).getMessage().contains("esc_crmcontact"), context.reasons.toString());
        assertTrue(context.reasons.get(2).getMessage().contains("not JSON"), context.reasons.toString());
        assertTrue(context.reasons.get(3).getMessage().contains("HTTP 400"), context.reasons.toString());
        assertTrue(context.reasons.get(3).getMessage().contains("summaries-0@3"), "names the record");
        assertEquals(3L, context.deadLettered.get(3).kafkaOffset());
        assertTrue(row(300, 0) != null && row(300, 5) != null, "good rows around the bad ones are written");
        assertEquals(4, task.metrics().total("records-failed-total"));
        task.stop();
    }

    @Test
    void throttledBatchesAreRetriedAndTombstonesDeleteRows() {
        Context context = new Context(props());
        DynamicsSinkTask task = task(context);
        task.put(List.of(record(0, summary(400, 1, 1)), record(1, summary(400, 2, 1))));
        fixture.emulator.faults().add(Fault.tooManyRequests(1).onPath(".*\\$batch"), 2);
        task.put(List.of(record(2, summary(400, 3, 1))));
        assertEquals(0, fixture.emulator.faults().pending(), "the throttling happened");
        assertTrue(row(400, 3) != null);

        Map<String, Object> key = Map.of("campaignId", 400, "contactId", 1);
        task.put(List.of(new SinkRecord("summaries", 0, null, key, null, null, 3)));
        assertNull(row(400, 1), "the tombstone deleted the row its key addresses");
        assertTrue(row(400, 2) != null);
        assertEquals(1, task.metrics().total("rows-deleted-total"));
        assertTrue(context.deadLettered.isEmpty(), context.reasons.toString());
        task.stop();
    }

    @Test
    void rowsStillFailingAfterTheRetriesMakeTheWorkerDeliverThemAgain() {
        Context context = new Context(props());
        DynamicsSinkTask task = task(context);
        fixture.emulator.faults().add(Fault.status(503).onPath(".*\\$batch"), 100);
        try {
            assertThrows(RetriableException.class, () -> task.put(List.of(record(0, summary(500, 1, 1)))));
            assertEquals(DynamicsSinkTask.REDELIVERY_DELAY_MS, context.timeoutMs, "the worker redelivers soon");
        } finally {
            fixture.emulator.faults().clear();
        }
        task.put(List.of(record(0, summary(500, 1, 1))));
        assertTrue(row(500, 1) != null);
        task.stop();
    }

    @Test
    void updateMatchingChangesEveryRowWithTheValueAndSkipsRecordsMatchingNone() {
        EmulatedTable contacts = fixture.emulator.table("contact");
        String first = contacts.create(Map.of("emailaddress1", "dup@example.com", "firstname", "A"));
        String second = contacts.create(Map.of("emailaddress1", "dup@example.com", "firstname", "B"));
        String quoted = contacts.create(Map.of("emailaddress1", "o'neil@example.com", "firstname", "C"));
        String other = contacts.create(Map.of("emailaddress1", "stays@example.com", "firstname", "D"));
        Map<String, String> p = EmulatorSinkProps.of(fixture, "unsubscribes");
        p.put("dynamics.entity.set", "contacts");
        p.put("write.mode", "update_matching");
        p.put("match.column", "emailaddress1");
        p.put("match.id.column", "contactid");
        p.put("field.mapping", "email:emailaddress1");
        p.put("column.values", "donotbulkemail:true");
        Context context = new Context(p);
        DynamicsSinkTask task = task(context);
        int before = contacts.count();
        task.put(List.of(record(0, Map.of("email", "dup@example.com", "unsubscribed", true)),
                record(1, Map.of("email", "nobody@example.com", "unsubscribed", true)),
                record(2, Map.of("email", "o'neil@example.com", "unsubscribed", true))));
        assertEquals(true, contacts.get(first).get("donotbulkemail"));
        assertEquals(true, contacts.get(second).get("donotbulkemail"), "every row with the email");
        assertEquals(true, contacts.get(quoted).get("donotbulkemail"), "quotes in the value are escaped");
        assertTrue(!Boolean.TRUE.equals(contacts.get(other).get("donotbulkemail")));
        assertEquals(before, contacts.count(), "update_matching never creates rows");
        assertEquals(1, task.metrics().total("records-unmatched-total"));
        assertEquals(3, task.metrics().total("rows-written-total"));
        assertTrue(context.deadLettered.isEmpty(), context.reasons.toString());
        task.stop();
    }

    @Test
    void aLongRetryAfterNeverHoldsThePutThreadAndTheWorkerRedeliversLater() {
        fixture.emulator.faults().add(io.dynamicsdotdigital.emulator.common.Fault.tooManyRequests(120)
                .onPath(".*\\$batch.*"), 50);
        try {
            Context context = new Context(props());
            DynamicsSinkTask task = task(context);
            long start = System.nanoTime();
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(45), () ->
                    assertThrows(org.apache.kafka.connect.errors.RetriableException.class,
                            () -> task.put(List.of(record(900, summary(900, 1, 1))))));
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertTrue(seconds < 30, "put() took " + seconds + " s");
            assertEquals(120_000, context.timeoutMs, "the worker redelivers after the wait Dataverse asked for");
            task.stop();
        } finally {
            fixture.emulator.faults().clear();
        }
    }

    @Test
    void anUnreadableBatchAnswerIsSentAgainAndAStalledOneNeverHoldsThePut() {
        Map<String, String> p = props();
        p.put("http.request.timeout.ms", "1500");
        Context context = new Context(p);
        DynamicsSinkTask task = task(context);
        try {
            fixture.emulator.faults().add(Fault.status(200, Map.of("Content-Type", "text/html"),
                    "<html><body>The gateway is busy</body></html>").onPath(".*\\$batch"), 1);
            fixture.emulator.faults().add(Fault.malformedBody().onPath(".*\\$batch"), 1);
            task.put(List.of(record(0, summary(950, 1, 1))));
            assertEquals(0, fixture.emulator.faults().pending(), "both unreadable answers were served");
            assertTrue(row(950, 1) != null, "written in the next rounds of the same put");
            assertEquals(2, task.metrics().total("batches-resent-total"));

            fixture.emulator.faults().add(Fault.stallMidBody(java.time.Duration.ofSeconds(6)).onPath(".*\\$batch"),
                    1);
            long start = System.nanoTime();
            assertThrows(RetriableException.class, () -> task.put(List.of(record(1, summary(950, 2, 1)))));
            long millis = (System.nanoTime() - start) / 1_000_000L;
            assertTrue(millis < 4000, "a body stalled for 6 s held put() " + millis + " ms");
            task.put(List.of(record(1, summary(950, 2, 1))));
            assertTrue(row(950, 2) != null);
            assertTrue(context.deadLettered.isEmpty(), context.reasons.toString());
            assertEquals(1, task.metrics().total("puts-redelivered-total"));
        } finally {
            fixture.emulator.faults().clear();
            task.stop();
        }
    }

    @Test
    void theConfiguredInCallWaitBoundsThePutThreadsWaitsToo() {
        Map<String, String> p = props();
        p.put("retry.wait.in.call.max.ms", "300");
        Context context = new Context(p);
        DynamicsSinkTask task = task(context);
        long before = fixture.emulator.requests().countStartingWith("POST /api/data/v9.2/$batch");
        fixture.emulator.faults().add(Fault.tooManyRequests(2).onPath(".*\\$batch.*"), 50);
        try {
            long start = System.nanoTime();
            assertThrows(RetriableException.class, () -> task.put(List.of(record(910, summary(910, 1, 1)))));
            long millis = (System.nanoTime() - start) / 1_000_000L;
            assertEquals(1, fixture.emulator.requests().countStartingWith("POST /api/data/v9.2/$batch") - before,
                    "a 2 s Retry-After over retry.wait.in.call.max.ms=300 is not slept and retried in the call");
            assertTrue(millis < 1500, "put() took " + millis + " ms");
            assertEquals(DynamicsSinkTask.REDELIVERY_DELAY_MS, context.timeoutMs);
        } finally {
            fixture.emulator.faults().clear();
            task.stop();
        }
    }
}
