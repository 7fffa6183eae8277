package io.dynamicsdotdigital.dotdigital.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.Test;

class PartitionOffsetsTest {
    private static final Map<String, String> CLICKS_42 = StreamPartitions.of(StreamName.CAMPAIGN_CLICKS, 42L);
    private static final Map<String, String> UNSUBSCRIBES = StreamPartitions.of(StreamName.UNSUBSCRIBES, null);

    /** An offset store holding the given offsets and counting its lookups. */
    static final class Store implements OffsetStorageReader {
        final Map<Map<String, ?>, Map<String, Object>> stored = new HashMap<>();
        final AtomicInteger lookups = new AtomicInteger();

        @Override
        public <T> Map<String, Object> offset(Map<String, T> partition) {
            return offsets(java.util.List.of(partition)).get(partition);
        }

        @Override
        public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
            Map<Map<String, T>, Map<String, Object>> out = new HashMap<>();
            for (Map<String, T> p : partitions) {
                lookups.incrementAndGet();
                out.put(p, stored.get(p));
            }
            return out;
        }
    }

    @Test
    void storedOffsetsAreReadOnceAndMemoryWinsAfterwards() {
        Store store = new Store();
        store.stored.put(CLICKS_42, StreamOffset.start(Instant.parse("2026-11-01T00:00:00Z")).toMap());
        PartitionOffsets offsets = new PartitionOffsets(() -> store);

        assertEquals(Instant.parse("2026-11-01T00:00:00Z"), offsets.offset(CLICKS_42).watermark());
        assertNull(offsets.offset(UNSUBSCRIBES), "a partition never read has no offset");
        offsets.update(CLICKS_42, StreamOffset.start(Instant.parse("2026-11-02T00:00:00Z")));
        int lookups = store.lookups.get();
        assertEquals(Instant.parse("2026-11-02T00:00:00Z"), offsets.offset(CLICKS_42).watermark());
        assertEquals(lookups, store.lookups.get(), "a partition held in memory is not looked up again");
    }

    @Test
    void aFinishedCampaignPartitionLeavesMemoryOnlyOnceConnectStoredItsOffset() {
        PartitionOffsets offsets = new PartitionOffsets(() -> null);
        StreamOffset offset = StreamOffset.start(Instant.parse("2026-11-01T00:00:00Z"));
        offsets.readStarted(CLICKS_42);
        offsets.update(CLICKS_42, offset);
        offsets.returned(CLICKS_42, 2, offset.toMap());
        offsets.committed();
        assertEquals(0, offsets.evictStored(), "a read in progress stays");

        offsets.readFinished(CLICKS_42);
        offsets.acknowledged(CLICKS_42);
        offsets.committed();
        assertEquals(0, offsets.evictStored(), "a record is not acknowledged yet");
        offsets.acknowledged(CLICKS_42);
        offsets.committed();
        assertEquals(0, offsets.evictStored(), "the flush running at the acknowledgement may not hold it");
        offsets.committed();
        assertEquals(1, offsets.evictStored());
        assertEquals(0, offsets.size());
        assertNull(offsets.offset(CLICKS_42), "looked up in the store again (empty here)");
    }

    @Test
    void accountPartitionsAndCampaignsThatGotNewRecordsStay() {
        PartitionOffsets offsets = new PartitionOffsets(() -> null);
        StreamOffset offset = StreamOffset.start(Instant.parse("2026-11-01T00:00:00Z"));
        offsets.update(UNSUBSCRIBES, offset);
        offsets.readFinished(UNSUBSCRIBES);
        offsets.update(CLICKS_42, offset);
        offsets.readFinished(CLICKS_42);
        offsets.returned(CLICKS_42, 1, offset.toMap());
        offsets.acknowledged(CLICKS_42);
        offsets.returned(CLICKS_42, 1, offset.toMap());
        for (int i = 0; i < 3; i++) {
            offsets.committed();
            assertEquals(0, offsets.evictStored());
        }
        assertEquals(2, offsets.size());
    }

    @Test
    void aCampaignWhoseStoreHoldsAReadInProgressStays() {
        PartitionOffsets offsets = new PartitionOffsets(() -> null);
        Instant t = Instant.parse("2026-11-01T00:00:00Z");
        StreamOffset inProgress = new StreamOffset(t, Map.of(), new StreamOffset.ReadProgress(t, 1000, t, Map.of()));
        offsets.readStarted(CLICKS_42);
        offsets.update(CLICKS_42, inProgress);
        offsets.returned(CLICKS_42, 1, inProgress.toMap());
        // The last page emitted nothing: the completed offset never reached Connect.
        offsets.update(CLICKS_42, StreamOffset.start(t));
        offsets.readFinished(CLICKS_42);
        offsets.acknowledged(CLICKS_42);
        for (int i = 0; i < 3; i++) {
            offsets.committed();
            assertEquals(0, offsets.evictStored());
        }
        assertEquals(t, offsets.offset(CLICKS_42).watermark());
        assertNull(offsets.offset(CLICKS_42).progress(), "memory keeps the completed read");
    }

    @Test
    void anUnusableStoredOffsetNamesThePartitionAndTheWayOut() {
        Store store = new Store();
        store.stored.put(UNSUBSCRIBES, Map.of("watermark", "yesterday"));
        ConnectException e = assertThrows(ConnectException.class,
                () -> new PartitionOffsets(() -> store).offset(UNSUBSCRIBES));
        assertTrue(e.getMessage().contains("unsubscribes") && e.getMessage().contains("offsets REST API"),
                e.getMessage());
    }
}
