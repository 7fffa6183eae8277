package io.dynamicsdotdigital.dotdigital.sink.preference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text form of the sink's own preference writes kept in a Dotdigital data field. */
class OwnWritesTest {
    @Test
    void roundTripsKeepsTheNewestWithinTheLengthAndSkipsUnreadableEntries() {
        Map<Long, OwnWrites.Write> writes = new LinkedHashMap<>();
        writes.put(7L, new OwnWrites.Write(7, true, Instant.ofEpochSecond(100), Instant.ofEpochSecond(160)));
        writes.put(8L, new OwnWrites.Write(8, false, Instant.ofEpochSecond(200), Instant.ofEpochSecond(260)));
        String text = OwnWrites.format(writes, 255);
        assertEquals("8=0@200@260;7=1@100@160", text);
        assertEquals(writes, OwnWrites.parse(text));
        assertEquals("8=0@200@260", OwnWrites.format(writes, 20), "the oldest write is dropped first");
        assertEquals(Map.of(8L, writes.get(8L)), OwnWrites.parse("garbage;8=0@200@260;9=x"));
    }

    @Test
    void aWriteIsStillHeldOnlyWithItsValueAndItsStampToTheSecond() {
        OwnWrites.Write w = new OwnWrites.Write(7, true, Instant.ofEpochSecond(100), Instant.ofEpochSecond(160));
        assertTrue(w.stillHeld(true, Instant.ofEpochSecond(160).plusMillis(400)));
        assertFalse(w.stillHeld(false, Instant.ofEpochSecond(160)));
        assertFalse(w.stillHeld(true, Instant.ofEpochSecond(161)));
    }
}
