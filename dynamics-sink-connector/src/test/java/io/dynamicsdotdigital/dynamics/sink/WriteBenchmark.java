package io.dynamicsdotdigital.dynamics.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.emulator.dataverse.AttributeDefinition;
import io.dynamicsdotdigital.emulator.dataverse.AttributeType;
import io.dynamicsdotdigital.emulator.dataverse.DataverseSeed;
import io.dynamicsdotdigital.emulator.dataverse.EmulatedTable;
import io.dynamicsdotdigital.emulator.dataverse.TableDefinition;
import io.dynamicsdotdigital.testsupport.DataverseEmulatorFixture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Rows per second and rows per API call of the write path (map, $batch encode, HTTPS, the emulator applying the
 * upserts, answer parsing), one task, against the Dataverse emulator in the same JVM. Prints figures; run it with
 * {@code -Dtest=WriteBenchmark -DexcludedGroups= -Dgroups=benchmark}.
 */
@Tag("benchmark")
class WriteBenchmark {
    static final int ROWS = 20_000;

    @Test
    void upsertRate() throws Exception {
        try (DataverseEmulatorFixture fixture = new DataverseEmulatorFixture(DataverseSeed.defaults().contacts(1).leads(0).accounts(0)
                .marketingLists(0).campaigns(0).randomSeed(1))) {
            EmulatedTable table = fixture.emulator.defineTable(TableDefinition.custom("esc_bench", "esc_benches",
                    "esc_benchid", true, AttributeDefinition.of("esc_campaignid", AttributeType.Integer),
                    AttributeDefinition.of("esc_contactid", AttributeType.Integer),
                    AttributeDefinition.of("esc_email", AttributeType.String),
                    AttributeDefinition.of("esc_opens", AttributeType.Integer))
                    .withAlternateKey("esc_campaignid", "esc_contactid"));
            Map<String, String> p = EmulatorSinkProps.of(fixture, "bench");
            p.put("dynamics.entity.set", "esc_benches");
            p.put("key.columns", "esc_campaignid,esc_contactid");
            p.put("field.mapping", "campaignId:esc_campaignid,contactId:esc_contactid,email:esc_email,"
                    + "numOpens:esc_opens");
            p.put("batch.size", "1000");
            DynamicsSinkTaskTest.Context context = new DynamicsSinkTaskTest.Context(p);
            DynamicsSinkTask task = new DynamicsSinkTask();
            task.initialize(context.workerContext());
            task.start(p);
            for (int round = 1; round <= 2; round++) {
                // Round 1 creates the rows (and warms up); round 2 updates the same keys.
                List<SinkRecord> records = new ArrayList<>(ROWS);
                for (int i = 0; i < ROWS; i++) {
                    Map<String, Object> v = new HashMap<>();
                    v.put("campaignId", 1);
                    v.put("contactId", i);
                    v.put("email", "c" + i + "@example.com");
                    v.put("numOpens", round);
                    records.add(new SinkRecord("t", 0, null, null, null, v, i));
                }
                long batchesBefore = task.metrics().total("batches-total");
                long start = System.nanoTime();
                for (int from = 0; from < ROWS; from += 500) {
                    task.put(records.subList(from, from + 500)); // the worker's default max.poll.records
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                long calls = task.metrics().total("batches-total") - batchesBefore;
                System.out.printf("round %d (%s): %,d rows in %.2f s = %,.0f rows/s; %d $batch calls = %,.0f rows"
                        + " per call%n", round, round == 1 ? "creates" : "updates", ROWS, seconds, ROWS / seconds,
                        calls, (double) ROWS / calls);
                assertEquals(ROWS, table.count());
            }
            assertTrue(context.deadLettered.isEmpty(), context.reasons.toString());
            task.stop();
        }
    }
}
