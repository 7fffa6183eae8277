package io.dynamicsdotdigital.dotdigital.sink.bulk;

import io.dynamicsdotdigital.dotdigital.client.ImportBodies;
import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import io.dynamicsdotdigital.dotdigital.client.model.ContactImport;
import io.dynamicsdotdigital.dotdigital.client.model.ImportHandle;
import io.dynamicsdotdigital.dotdigital.client.model.MergeOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contacts of one import into one target (an address book, or none), one entry per email: a later record for
 * the same email replaces the earlier values, so an import never holds duplicates and both records share the
 * outcome.
 */
public final class ImportBatch {
    /** One email in the batch and the records that produced it. */
    public static final class Entry {
        private Contact contact;
        private final List<RecordRef> records = new ArrayList<>(1);

        Entry(Contact contact) {
            this.contact = contact;
        }

        public Contact contact() {
            return contact;
        }

        public List<RecordRef> records() {
            return records;
        }
    }

    private final Long addressBookId;
    private final boolean v2Csv;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final long createdNanos = System.nanoTime();
    private long estimatedBytes = 64;
    private int recordCount;
    private int attempts;
    private ImportHandle handle;
    private long startedNanos;

    public ImportBatch(Long addressBookId, boolean v2Csv) {
        this.addressBookId = addressBookId;
        this.v2Csv = v2Csv;
    }

    /**
     * @param record the record finished by this import, or null when another step finishes it
     * @return whether the email is new in this batch
     */
    public boolean add(Contact contact, RecordRef record) {
        Entry e = entries.get(contact.email());
        boolean added = e == null;
        if (e == null) {
            e = new Entry(contact);
            entries.put(contact.email(), e);
            estimatedBytes += ImportBodies.v3ContactBytes(contact, addressBookId);
        } else {
            e.contact = merge(e.contact, contact);
        }
        if (record != null) {
            e.records.add(record);
            recordCount++;
        }
        return added;
    }

    /** The later contact's values win; fields only the earlier one had are kept. */
    static Contact merge(Contact earlier, Contact later) {
        Map<String, String> fields = new LinkedHashMap<>(earlier.dataFields());
        fields.putAll(later.dataFields());
        return new Contact(0, later.email(), later.optInType() != null ? later.optInType() : earlier.optInType(),
                later.emailType() != null ? later.emailType() : earlier.emailType(), fields,
                later.status() != null ? later.status() : earlier.status());
    }

    public ContactImport request() {
        List<Contact> contacts = new ArrayList<>(entries.size());
        entries.values().forEach(e -> contacts.add(e.contact));
        return v2Csv ? ContactImport.v2Csv(addressBookId, MergeOption.OVERWRITE, contacts)
                : ContactImport.v3(addressBookId, MergeOption.OVERWRITE, contacts);
    }

    public Entry entry(String email) {
        return entries.get(email);
    }

    public Iterable<Entry> entries() {
        return entries.values();
    }

    public int contactCount() {
        return entries.size();
    }

    public int recordCount() {
        return recordCount;
    }

    public long estimatedBytes() {
        return estimatedBytes;
    }

    public Long addressBookId() {
        return addressBookId;
    }

    public long ageMillis() {
        return (System.nanoTime() - createdNanos) / 1_000_000;
    }

    public int attempts() {
        return attempts;
    }

    void started(ImportHandle h) {
        handle = h;
        startedNanos = System.nanoTime();
    }

    void failedAttempt() {
        attempts++;
        handle = null;
    }

    public ImportHandle handle() {
        return handle;
    }

    public long runningMillis() {
        return startedNanos == 0 ? 0 : (System.nanoTime() - startedNanos) / 1_000_000;
    }

    public String describe() {
        return "import " + (handle == null ? "(not started)" : handle.importId()) + " of " + entries.size()
                + " contacts" + (addressBookId == null ? "" : " into address book " + addressBookId);
    }
}
