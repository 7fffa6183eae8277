package io.dynamicsdotdigital.dotdigital.sink.preference;

import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.PreferenceWrites;
import io.dynamicsdotdigital.dotdigital.client.model.ConsentRecord;
import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import io.dynamicsdotdigital.dotdigital.sink.record.RecordErrorKind;
import io.dynamicsdotdigital.dotdigital.sink.record.RejectedRecordException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-task, bounded (least recently used dropped first) and time-limited memory of what Dotdigital holds per contact,
 * read lazily: the contact when first needed, each preference's opt-in when first compared (and again before a
 * write, see {@link #reread}), consent when a consent record is to be written. It spares the reads for contacts whose
 * records come often; the TTL bounds how long a change made in Dotdigital meanwhile goes unseen by the no-echo check.
 */
final class DotdigitalPreferenceCache {
    private final DotdigitalClient client;
    private final PreferenceWrites writes;
    private final Clock clock;
    private final Duration ttl;
    private final LinkedHashMap<String, HeldPreferences> byEmail;
    private final String ownWritesDataField;

    DotdigitalPreferenceCache(DotdigitalClient client, Clock clock, int maxEntries, Duration ttl,
                              String ownWritesDataField) {
        this.ownWritesDataField = ownWritesDataField;
        this.client = client;
        this.writes = client.preferenceWrites();
        this.clock = clock;
        this.ttl = ttl;
        this.byEmail = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, HeldPreferences> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** @throws RejectedRecordException when Dotdigital has no contact with this email */
    HeldPreferences contact(String email, String origin) {
        String key = email.toLowerCase(Locale.ROOT);
        HeldPreferences held = byEmail.get(key);
        long now = clock.millis();
        if (held == null || now - held.loadedAtMillis > ttl.toMillis()) {
            Contact c = client.contact(email).orElseThrow(() -> new RejectedRecordException(
                    RecordErrorKind.UNKNOWN_CONTACT, origin + " is for " + email + ", which is not a Dotdigital"
                    + " contact (its import may have failed)"));
            held = new HeldPreferences(c, now, ownWritesDataField);
            byEmail.put(key, held);
        }
        return held;
    }

    /** @return null when Dotdigital has no opt-in record of the contact for the preference */
    HeldPreferences.Held optIn(HeldPreferences held, long preferenceId) {
        if (!held.optIns.containsKey(preferenceId)) {
            held.optIns.put(preferenceId, writes.contactOptIn(held.contact.id(), preferenceId)
                    .map(o -> held.held(o.isOptedIn(), o.dateModified(), preferenceId)).orElse(null));
        }
        return held.optIns.get(preferenceId);
    }

    /**
     * Reads the opt-in from Dotdigital again. While Dotdigital still holds the cached value, the cached entry is kept,
     * with the Dynamics time of this task's own write when it made it.
     *
     * @return null when Dotdigital has no opt-in record of the contact for the preference
     */
    HeldPreferences.Held reread(HeldPreferences held, long preferenceId) {
        HeldPreferences.Held cached = held.optIns.get(preferenceId);
        HeldPreferences.Held read = writes.contactOptIn(held.contact.id(), preferenceId)
                .map(o -> held.held(o.isOptedIn(), o.dateModified(), preferenceId)).orElse(null);
        if (cached == null || read == null || cached.optedIn() != read.optedIn()) {
            held.optIns.put(preferenceId, read);
        }
        return held.optIns.get(preferenceId);
    }

    List<ConsentRecord> consents(HeldPreferences held) {
        if (held.consents == null) {
            held.consents = new ArrayList<>(writes.contactConsent(held.contact.id()));
        }
        return held.consents;
    }
}
