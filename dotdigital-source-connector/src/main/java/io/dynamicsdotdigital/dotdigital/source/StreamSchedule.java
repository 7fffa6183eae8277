package io.dynamicsdotdigital.dotdigital.source;

import io.dynamicsdotdigital.common.schedule.IntervalOverrides;
import io.dynamicsdotdigital.common.schedule.SyncWindows;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * When each of a task's streams is next read: after its own poll interval ({@code poll.interval.overrides}, else
 * {@code poll.interval.ms}) since the end of the cycle that read it, and only inside its {@code sync.windows}. A
 * stream outside its window waits with its offsets as they are.
 */
final class StreamSchedule {
    private final List<StreamName> streams;
    private final IntervalOverrides intervals;
    private final Duration defaultInterval;
    private final SyncWindows windows;
    private final Map<StreamName, Instant> dueAt = new EnumMap<>(StreamName.class);

    StreamSchedule(List<StreamName> streams, DotdigitalSourceConfig config) {
        this.streams = streams;
        this.intervals = config.intervalOverrides();
        this.defaultInterval = config.pollInterval();
        this.windows = config.syncWindows();
        streams.forEach(s -> dueAt.put(s, Instant.EPOCH));
    }

    /** The streams to read in a cycle starting {@code now}, in assignment order. */
    List<StreamName> dueNow(Instant now) {
        return streams.stream().filter(s -> !dueAt.get(s).isAfter(now) && inWindow(s, now)).toList();
    }

    boolean inWindow(StreamName stream, Instant now) {
        return windows.isOpen(stream.configName(), now);
    }

    /** The streams read to the end in a cycle that ended at {@code end} are due again after their interval. */
    void cycleDone(Collection<StreamName> completed, Instant end) {
        for (StreamName s : completed) {
            dueAt.put(s, end.plus(interval(s)));
        }
    }

    Duration interval(StreamName stream) {
        return intervals.intervalOf(stream.configName(), defaultInterval);
    }

    /** The earliest time a stream is both due and inside its window; {@code now} when one is. */
    Instant nextReadableAt(Instant now) {
        Instant next = Instant.MAX;
        for (StreamName s : streams) {
            Instant due = dueAt.get(s).isAfter(now) ? dueAt.get(s) : now;
            Instant readable = windows.nextOpening(s.configName(), due);
            if (readable.isBefore(next)) {
                next = readable;
            }
        }
        return next;
    }
}
