package io.dynamicsdotdigital.dotdigital.sink.send;

import io.dynamicsdotdigital.dotdigital.sink.bulk.OffsetTracker;
import io.dynamicsdotdigital.dotdigital.sink.bulk.RecordRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The task's records and the requests among them that still wait (for imports, a status, a confirmation). A record
 * is finished when its request is: only then may its offset be committed ({@link OffsetTracker}), so a task that
 * stops while a request waits gets the record again and resumes the request from the intent log.
 */
final class WaitingSends {
    private final OffsetTracker offsets = new OffsetTracker();
    private final List<PendingSend> waiting = new ArrayList<>();
    private final Set<String> waitingIds = new HashSet<>();

    /** @return false when the record was taken before (a batch redelivered after a retriable failure) */
    boolean take(RecordRef ref) {
        return offsets.track(ref.partition(), ref.offset());
    }

    /** The record is handed back: it is taken again when the worker redelivers it. */
    void giveBack(RecordRef ref) {
        offsets.untrack(ref.partition(), ref.offset());
    }

    void finished(RecordRef ref) {
        offsets.finished(ref.partition(), ref.offset());
    }

    boolean isWaiting(String requestId) {
        return requestId != null && waitingIds.contains(requestId);
    }

    void add(PendingSend pending) {
        waiting.add(pending);
        waitingIds.add(pending.requestId);
    }

    /** Moves every waiting request on; finished ones release their record. */
    void advance(Predicate<PendingSend> finishes) {
        for (Iterator<PendingSend> it = waiting.iterator(); it.hasNext(); ) {
            PendingSend p = it.next();
            if (finishes.test(p)) {
                it.remove();
                waitingIds.remove(p.requestId);
                finished(p.ref);
            }
        }
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    int size() {
        return waiting.size();
    }

    /** Milliseconds until the earliest waiting request is due, at least 0; Long.MAX_VALUE when none waits. */
    long millisUntilDue(long nowMillis) {
        return waiting.stream().mapToLong(p -> Math.max(0, p.nextCheckMillis - nowMillis)).min()
                .orElse(Long.MAX_VALUE);
    }

    Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> assigned) {
        return offsets.committable(assigned);
    }

    /** Partitions moved to another task: their requests are resumed there from the intent log. */
    void forget(Collection<TopicPartition> partitions) {
        waiting.removeIf(p -> {
            boolean gone = partitions.contains(p.ref.partition());
            if (gone) {
                waitingIds.remove(p.requestId);
            }
            return gone;
        });
        offsets.forget(partitions);
    }
}
