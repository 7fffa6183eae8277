package io.dynamicsdotdigital.dotdigital.source;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One sync cycle: the reads its plan chose, worked off one page at a time in order, and the counts for its log
 * line. A read stays at the head until its last page, so a failed page is fetched again. A stream whose sync window
 * closes during the cycle is left out of the rest of it ({@link #leaveOut}).
 */
final class SyncCycle {
    private final Instant startedAt;
    private final Deque<ReadJob> jobs;
    private final Set<StreamName> streams;
    private final Set<StreamName> leftOut = new LinkedHashSet<>();
    private final Map<String, Long> perStream = new TreeMap<>();
    private long emitted;
    private long duplicates;
    private long pages;
    private long reads;

    SyncCycle(Instant startedAt, List<ReadJob> plan) {
        this(startedAt, plan.stream().map(j -> j.stream).toList(), plan);
    }

    /** @param streams the streams the cycle reads, those without any read this time included */
    SyncCycle(Instant startedAt, List<StreamName> streams, List<ReadJob> plan) {
        this.startedAt = startedAt;
        this.streams = new LinkedHashSet<>(streams);
        this.jobs = new ArrayDeque<>(plan);
    }

    /** Drops the stream's remaining reads; its offsets keep where they stood, for a later cycle. */
    void leaveOut(StreamName stream) {
        leftOut.add(stream);
        jobs.removeIf(j -> j.stream == stream);
    }

    /** The streams whose reads all ended in this cycle. */
    Set<StreamName> completedStreams() {
        Set<StreamName> done = new LinkedHashSet<>(streams);
        done.removeAll(leftOut);
        return done;
    }

    /** The read to take the next page of, or null when the cycle is done. */
    ReadJob next() {
        return jobs.peek();
    }

    void pageRead(ReadJob job, ReadPage page) {
        pages++;
        emitted += page.rows().size();
        duplicates += page.duplicates();
        perStream.merge(job.stream.configName(), (long) page.rows().size(), Long::sum);
        if (page.last()) {
            reads++;
            jobs.remove(job);
        }
    }

    /** True while the partition still has a read in this cycle. */
    boolean plans(Map<String, String> partition) {
        return jobs.stream().anyMatch(j -> j.partition.equals(partition));
    }

    Duration elapsed(Instant now) {
        return Duration.between(startedAt, now);
    }

    String summary() {
        return emitted + " records emitted, " + duplicates + " duplicates suppressed, " + pages + " pages, " + reads
                + " reads; per stream " + perStream + (leftOut.isEmpty() ? ""
                : "; left for their next sync window: " + leftOut);
    }

    long emitted() {
        return emitted;
    }
}
