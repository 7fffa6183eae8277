package io.dynamicsdotdigital.dotdigital.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompactKeysTest {
    @Test
    void holdsTheSameKeysAndTimesAsTheMapItWasMadeFrom() {
        Map<String, Long> keys = new HashMap<>();
        for (int i = 0; i < 5_000; i++) {
            keys.put(RowKeys.hash("row-" + i), i % 7 == 0 ? WatermarkRead.UNKNOWN_TIME : 1_700_000_000_000L + i);
        }
        Map<String, Long> compact = CompactKeys.copyOf(keys);
        assertTrue(compact instanceof CompactKeys);
        assertEquals(keys, compact);
        assertEquals(compact, keys);
        assertEquals(keys.hashCode(), compact.hashCode());
        assertEquals(1_700_000_000_001L, compact.get(RowKeys.hash("row-1")));
        assertFalse(compact.containsKey(RowKeys.hash("row-5000")));
        assertNull(compact.get("not a key"));
        assertEquals(StreamOffset.encode(keys).length(), StreamOffset.encode(compact).length());
    }

    @Test
    void aKeyThatIsNoCanonicalHashKeepsTheMapAsItIs() {
        Map<String, Long> handWritten = Map.of("0abc", 5L, "zzzzzzzzzzzzz", 6L);
        Map<String, Long> copy = CompactKeys.copyOf(handWritten);
        assertFalse(copy instanceof CompactKeys);
        assertEquals(handWritten, copy);
    }

    @Test
    void offsetsRoundTripThroughTheirStoredForm() {
        Map<String, Long> keys = new HashMap<>();
        keys.put(RowKeys.hash("a"), 1L);
        keys.put(RowKeys.hash("b"), WatermarkRead.UNKNOWN_TIME);
        StreamOffset offset = new StreamOffset(java.time.Instant.parse("2026-11-01T00:00:00Z"), keys, null);
        assertEquals(offset, StreamOffset.fromMap(offset.toMap()));
    }
}
