package io.dynamicsdotdigital.dotdigital.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.dotdigital.client.model.ImportFailure;
import java.util.List;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** Outcomes of imports applied to their records, through a task on an in-memory account. */
class ImportOutcomesTest {
    @Test
    void aContactDotdigitalRefusedGoesToTheDeadLetterQueueWithItsCodeAndTheOthersCommit() {
        try (TaskHarness h = new TaskHarness()) {
            h.client.refuse(r -> List.of(new ImportFailure("bad@x.com", "GloballySuppressed", "suppressed")));
            h.start(true);
            h.put(h.contact("1", "good@x.com", "G"), h.contact("2", "bad@x.com", "B"));
            h.awaitCommitted(2);
            SinkRecord dlq = h.worker.deadLettered().get(0);
            assertEquals(1, dlq.kafkaOffset());
            assertEquals("GloballySuppressed",
                    dlq.headers().lastWithName(DotdigitalSinkTask.HEADER_FAILURE_CODE).value());
            assertEquals(1, h.task.metrics().contactsImported.value());
            assertTrue(h.client.stored("good@x.com").isPresent());
        }
    }

    @Test
    void theRecordsOfAnImportGivenUpFailWithImportFailed() {
        try (TaskHarness h = new TaskHarness()) {
            h.set("import.max.attempts", "2");
            h.client.nextImportStatuses("Failed", "Failed");
            h.start(true);
            h.put(h.contact("1", "a@x.com", "A"));
            h.awaitCommitted(1);
            assertEquals("ImportFailed", h.worker.deadLettered().get(0).headers()
                    .lastWithName(DotdigitalSinkTask.HEADER_FAILURE_CODE).value());
            assertEquals(2, h.client.count("startImport"));
            assertEquals(1, h.task.metrics().importsFailed.value());
        }
    }

    @Test
    void refusalsWithoutAnEmailAreNotCountedAsAddedToTheAddressBook() {
        try (TaskHarness h = new TaskHarness()) {
            h.client.addressBook(55, "Book");
            h.client.refuse(r -> List.of(new ImportFailure(null, "NoValidIdentifiers", "no identifier")));
            h.set("addressbook.id", "55").start(true);
            h.put(h.contact("1", "a@x.com", "A"), h.contact("2", "b@x.com", "B"));
            h.awaitCommitted(2);
            assertEquals(1, h.task.metrics().addressBookAdds.value(), "one of the two was refused");
            assertEquals(1, h.task.metrics().importFailuresUnattributed.value());
        }
    }
}
