package io.dynamicsdotdigital.dynamics.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.dynamics.source.offsets.TableOffset;
import io.dynamicsdotdigital.dynamics.source.offsets.TablePartitions;
import io.dynamicsdotdigital.emulator.dataverse.DataverseSeed;
import io.dynamicsdotdigital.emulator.dataverse.EmulatedTable;
import io.dynamicsdotdigital.testsupport.DataverseEmulatorFixture;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A parallel snapshot of two ranges, range 0 and range 1 in two real tasks sharing one offset store, against an
 * emulator that pages like Dataverse (a row deleted before its page is read is not on it): a range's last page can
 * come back without rows and store no offset, and the table must still finish its snapshot; rows a range read and
 * that were deleted during the snapshot get tombstones.
 */
class ParallelSnapshotTasksIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static DataverseEmulatorFixture fixture;

    @BeforeAll
    static void startEmulator() {
        fixture = new DataverseEmulatorFixture(DataverseSeed.defaults().contacts(200).leads(200).accounts(200)
                .campaigns(200).marketingLists(0).randomSeed(23));
        fixture.emulator.pagesLeaveOutDeletedRows(true);
    }

    @AfterAll
    static void stopEmulator() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static Map<String, String> props(String name) {
        Map<String, String> p = EmulatorSourceProps.of(fixture, name);
        p.put("snapshot.parallelism", "2");
        p.put("dynamics.max.concurrent.requests", "2");
        p.put("page.size", "20");
        return p;
    }

    /** The task holding the table's own partition (range 0) and the task holding range 1, one offset store. */
    private record Tasks(TaskHarness owner, TaskHarness range1) implements AutoCloseable {
        static Tasks start(String name, String table) {
            Map<Map<String, Object>, Map<String, Object>> stored = new HashMap<>();
            Map<String, String> ownerProps = props(name);
            ownerProps.put(DynamicsSourceConnector.TASK_RANGES, "");
            Map<String, String> rangeProps = props(name);
            rangeProps.put(DynamicsSourceConnector.TASK_RANGES, table + ":1");
            return new Tasks(new TaskHarness(stored).start(ownerProps, table),
                    new TaskHarness(stored).start(rangeProps, ""));
        }

        TableOffset ownerPosition() {
            return owner.task.readers().iterator().next().position();
        }

        /** One poll, storing the records' offsets as the worker does once Kafka acknowledged them. */
        List<SourceRecord> poll(TaskHarness h) throws InterruptedException {
            List<SourceRecord> batch = h.task.poll();
            if (batch != null) {
                for (SourceRecord r : batch) {
                    h.records.add(r);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> partition = (Map<String, Object>) r.sourcePartition();
                    @SuppressWarnings("unchecked")
                    Map<String, Object> offset = (Map<String, Object>) r.sourceOffset();
                    h.stored.put(partition, offset);
                }
            }
            return batch == null ? List.of() : batch;
        }

        /** Polls range 1's task until it returns its first page. */
        List<SourceRecord> firstPageOfRangeOne() throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            List<SourceRecord> page = List.of();
            while (page.isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "range 1 read no page");
                page = poll(range1);
            }
            return page;
        }

        /** Polls both tasks until the table continues by watermark after its snapshot. */
        void awaitWatermark(String why) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!(ownerPosition() instanceof TableOffset.Watermark)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the snapshot never finished (" + why + "); the table stands at "
                            + ownerPosition().toMap() + ", range 1 stored "
                            + owner.stored.get(TablePartitions.ofRange(table(), 1)));
                }
                poll(owner);
                poll(range1);
            }
        }

        /** Polls the owner until its range 0 is read and it has looked at range 1 once. */
        void readRangeZero() throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!(ownerPosition() instanceof TableOffset.Range r && r.done())) {
                assertTrue(System.nanoTime() < deadline, "range 0 not read");
                poll(owner);
            }
            poll(owner);
        }

        String table() {
            return owner.task.readers().iterator().next().table();
        }

        @Override
        public void close() {
            owner.close();
            range1.close();
        }
    }

    /** Polls both tasks until every one of {@code ids} has a tombstone; the tombstones' ids by the task that sent them. */
    private static void awaitTombstones(Tasks tasks, String keyField, Set<String> ids) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Set<String> missing = new HashSet<>(ids);
        while (!missing.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no tombstones for rows deleted during the snapshot: " + missing
                        + "; the table stands at " + tasks.ownerPosition().toMap());
            }
            for (TaskHarness h : List.of(tasks.owner, tasks.range1)) {
                for (SourceRecord r : tasks.poll(h)) {
                    if (r.value() == null) {
                        missing.remove(((Struct) r.key()).getString(keyField));
                    }
                }
            }
        }
    }

    @Test
    void rowsEachRangeReadThatWereDeletedDuringTheSnapshotGetTombstones() throws Exception {
        EmulatedTable campaigns = fixture.emulator.table("campaign");
        try (Tasks tasks = Tasks.start("deleted-during-snapshot", "campaign")) {
            List<SourceRecord> rangeOnePage = tasks.firstPageOfRangeOne();
            List<SourceRecord> rangeZeroPage = List.of();
            while (rangeZeroPage.isEmpty()) {
                rangeZeroPage = tasks.poll(tasks.owner);
            }
            // Deleted after their range read them: only that range's task knows they are in Kafka.
            Set<String> deleted = new HashSet<>();
            deleted.addAll(ids(rangeOnePage, "campaignid").stream().limit(3).toList());
            deleted.addAll(ids(rangeZeroPage, "campaignid").stream().limit(2).toList());
            deleted.forEach(campaigns::delete);
            awaitTombstones(tasks, "campaignid", deleted);
        }
    }

    /** The ids of range 1 of 2 (keys from 80000000-...). */
    private static Set<String> rangeOne(EmulatedTable table) {
        Set<String> ids = new HashSet<>();
        for (String id : table.ids()) {
            if (id.compareTo(SnapshotRanges.bound(1, 2)) >= 0) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static Set<String> ids(List<SourceRecord> records, String keyField) {
        Set<String> ids = new HashSet<>();
        for (SourceRecord r : records) {
            ids.add(((Struct) r.key()).getString(keyField));
        }
        return ids;
    }

    @Test
    void aRangeWhoseLastPageComesBackEmptyStillEndsTheSnapshot() throws Exception {
        EmulatedTable contacts = fixture.emulator.table("contact");
        try (Tasks tasks = Tasks.start("empty-last-page", "contact")) {
            List<SourceRecord> first = tasks.firstPageOfRangeOne();
            // Every row of range 1 its first page did not bring is deleted: the pages after it come back empty.
            Set<String> unread = rangeOne(contacts);
            unread.removeAll(ids(first, "contactid"));
            assertTrue(unread.size() > 20, "range 1 needs more than one page: " + unread.size());
            unread.forEach(contacts::delete);

            tasks.awaitWatermark("range 1's last page was empty");
            Map<String, Object> rangeOffset = tasks.owner.stored.get(TablePartitions.ofRange("contact", 1));
            assertEquals(true, rangeOffset.get("done"), "range 1's end is committed: " + rangeOffset);
            assertTrue(ids(tasks.range1.records, "contactid").size() >= first.size());
        }
    }

    @Test
    void aRangeWhoseRowsWereAllDeletedAfterItsFirstPageEndsTheSnapshot() throws Exception {
        EmulatedTable leads = fixture.emulator.table("lead");
        try (Tasks tasks = Tasks.start("all-deleted", "lead")) {
            tasks.firstPageOfRangeOne();
            // No row of range 1 is left to carry its end: the owner finds the range empty.
            rangeOne(leads).forEach(leads::delete);
            tasks.awaitWatermark("range 1 emptied after its first page");
        }
    }

    @Test
    void aRangeFoundWithRowsThatHasNoneWhenItsTaskReadsItEndsTheSnapshot() throws Exception {
        EmulatedTable accounts = fixture.emulator.table("account");
        try (Tasks tasks = Tasks.start("emptied-after-probe", "account")) {
            // The owner reads range 0 and finds range 1 holding rows, before range 1's task reads anything.
            tasks.readRangeZero();
            rangeOne(accounts).forEach(accounts::delete);
            tasks.awaitWatermark("range 1 emptied after the owner looked at it");
            assertEquals(0, tasks.range1.records.size(), "range 1 had no row to read");
        }
    }
}
