package io.dynamicsdotdigital.dynamics.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.emulator.common.Fault;
import io.dynamicsdotdigital.emulator.dataverse.AttributeDefinition;
import io.dynamicsdotdigital.emulator.dataverse.AttributeType;
import io.dynamicsdotdigital.emulator.dataverse.DataverseSeed;
import io.dynamicsdotdigital.emulator.dataverse.EmulatedTable;
import io.dynamicsdotdigital.emulator.dataverse.TableDefinition;
import io.dynamicsdotdigital.testsupport.DataverseEmulatorFixture;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 13: write.mode=create on a table without an alternate key. A $batch of creations that the service
 * applied but whose answer was lost (gateway timeout, dropped connection) is not sent again: each row exists once and
 * its record is reported as CreateOutcomeUnknown. A 429, which Dataverse answers before running anything, is still
 * retried.
 */
class CreateOutcomeUnknownTest {
    static DataverseEmulatorFixture fixture;
    static EmulatedTable events;

    @BeforeAll
    static void start() {
        fixture = new DataverseEmulatorFixture(DataverseSeed.defaults().contacts(1).leads(0).accounts(0)
                .marketingLists(0).campaigns(0).randomSeed(7));
        events = fixture.emulator.defineTable(TableDefinition.custom("esc_sendevent", "esc_sendevents",
                "esc_sendeventid", true,
                AttributeDefinition.of("esc_name", AttributeType.String),
                AttributeDefinition.of("esc_opens", AttributeType.Integer)));
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @AfterEach
    void clearFaults() {
        fixture.emulator.faults().clear();
    }

    private static DynamicsSinkTaskTest.Context context() {
        Map<String, String> p = EmulatorSinkProps.of(fixture, "events");
        p.put("dynamics.entity.set", "esc_sendevents");
        p.put("write.mode", "create");
        p.put("field.mapping", "name:esc_name,opens:esc_opens");
        p.put("errors.tolerance", "all");
        return new DynamicsSinkTaskTest.Context(p);
    }

    private static DynamicsSinkTask task(DynamicsSinkTaskTest.Context context) {
        DynamicsSinkTask task = new DynamicsSinkTask();
        task.initialize(context.workerContext());
        task.start(context.props);
        return task;
    }

    private static SinkRecord event(long offset, String name) {
        return new SinkRecord("summaries", 0, null, null, null, Map.of("name", name, "opens", 1), offset);
    }

    private static long rowsNamed(String name) {
        return events.ids().stream().filter(id -> name.equals(events.get(id).get("esc_name"))).count();
    }

    @Test
    void aCreateBatchWhoseAnswerIsLostIsNotSentAgainAndItsRecordsAreReported() {
        DynamicsSinkTaskTest.Context context = context();
        DynamicsSinkTask task = task(context);
        fixture.emulator.faults().add(Fault.status(504).onPath("\\$batch").afterApplying(), 1);
        task.put(List.of(event(0, "gateway-a"), event(1, "gateway-b")));
        assertEquals(1, rowsNamed("gateway-a"), "created once, not twice");
        assertEquals(1, rowsNamed("gateway-b"));
        assertEquals(2, context.deadLettered.size(), context.reasons.toString());
        assertTrue(context.reasons.get(0).getMessage().contains("CreateOutcomeUnknown"), context.reasons.toString());
        assertTrue(context.reasons.get(0).getMessage().contains("summaries-0@0"), "names the record");

        fixture.emulator.faults().add(Fault.reset().onPath("\\$batch").afterApplying(), 1);
        task.put(List.of(event(2, "dropped")));
        assertEquals(1, rowsNamed("dropped"), "created once after a dropped connection");
        assertEquals(3, context.deadLettered.size(), context.reasons.toString());
        assertEquals(3, task.metrics().total("creates-outcome-unknown-total"));
        assertEquals(3, task.metrics().total("records-failed-total"));
        task.stop();
    }

    @Test
    void aThrottledCreateBatchIsStillRetriedAsNothingOfItRan() {
        DynamicsSinkTaskTest.Context context = context();
        DynamicsSinkTask task = task(context);
        fixture.emulator.faults().add(Fault.tooManyRequests(1).onPath("\\$batch"), 1);
        task.put(List.of(event(0, "throttled")));
        assertEquals(0, fixture.emulator.faults().pending(), "the throttling happened");
        assertEquals(1, rowsNamed("throttled"));
        assertTrue(context.deadLettered.isEmpty(), context.reasons.toString());
        assertEquals(0, task.metrics().total("creates-outcome-unknown-total"));
        task.stop();
    }
}
