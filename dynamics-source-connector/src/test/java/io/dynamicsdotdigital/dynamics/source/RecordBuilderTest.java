package io.dynamicsdotdigital.dynamics.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dynamicsdotdigital.dynamics.source.offsets.TablePartitions;
import io.dynamicsdotdigital.dynamics.source.schema.SchemaMapper;
import io.dynamicsdotdigital.dynamics.source.schema.TableSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class RecordBuilderTest {
    final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));
    final TableSchema members = new SchemaMapper("dynamics").build(TestMetadata.listMember(), List.of(), false, 1);
    final RecordBuilder builder = new RecordBuilder(new TableSettings("listmember", List.of(), "", TableMode.AUTO,
            "dynamics.listmember"), "dynamics", false, clock);

    @Test
    void upsertsAreKeyedByTheKeyColumnsAndCarryTheirHeadersButNoTimestamp() {
        Struct value = new Struct(members.valueSchema()).put("listmemberid", "m1").put("_listid_value", "L")
                .put("_entityid_value", "E").put("versionnumber", 12L);
        Struct key = RecordBuilder.keyOf(members, value);
        SourceRecord r = builder.upsert(members, value, key, Map.of("phase", "snapshot"), false);
        assertEquals("L", ((Struct) r.key()).get("_listid_value"));
        assertEquals("E", ((Struct) r.key()).get("_entityid_value"));
        assertEquals(TablePartitions.of("listmember"), r.sourcePartition());
        assertEquals("dynamics.listmember", r.topic());
        assertNull(r.timestamp());
        assertEquals("upsert", r.headers().lastWithName(RecordHeaders.OPERATION).value());
        assertEquals(12L, r.headers().lastWithName(RecordHeaders.VERSION).value());
    }

    @Test
    void withoutDeleteEventsADeleteIsOneTombstone() {
        List<SourceRecord> out = new ArrayList<>();
        Struct key = RecordBuilder.keyOf(members, new Struct(members.valueSchema()).put("_listid_value", "L"));
        builder.addDelete(out, members, "m1", "deleted", Map.of(), key);
        assertEquals(1, out.size());
        assertNull(out.get(0).value());
        assertEquals("", ((Struct) out.get(0).key()).get("_entityid_value"), "a missing key column is empty");
        assertEquals(clock.millis(), out.get(0).timestamp());
        assertEquals(1, builder.recordsPerDelete());
    }
}
