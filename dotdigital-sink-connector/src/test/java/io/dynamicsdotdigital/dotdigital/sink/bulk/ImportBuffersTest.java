package io.dynamicsdotdigital.dotdigital.sink.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.dotdigital.client.ImportBodies;
import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class ImportBuffersTest {
    private static RecordRef ref(long offset) {
        return RecordRef.of(new SinkRecord("contacts", 0, null, null, null, null, offset));
    }

    @Test
    void sealsAtBatchSizeAndKeepsOneEntryPerEmail() {
        ImportBuffers buffers = new ImportBuffers(3, ImportBodies.MAX_IMPORT_BODY_BYTES, false);
        assertTrue(buffers.add(7L, Contact.of("a@x.com", Map.of("FIRSTNAME", "A")), ref(0)).newEntry());
        ImportBuffers.Added again = buffers.add(7L, Contact.of("a@x.com", Map.of("LASTNAME", "Z")), ref(1));
        assertFalse(again.newEntry());
        buffers.add(null, Contact.of("c@x.com", Map.of()), ref(2));
        assertTrue(buffers.add(7L, Contact.of("b@x.com", Map.of()), ref(3)).sealed().isEmpty());
        List<ImportBatch> sealed = buffers.add(7L, Contact.of("d@x.com", Map.of()), ref(4)).sealed();
        assertEquals(1, sealed.size());
        ImportBatch batch = sealed.get(0);
        assertEquals(3, batch.contactCount());
        assertEquals(4, batch.recordCount());
        Contact merged = batch.entry("a@x.com").contact();
        assertEquals(Map.of("FIRSTNAME", "A", "LASTNAME", "Z"), merged.dataFields());
        assertEquals(7L, batch.request().addressBookId());
        assertEquals(1, buffers.bufferedRecords(), "the batch without address book is still open");
        assertEquals(1, buffers.sealExpired(0).size());
    }

    @Test
    void sizeEstimateIsAnUpperBoundOfTheRealBody() {
        for (Contact c : List.of(Contact.of("a@x.com", Map.of()),
                Contact.of("b@x.com", Map.of("FIRSTNAME", "Zoë \"quoted\" \\ back\nline", "CITY", "東京 😀")),
                new Contact(0, "c@x.com", null, null, Map.of("NOTE", "x".repeat(255)), "Unsubscribed"))) {
            long exact = ImportBodies.v3ContactBytes(c, 123_456_789L);
            long estimate = ImportBatch.estimateBytes(c, 123_456_789L);
            assertTrue(estimate >= exact && estimate <= exact + 150, c + ": estimate " + estimate + " exact " + exact);
        }
    }

    @Test
    void sealsBeforeTheBodyLimit() {
        Contact sample = Contact.of("someone000@example.com", Map.of("FIRSTNAME", "x".repeat(100)));
        long perContact = ImportBatch.estimateBytes(sample, null);
        ImportBuffers buffers = new ImportBuffers(1_000_000, 64 + perContact * 10, false);
        int sealedBatches = 0;
        int largest = 0;
        for (int i = 0; i < 95; i++) {
            Contact c = Contact.of(String.format("someone%03d@example.com", i), Map.of("FIRSTNAME", "x".repeat(100)));
            for (ImportBatch b : buffers.add(null, c, ref(i)).sealed()) {
                sealedBatches++;
                largest = Math.max(largest, b.contactCount());
                assertTrue(ImportBodies.v3BodyBytes(b.request()) <= 64 + perContact * 10);
            }
        }
        assertEquals(9, sealedBatches);
        assertEquals(10, largest);
    }
}
