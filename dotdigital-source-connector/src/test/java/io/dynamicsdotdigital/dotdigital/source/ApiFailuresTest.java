package io.dynamicsdotdigital.dotdigital.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.common.http.ApiException;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

class ApiFailuresTest {
    @Test
    void transientFailuresPauseTheRead() {
        for (int status : new int[] {0, 429, 500, 503}) {
            assertEquals(ApiFailures.ERROR_BACKOFF, ApiFailures.pauseBeforeRetry(new ApiException("x", status)));
        }
    }

    @Test
    void refusedCredentialsStopTheTaskNamingTheSettings() {
        ConnectException e = assertThrows(ConnectException.class,
                () -> ApiFailures.pauseBeforeRetry(new ApiException("GET /v2/campaigns answered 401", 401)));
        assertTrue(e.getMessage().contains("dotdigital.api.password"), e.getMessage());
        ConnectException bad = assertThrows(ConnectException.class,
                () -> ApiFailures.pauseBeforeRetry(new ApiException("GET /v2/x answered 400", 400)));
        assertFalse(bad.getMessage().contains("dotdigital.api.password"), bad.getMessage());
    }
}
