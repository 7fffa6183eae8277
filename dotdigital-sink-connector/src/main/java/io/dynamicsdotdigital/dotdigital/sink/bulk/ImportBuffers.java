package io.dynamicsdotdigital.dotdigital.sink.bulk;

import io.dynamicsdotdigital.dotdigital.client.ImportBodies;
import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Open batches per target address book. A batch is sealed when it reaches the batch size or the body limit, or
 * when its oldest record waited the flush interval.
 */
public final class ImportBuffers {
    private static final long NO_ADDRESS_BOOK = Long.MIN_VALUE;

    private final int batchSize;
    private final long maxBodyBytes;
    private final boolean v2Csv;
    private final Map<Long, ImportBatch> open = new HashMap<>();

    public ImportBuffers(int batchSize, long maxBodyBytes, boolean v2Csv) {
        this.batchSize = batchSize;
        this.maxBodyBytes = Math.min(maxBodyBytes, ImportBodies.MAX_IMPORT_BODY_BYTES);
        this.v2Csv = v2Csv;
    }

    /** Result of an add: whether the email was new in its batch, and the batches sealed (usually none). */
    public record Added(boolean newEntry, List<ImportBatch> sealed) {
    }

    public Added add(Long addressBookId, Contact contact, RecordRef record) {
        long key = addressBookId == null ? NO_ADDRESS_BOOK : addressBookId;
        ImportBatch batch = open.get(key);
        List<ImportBatch> sealed = new ArrayList<>(1);
        if (batch != null && batch.entry(contact.email()) == null
                && batch.estimatedBytes() + ImportBatch.estimateBytes(contact, addressBookId) > maxBodyBytes) {
            sealed.add(open.remove(key));
            batch = null;
        }
        if (batch == null) {
            batch = new ImportBatch(addressBookId, v2Csv);
            open.put(key, batch);
        }
        boolean newEntry = batch.add(contact, record);
        if (batch.contactCount() >= batchSize) {
            open.remove(key);
            sealed.add(batch);
        }
        return new Added(newEntry, sealed);
    }

    /** Seals batches whose oldest record waited at least {@code flushIntervalMs}; 0 seals all. */
    public List<ImportBatch> sealExpired(long flushIntervalMs) {
        List<ImportBatch> out = new ArrayList<>();
        Iterator<ImportBatch> it = open.values().iterator();
        while (it.hasNext()) {
            ImportBatch b = it.next();
            if (b.ageMillis() >= flushIntervalMs) {
                out.add(b);
                it.remove();
            }
        }
        return out;
    }

    public boolean holds(String email) {
        for (ImportBatch b : open.values()) {
            if (b.entry(email) != null) {
                return true;
            }
        }
        return false;
    }

    public int bufferedRecords() {
        return open.values().stream().mapToInt(ImportBatch::recordCount).sum();
    }

    public void clear() {
        open.clear();
    }
}
