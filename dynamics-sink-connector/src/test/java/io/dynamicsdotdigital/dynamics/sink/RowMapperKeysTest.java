package io.dynamicsdotdigital.dynamics.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** Row addresses by alternate key: the literals follow the key columns' metadata types. */
class RowMapperKeysTest {
    static final String GUID = "0f8fad5b-d9cb-469f-a165-70867728950e";

    private static DynamicsSinkConfig config(String keyColumns) {
        Map<String, String> p = new HashMap<>();
        p.put("dynamics.url", "https://org.crm.dynamics.com");
        p.put("dynamics.tenant.id", "t");
        p.put("dynamics.client.id", "c");
        p.put("dynamics.client.secret", "s");
        p.put("dynamics.entity.set", "esc_things");
        p.put("key.columns", keyColumns);
        p.put("field.mapping", "code:esc_code,score:esc_score,name:esc_name");
        return new DynamicsSinkConfig(p);
    }

    private static String path(RowMapper mapper, Map<String, Object> value) {
        return mapper.map(new SinkRecord("t", 0, null, null, null, value, 0)).path();
    }

    /**
     * The preference-opt-ins stream's optIns, an array of structs as the JsonConverter with schemas gives it, goes to
     * its Memo column as JSON text (it went to the dead-letter queue: Jackson cannot serialize a Struct).
     */
    @Test
    void anArrayOfStructsIsWrittenAsJsonText() {
        Schema optIn = SchemaBuilder.struct().field("marketingPreferenceId", Schema.INT64_SCHEMA)
                .field("isOptedIn", Schema.BOOLEAN_SCHEMA).build();
        Schema record = SchemaBuilder.struct().field("code", Schema.STRING_SCHEMA)
                .field("name", SchemaBuilder.array(optIn).build()).build();
        Struct value = new Struct(record).put("code", "c1").put("name", List.of(new Struct(optIn)
                .put("marketingPreferenceId", 12L).put("isOptedIn", true)));
        var request = new RowMapper(config("esc_code")).map(new SinkRecord("t", 0, null, null, record, value, 0))
                .request();
        assertEquals("[{\"marketingPreferenceId\":12,\"isOptedIn\":true}]", request.body().path("esc_name").asText());
    }

    @Test
    void aDecimalKeyIsWrittenInPlainNotation() {
        RowMapper mapper = new RowMapper(config("esc_score"));
        assertEquals("esc_things(esc_score=10000000000)", path(mapper, Map.of("score", 1.0E10, "name", "x")));
    }

    @Test
    void aTextKeyHoldingAGuidOrANumberIsQuoted() {
        RowMapper mapper = new RowMapper(config("esc_code,esc_score"),
                Map.of("esc_code", "String", "esc_score", "Decimal"));
        assertEquals("esc_things(esc_code='" + GUID + "',esc_score=2.5)",
                path(mapper, Map.of("code", GUID, "score", "2.5", "name", "x")));
        assertEquals("esc_things(esc_code='42',esc_score=1)", path(mapper, Map.of("code", 42, "score", 1,
                "name", "x")));
        UnwritableRecordException e = assertThrows(UnwritableRecordException.class,
                () -> path(mapper, Map.of("code", "a", "score", "lots", "name", "x")));
        assertTrue(e.getMessage().contains("esc_score") && e.getMessage().contains("Decimal"), e.getMessage());
    }
}
