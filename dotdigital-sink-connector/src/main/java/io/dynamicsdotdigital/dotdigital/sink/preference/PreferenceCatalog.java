package io.dynamicsdotdigital.dotdigital.sink.preference;

import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.model.Preference;
import io.dynamicsdotdigital.dotdigital.sink.record.RecordErrorKind;
import io.dynamicsdotdigital.dotdigital.sink.record.RejectedRecordException;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ids of the account's marketing preferences (not categories), read from {@code GET /v2/preferences} at first
 * use and again when an id is not among them (at most once a minute: a preference created meanwhile is found).
 */
final class PreferenceCatalog {
    private static final long REFRESH_MIN_INTERVAL_MS = 60_000;

    private final DotdigitalClient client;
    private final Clock clock;
    private Set<Long> ids;
    private long loadedAtMillis;

    PreferenceCatalog(DotdigitalClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** @throws RejectedRecordException naming {@code origin} when Dotdigital has no such preference */
    void require(long preferenceId, String origin) {
        if (ids == null || (!ids.contains(preferenceId)
                && clock.millis() - loadedAtMillis >= REFRESH_MIN_INTERVAL_MS)) {
            load();
        }
        if (!ids.contains(preferenceId)) {
            throw new RejectedRecordException(RecordErrorKind.UNKNOWN_PREFERENCE, origin + " names the Dotdigital"
                    + " preference " + preferenceId + ", which the account does not have (or which is a preference"
                    + " category)");
        }
    }

    private void load() {
        Set<Long> found = new HashSet<>();
        collect(client.preferences(), found);
        ids = found;
        loadedAtMillis = clock.millis();
    }

    private static void collect(List<Preference> tree, Set<Long> into) {
        for (Preference p : tree) {
            if (p.isPreference()) {
                into.add(p.id());
            }
            collect(p.preferences(), into);
        }
    }
}
