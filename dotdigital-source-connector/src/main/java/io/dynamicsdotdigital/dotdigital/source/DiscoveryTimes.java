package io.dynamicsdotdigital.dotdigital.source;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * When the campaigns and surveys with activity were last discovered, per stream: streams with their own poll
 * intervals or sync windows are not always planned together, and each must look from its own last discovery.
 */
final class DiscoveryTimes {
    private final Map<StreamName, Instant> last = new EnumMap<>(StreamName.class);
    /** The times before the latest plan, restored for a stream whose reads that cycle left out. */
    private final Map<StreamName, Instant> prior = new EnumMap<>(StreamName.class);

    /** The oldest last discovery of the streams; null when one of them has none yet (it reads as after a restart). */
    Instant earliest(List<StreamName> streams) {
        Instant earliest = null;
        for (StreamName s : streams) {
            Instant t = last.get(s);
            if (t == null) {
                return null;
            }
            earliest = earliest == null || t.isBefore(earliest) ? t : earliest;
        }
        return earliest;
    }

    /** The stream's last discovery, or null. */
    Instant of(StreamName stream) {
        return last.get(stream);
    }

    /** A plan that succeeded as a whole discovered for these streams at {@code now}. */
    void discovered(List<StreamName> streams, Instant now) {
        for (StreamName s : streams) {
            prior.put(s, last.put(s, now));
        }
    }

    /**
     * The cycle dropped the stream's remaining reads (its sync window closed): the next plan discovers from where
     * the dropped one did, so campaigns or surveys it found but did not read are found again.
     */
    void readsLeftOut(StreamName stream) {
        Instant before = prior.get(stream);
        if (before == null) {
            last.remove(stream);
        } else {
            last.put(stream, before);
        }
    }
}
