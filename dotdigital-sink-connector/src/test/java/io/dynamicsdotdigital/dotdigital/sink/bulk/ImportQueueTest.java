package io.dynamicsdotdigital.dotdigital.sink.bulk;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImportQueueTest {
    private static ImportBatch batch(String... emails) {
        ImportBatch b = new ImportBatch(null, false);
        for (String e : emails) {
            b.add(Contact.of(e, Map.of()), null);
        }
        return b;
    }

    @Test
    void aBatchSharingAnEmailWithAnEarlierUnfinishedOneWaitsOthersGoAhead() {
        ImportQueue q = new ImportQueue();
        ImportBatch first = batch("a@x.com", "b@x.com");
        ImportBatch sameEmail = batch("b@x.com");
        ImportBatch other = batch("c@x.com");
        q.submit(first);
        q.submit(sameEmail);
        q.submit(other);
        assertSame(first, q.takeStartable());
        assertSame(other, q.takeStartable(), "the batch of another email does not wait");
        assertNull(q.takeStartable(), "b@x.com is still held by the first batch");
        assertFalse(q.hasStartable());
        q.finished(first);
        assertTrue(q.hasStartable());
        assertSame(sameEmail, q.takeStartable());
    }

    @Test
    void aBatchPutBackAfterAFailedStartKeepsItsPlaceAheadOfLaterBatchesOfItsEmails() {
        ImportQueue q = new ImportQueue();
        ImportBatch older = batch("a@x.com");
        ImportBatch newer = batch("a@x.com");
        q.submit(older);
        assertSame(older, q.takeStartable());
        q.submit(newer);
        q.putBack(older);
        assertSame(older, q.takeStartable());
        assertNull(q.takeStartable());
    }
}
