package io.dynamicsdotdigital.dynamics.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.dynamics.source.offsets.Offsets;
import io.dynamicsdotdigital.dynamics.source.offsets.TableOffset;
import io.dynamicsdotdigital.dynamics.source.schema.SchemaMapper;
import io.dynamicsdotdigital.dynamics.source.schema.TableSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** {@link KnownRows} with a key state: what it records, and how snapshots and restarts compare with it. */
class KnownRowsKeyStateTest {
    static final String A = "00000000-0000-0000-0000-00000000000a";
    static final String B = "00000000-0000-0000-0000-00000000000b";
    static final String C = "00000000-0000-0000-0000-00000000000c";
    final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));
    final TableSchema contacts = new SchemaMapper("dynamics").build(TestMetadata.contact(), List.of(), false, 1);
    final TableSchema members = new SchemaMapper("dynamics").build(TestMetadata.listMember(), List.of(), false, 1);

    /** Entries written, in order: "present id epoch keys" or "absent id". */
    static final class RecordingStore implements KeyStateStore {
        final List<String> written = new ArrayList<>();

        @Override
        public Map<String, StoredKeys> load(Collection<String> tables, Map<String, Long> snapshotEpochs,
                                            Consumer<ConsumerRecord<byte[], byte[]>> otherEntries) {
            return Map.of();
        }

        @Override
        public void present(String table, String id, long epoch, Collection<String> keyValues) {
            written.add("present " + id + " " + epoch + " " + keyValues);
        }

        @Override
        public void absent(String table, String id) {
            written.add("absent " + id);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    final RecordingStore store = new RecordingStore();
    final KeyStateLog log = new KeyStateLog(store);

    private static KeyStateStore.StoredKeys stored(Set<String> present, Set<String> seen) {
        KeyStateStore.StoredKeys keys = KeyStateStore.StoredKeys.empty();
        present.forEach(id -> keys.present().put(id, null));
        seen.forEach(id -> keys.seen().put(id, null));
        return keys;
    }

    @Test
    void aSnapshotTombstonesTheStoredRowsItDidNotReadAndRecordsEachRowItReadOnce() {
        KnownRows known = new KnownRows("contact", Duration.ZERO, clock, true, log, stored(Set.of(A, B), Set.of()), 0);
        known.attach(contacts);
        assertFalse(known.scanDue(true, false), "stored rows: no baseline scan");
        known.snapshotStarting(7);
        known.remember(A, null);
        known.remember(A, null);
        known.remember(C, null);
        assertEquals(List.of(B), List.copyOf(known.snapshotComplete().keySet()));
        assertEquals(List.of("present " + A + " 7 []", "present " + C + " 7 []"), store.written);
        assertEquals(Map.of(), known.snapshotComplete(), "compared once");
    }

    @Test
    void aRestartInTheMiddleOfASnapshotKeepsTheRowsItAlreadyRead() {
        // A and B were in Kafka; the snapshot with epoch 7 had read A before the restart.
        KnownRows known = new KnownRows("contact", Duration.ZERO, clock, false, log, stored(Set.of(A, B), Set.of(A)),
                7);
        known.attach(contacts);
        known.remember(C, null);
        assertEquals(List.of(B), List.copyOf(known.snapshotComplete().keySet()), "A was read before the restart");
        assertEquals(List.of("present " + C + " 7 []"), store.written);
    }

    @Test
    void aRowSkippedByTheStartTimestampIsNotDeleted() {
        KnownRows known = new KnownRows("contact", Duration.ZERO, clock, true, log, stored(Set.of(A, B), Set.of()), 0);
        known.attach(contacts);
        known.snapshotStarting(9);
        known.sawWithoutEmitting(A, null);
        known.sawWithoutEmitting(C, null);
        known.remember(B, null);
        assertEquals(Map.of(), known.snapshotComplete());
        assertEquals(2, known.size(), "C was never in Kafka and is not remembered");
    }

    @Test
    void storedListMemberKeysKeyTheirDeletes() {
        KeyStateStore.StoredKeys keys = KeyStateStore.StoredKeys.empty();
        keys.presentKeys().put("m1", new String[] {"L", "E"});
        KnownRows known = new KnownRows("listmember", Duration.ZERO, clock, false, log, keys, 0);
        known.attach(members);
        assertFalse(known.scanDue(true, true), "the keys are stored: no key scan");
        Struct key = known.forget("m1");
        assertEquals("L", key.get("_listid_value"));
        assertEquals("E", key.get("_entityid_value"));
    }

    @Test
    void withoutStoredRowsARestartedTableRecordsABaselineFromAKeyScan() {
        KnownRows known = new KnownRows("contact", Duration.ZERO, clock, false, log, stored(Set.of(), Set.of()), 0);
        known.attach(contacts);
        assertTrue(known.scanDue(true, false));
        PagesClient client = new PagesClient(TestMetadata.contact()).page("{\"value\":[{\"contactid\":\"" + A + "\"}]}");
        assertEquals(Map.of(), known.scanStep(client, contacts, true));
        assertEquals(List.of("present " + A + " 0 []"), store.written);
        assertFalse(known.scanDue(true, false));
    }

    @Test
    void aTombstonesEntryIsWrittenOnlyOnceTheWorkerCommittedIt() {
        RecordBuilder builder = new RecordBuilder(new TableSettings("contact", List.of(), "", TableMode.AUTO, "t"),
                "dynamics", false, clock, log);
        List<SourceRecord> out = new ArrayList<>();
        builder.addDelete(out, contacts, A, "deleted", Map.of(), RecordBuilder.keyOfId(contacts, A));
        SourceRecord moved = builder.moveOffset(out.get(0), Map.of("phase", "delta"));
        assertEquals(List.of(), store.written, "nothing before the commit");
        log.committed(out.get(0));
        assertEquals(List.of(), store.written, "the record replaced by its moved copy is not the one sent");
        log.committed(moved);
        log.committed(moved);
        assertEquals(List.of("absent " + A), store.written);
    }

    @Test
    void aSnapshotOffsetCarriesItsEpoch() {
        Map<String, Object> offset = new HashMap<>(new TableOffset.Snapshot(
                "https://o/api/data/v9.2/contacts?p=2", true, 1234).toMap());
        assertEquals(new TableOffset.Snapshot("https://o/api/data/v9.2/contacts?p=2", true, 1234),
                Offsets.parse(offset));
        assertFalse(new TableOffset.Snapshot(null, false).toMap().containsKey(TableOffset.EPOCH),
                "no epoch without a key state: offsets stay readable by earlier versions");
    }
}
