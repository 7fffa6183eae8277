package io.dynamicsdotdigital.dotdigital.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PerEmailOrderTest {
    private final PerEmailOrder order = new PerEmailOrder();
    private final List<String> ran = new ArrayList<>();

    @Test
    void aCallForAnEmailNoImportHoldsRunsAtOnce() {
        order.whenIdle("a@x.com", () -> ran.add("remove a"));
        assertEquals(List.of("remove a"), ran);
        assertFalse(order.busy("a@x.com"));
    }

    @Test
    void aCallWaitsUntilEveryEntryHoldingItsEmailIsReleased() {
        order.holding("a@x.com");
        order.holding("a@x.com");
        order.whenIdle("a@x.com", () -> ran.add("remove a"));
        order.whenIdle("b@x.com", () -> ran.add("remove b"));
        assertEquals(List.of("remove b"), ran);
        order.released("a@x.com");
        assertEquals(List.of("remove b"), ran, "one import still holds a@x.com");
        order.released("a@x.com");
        assertEquals(List.of("remove b", "remove a"), ran);
        assertEquals(0, order.parkedCalls());
    }

    @Test
    void aCallThatQueuesANewImportHoldsBackTheCallsAfterIt() {
        order.holding("a@x.com");
        order.whenIdle("a@x.com", () -> {
            ran.add("first");
            order.holding("a@x.com");
            // parked while the first call runs: must come after "second", which arrived earlier
            order.whenIdle("a@x.com", () -> ran.add("third"));
        });
        order.whenIdle("a@x.com", () -> ran.add("second"));
        order.released("a@x.com");
        assertEquals(List.of("first"), ran);
        assertTrue(order.busy("a@x.com"));
        order.released("a@x.com");
        assertEquals(List.of("first", "second", "third"), ran);
    }
}
