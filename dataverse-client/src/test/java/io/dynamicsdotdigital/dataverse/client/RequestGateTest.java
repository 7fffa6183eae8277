package io.dynamicsdotdigital.dataverse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;

class RequestGateTest {

    private static void acquire(RequestGate gate, int n) {
        for (int i = 0; i < n; i++) {
            gate.acquire(50);
        }
    }

    @Test
    void theServersHintLowersTheCapAndRaisesItAgainUpToTheConfiguredOne() {
        RequestGate gate = new RequestGate(4);
        gate.applyHint(2);
        assertEquals(2, gate.limit());
        acquire(gate, 2);
        assertThrows(RetriableException.class, () -> gate.acquire(50));
        gate.release();
        gate.release();

        gate.applyHint(8);
        assertEquals(4, gate.limit(), "never above the configured cap");
        acquire(gate, 4);
        assertThrows(RetriableException.class, () -> gate.acquire(50));
    }

    @Test
    void aRaiseWhileRequestsAreInFlightCountsThem() {
        RequestGate gate = new RequestGate(3);
        gate.applyHint(1);
        acquire(gate, 1);
        gate.applyHint(3);
        acquire(gate, 2);
        assertThrows(RetriableException.class, () -> gate.acquire(50));
        gate.release();
        gate.release();
        gate.release();
        acquire(gate, 3);
    }
}
