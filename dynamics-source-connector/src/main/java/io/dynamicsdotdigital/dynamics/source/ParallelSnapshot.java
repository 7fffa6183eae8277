package io.dynamicsdotdigital.dynamics.source;

import io.dynamicsdotdigital.dynamics.source.offsets.TableOffset;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
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
    private final Set<Integer> probedWithRows = new HashSet<>();
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
     * Once range 0 is done: the watermark to continue from when every range is done, else null (ask again later).
     */
    Instant continueFrom() {
        int ranges = rangeZero.position().ranges();
        List<TableOffset> others = progress.others(table, ranges);
        Instant earliest = rangeZero.position().since();
        int pending = 0;
        for (int i = 1; i < ranges; i++) {
            TableOffset at = others.get(i - 1);
            if (at instanceof TableOffset.Range r && r.ranges() == ranges) {
                if (!r.done()) {
                    pending++;
                } else if (r.since() != null && r.since().isBefore(earliest)) {
                    earliest = r.since();
                }
            } else if (!empty.contains(i) && !isEmpty(i)) {
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

    /** A range with no stored offset: asked once whether it holds rows; if it does, its task will store one. */
    private boolean isEmpty(int range) {
        if (probedWithRows.contains(range)) {
            return false;
        }
        if (probes.apply(range).isEmpty()) {
            empty.add(range);
            log.info("Table {}: snapshot range {} holds no row", table, range);
            return true;
        }
        probedWithRows.add(range);
        return false;
    }
}
