package io.dynamicsdotdigital.dotdigital.sink.preference;

import io.dynamicsdotdigital.dotdigital.client.model.ConsentRecord;
import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What this task knows Dotdigital holds for one contact: its id and opt-in type, the opt-ins read so far (with
 * Dotdigital's modified time), the consent records once read, and what the task itself wrote since.
 */
final class HeldPreferences {
    /**
     * One preference of the contact. {@code crmModifiedWritten} is the Dynamics time of the change this task wrote
     * last (null when Dotdigital's own {@code dateModified} is the one to compare with).
     */
    record Held(boolean optedIn, Instant dotdigitalModified, Instant crmModifiedWritten) {
        /** The time a Dynamics change must beat. */
        Instant compareWith() {
            return crmModifiedWritten != null ? crmModifiedWritten : dotdigitalModified;
        }
    }

    final Contact contact;
    final long loadedAtMillis;
    /** Preference id -> held value; a present key with a null value: Dotdigital has no opt-in record for it. */
    final Map<Long, Held> optIns = new HashMap<>();
    List<ConsentRecord> consents;
    OptInType optInType;
    /** The sink's own writes as recorded in the contact's data field (preferences.written.datafield), by preference. */
    final Map<Long, OwnWrites.Write> ownWrites;

    HeldPreferences(Contact contact, long loadedAtMillis, String ownWritesDataField) {
        this.contact = contact;
        this.loadedAtMillis = loadedAtMillis;
        this.optInType = OptInType.parse(contact.optInType());
        String recorded = null;
        for (Map.Entry<String, String> f : contact.dataFields().entrySet()) {
            if (f.getKey().equalsIgnoreCase(ownWritesDataField)) {
                recorded = f.getValue();
            }
        }
        this.ownWrites = OwnWrites.parse(recorded);
    }

    /** What Dotdigital holds, compared with the Dynamics time of the sink's own write when it is still that write. */
    Held held(boolean optedIn, Instant dotdigitalModified, long preferenceId) {
        OwnWrites.Write own = ownWrites.get(preferenceId);
        return new Held(optedIn, dotdigitalModified, own != null && own.stillHeld(optedIn, dotdigitalModified)
                ? own.crmModified() : null);
    }
}
