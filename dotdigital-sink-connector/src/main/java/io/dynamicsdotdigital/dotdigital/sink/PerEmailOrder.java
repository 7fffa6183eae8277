package io.dynamicsdotdigital.dotdigital.sink;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps single calls (address-book removals, unsubscribes) behind the imports of the same email: a call runs only
 * once no batch entry (buffered or importing) holds the email, so it always applies last. Calls parked for one
 * email run in arrival order; a call that queues a new import for the email holds back the calls after it.
 */
final class PerEmailOrder {
    /** Per email: how many batch entries (buffered or importing) hold it. */
    private final Map<String, Integer> inFlight = new HashMap<>();
    private final Map<String, ArrayDeque<Runnable>> parked = new HashMap<>();

    /** One more batch entry holds the email. */
    void holding(String email) {
        inFlight.merge(email, 1, Integer::sum);
    }

    boolean busy(String email) {
        return inFlight.getOrDefault(email, 0) > 0 || parked.containsKey(email);
    }

    /** Runs the call now when nothing holds the email, else once the entries holding it are released. */
    void whenIdle(String email, Runnable call) {
        if (!busy(email)) {
            call.run();
        } else {
            parked.computeIfAbsent(email, k -> new ArrayDeque<>()).add(call);
        }
    }

    /** A batch entry holding the email finished (or failed); parked calls run when it was the last. */
    void released(String email) {
        Integer left = inFlight.computeIfPresent(email, (k, n) -> n <= 1 ? null : n - 1);
        if (left != null) {
            return;
        }
        ArrayDeque<Runnable> waiting = parked.remove(email);
        while (waiting != null && !waiting.isEmpty()) {
            waiting.poll().run();
            // A call may have queued a new import for the email: the rest waits for it.
            if (inFlight.getOrDefault(email, 0) > 0 && !waiting.isEmpty()) {
                parked.merge(email, waiting, (later, earlier) -> {
                    earlier.addAll(later);
                    return earlier;
                });
                return;
            }
        }
    }

    int parkedCalls() {
        return parked.values().stream().mapToInt(ArrayDeque::size).sum();
    }
}
