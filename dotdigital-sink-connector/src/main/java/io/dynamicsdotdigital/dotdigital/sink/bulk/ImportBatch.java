package io.dynamicsdotdigital.dotdigital.sink.bulk;

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
            estimatedBytes += estimateBytes(contact, addressBookId);
        } else {
            e.contact = merge(e.contact, contact);
        }
        if (record != null) {
            e.records.add(record);
            recordCount++;
        }
        return added;
    }

    /**
     * An upper bound of the contact's share of the v3 body (JSON escapes and UTF-8 widths counted), without
     * serializing it: the exact size is only needed against the 50 MB limit, and serializing every contact twice
     * would double the task's CPU per record. The CSV body of v2 imports is smaller than this.
     */
    public static long estimateBytes(Contact contact, Long addressBookId) {
        // {"matchIdentifier":"email","identifiers":{"email":""},"dataFields":{},"channelProperties":{"email":
        // {"status":""}},"lists":[0000000000]}, plus the separating comma
        long bytes = 140 + text(contact.email());
        for (Map.Entry<String, String> f : contact.dataFields().entrySet()) {
            bytes += 6 + text(f.getKey()) + (f.getValue() == null ? 4 : text(f.getValue()));
        }
        if (contact.status() != null) {
            bytes += text(contact.status());
        }
        return bytes;
    }

    private static long text(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20) {
                n += 6;
            } else if (c == '"' || c == '\\') {
                n += 2;
            } else if (c < 0x80) {
                n += 1;
            } else if (c < 0x800 || Character.isSurrogate(c)) {
                n += 2;
            } else {
                n += 3;
            }
        }
        return n;
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
