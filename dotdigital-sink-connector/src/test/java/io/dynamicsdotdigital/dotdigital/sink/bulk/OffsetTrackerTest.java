package io.dynamicsdotdigital.dotdigital.sink.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
    private final TopicPartition p0 = new TopicPartition("contacts", 0);
    private final TopicPartition p1 = new TopicPartition("contacts", 1);

    @Test
    void commitsOnlyTheUnbrokenFinishedPrefix() {
        OffsetTracker t = new OffsetTracker();
        for (long o = 10; o < 15; o++) {
            t.track(p0, o);
        }
        t.track(p1, 3);
        assertTrue(t.committable(List.of(p0, p1)).isEmpty());
        t.finished(p0, 11);
        t.finished(p0, 12);
        assertFalse(t.committable(List.of(p0)).containsKey(p0), "offset 10 is not finished yet");
        t.finished(p0, 10);
        assertEquals(13, t.committable(List.of(p0)).get(p0).offset());
        t.finished(p0, 14);
        assertEquals(13, t.committable(List.of(p0)).get(p0).offset());
        t.finished(p0, 13);
        assertEquals(15, t.committable(List.of(p0)).get(p0).offset());
        assertEquals(1, t.openRecords());
        t.forget(List.of(p1));
        assertEquals(0, t.openRecords());
    }

    @Test
    void redeliveredRecordsAreNotCountedTwice() {
        OffsetTracker t = new OffsetTracker();
        t.track(p0, 1);
        t.track(p0, 1);
        assertEquals(1, t.openRecords());
        t.finished(p0, 1);
        t.track(p0, 1);
        assertEquals(0, t.openRecords());
        assertEquals(2, t.committable(List.of(p0)).get(p0).offset());
    }

    @Test
    void bufferedBytesAreReleasedWhenARecordFinishesIsGivenBackOrItsPartitionIsRevoked() {
        OffsetTracker t = new OffsetTracker();
        t.track(p0, 1, 1_000);
        t.track(p0, 2, 2_000);
        t.track(p1, 1, 4_000);
        assertFalse(t.track(p0, 2, 2_000), "a redelivery is not counted twice");
        assertEquals(7_000, t.openBytes());
        t.finished(p0, 2);
        assertEquals(5_000, t.openBytes(), "a finished record no longer holds its bytes, even behind an open one");
        t.untrack(p0, 1);
        assertEquals(4_000, t.openBytes());
        t.forget(List.of(p1));
        assertEquals(0, t.openBytes());
    }
}
