package io.dynamicsdotdigital.dynamics.source;

import io.dynamicsdotdigital.dynamics.source.offsets.TableOffset;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntFunction;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of a parallel snapshot the task holding the table's own partition runs: it reads range 0, then waits
 * until every other range's committed offset says done (or the range holds no row), and then names the watermark
 * the table continues from: the earliest time any range noted before its first page.
 */
final class ParallelSnapshot {
    private static final Logger log = LoggerFactory.getLogger(ParallelSnapshot.class);

    /** The committed positions of a table's ranges 1..n-1 (null where none is stored yet). */
    interface RangeProgress {
        List<TableOffset> others(String table, int ranges);
    }

    private final String table;
    private final RangeReader rangeZero;
    private final RangeProgress progress;
    private final IntFunction<RangeReader> probes;
    private final Clock clock;
    /** A range not done is asked whether it holds rows when its committed position stays the same this long. */
    static final Duration STALLED = Duration.ofSeconds(5);
    /** Per range not done: its committed position when last looked at and since when it has been so. */
    private final Map<Integer, Sighting> sightings = new HashMap<>();
    private final Set<Integer> empty = new HashSet<>();
    private Instant waitingSince;

    /** @param probes a reader of range i, used only to ask whether it is empty */
    ParallelSnapshot(String table, RangeReader rangeZero, RangeProgress progress, IntFunction<RangeReader> probes,
                     Clock clock) {
        this.table = table;
        this.rangeZero = rangeZero;
        this.progress = progress;
        this.probes = probes;
        this.clock = clock;
    }

    TableOffset.Range position() {
        return rangeZero.position();
    }

    boolean readingRangeZero() {
        return !rangeZero.done();
    }

    List<SourceRecord> readRangeZeroPage() {
        return rangeZero.readNextPage();
    }

    /**
     * Once range 0 is done: the watermark to continue from when every range is done, else null (ask again later). A
     * range counts as done when its committed offset says so, or when it holds no row (asked when it has no offset
     * yet, and again when its offset has not moved for {@link #STALLED}: its last page may have come back empty).
     */
    Instant continueFrom() {
        int ranges = rangeZero.position().ranges();
        List<TableOffset> others = progress.others(table, ranges);
        Instant earliest = rangeZero.position().since();
        int pending = 0;
        for (int i = 1; i < ranges; i++) {
            TableOffset at = others.get(i - 1);
            TableOffset.Range r = at instanceof TableOffset.Range range && range.ranges() == ranges ? range : null;
            if (r != null && r.since() != null && r.since().isBefore(earliest)) {
                earliest = r.since();
            }
            if ((r == null || !r.done()) && !empty.contains(i) && !isEmpty(i, r)) {
                pending++;
            }
        }
        if (pending > 0) {
            if (waitingSince == null) {
                waitingSince = clock.instant();
                log.info("Table {}: snapshot range 0 done; waiting for {} of {} other ranges to commit their last"
                        + " page", table, pending, ranges - 1);
            }
            return null;
        }
        log.info("Table {}: all {} snapshot ranges done; continuing by watermark from {}", table, ranges, earliest);
        return earliest;
    }

    /**
     * Whether a range that is not done holds no row now. Asked at once for a range without an offset, then again
     * each time its committed position has stayed the same for {@link #STALLED}; a range holding no row has nothing
     * left to read, and rows created in it later come by watermark.
     */
    private boolean isEmpty(int range, TableOffset.Range committed) {
        Instant now = clock.instant();
        Sighting last = sightings.get(range);
        if (last != null && Objects.equals(last.committed, committed)
                && now.isBefore(last.since.plus(STALLED))) {
            return false;
        }
        if (last != null && !Objects.equals(last.committed, committed)) {
            // Moved since: it is reading; ask when it stalls.
            sightings.put(range, new Sighting(committed, now));
            return false;
        }
        sightings.put(range, new Sighting(committed, now));
        if (probes.apply(range).isEmpty()) {
            empty.add(range);
            log.info("Table {}: snapshot range {} holds no row{}", table, range, committed == null ? ""
                    : " (its committed position is not done; the rest of its rows were deleted)");
            return true;
        }
        return false;
    }

    private record Sighting(TableOffset.Range committed, Instant since) {
    }
}
