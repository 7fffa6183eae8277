package io.dynamicsdotdigital.dynamics.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class RowIdSetTest {

    @Test
    void behavesLikeASetOfIdsUnderRandomAddsAndRemoves() {
        RowIdSet set = new RowIdSet();
        Set<String> model = new HashSet<>();
        Random random = new Random(7);
        String[] pool = new String[5_000];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = new UUID(random.nextLong(), random.nextLong()).toString();
        }
        for (int step = 0; step < 60_000; step++) {
            String id = pool[random.nextInt(pool.length)];
            if (random.nextInt(3) == 0) {
                set.remove(id);
                model.remove(id);
            } else {
                set.put(id, null);
                model.add(id);
            }
        }
        assertEquals(model.size(), set.size());
        for (String id : pool) {
            assertEquals(model.contains(id), set.contains(id), id);
        }
        Set<String> listed = new HashSet<>();
        set.forEach((id, key) -> {
            assertNull(key);
            listed.add(id);
        });
        assertEquals(model, listed, "ids come back exactly as given");
    }

    @Test
    void otherIdsAndNaturalKeysKeepTheirKeys() {
        Schema schema = SchemaBuilder.struct().field("k", Schema.STRING_SCHEMA).build();
        Struct key = new Struct(schema).put("k", "v");
        RowIdSet set = new RowIdSet();
        String guid = "0f8fad5b-d9cb-469f-a165-70867728950e";
        set.put(guid, key);
        set.put("NOT-A-GUID", null);
        set.put("0F8FAD5B-D9CB-469F-A165-70867728950E", null);
        set.put("00000000-0000-0000-0000-000000000000", null);
        assertEquals(4, set.size());
        assertSame(key, set.remove(guid));
        assertTrue(set.contains("NOT-A-GUID"));
        assertTrue(set.contains("0F8FAD5B-D9CB-469F-A165-70867728950E"));
        assertFalse(set.contains(guid));
        Map<String, Struct> all = new HashMap<>();
        set.forEach(all::put);
        assertTrue(all.containsKey("00000000-0000-0000-0000-000000000000"));
        assertNull(set.remove("00000000-0000-0000-0000-000000000000"));
        assertEquals(2, set.size());
    }
}
