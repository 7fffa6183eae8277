package io.dynamicsdotdigital.dotdigital.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.common.http.ApiException;
import io.dynamicsdotdigital.common.http.ApiThrottledException;
import java.time.Duration;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

class ApiFailuresTest {
    @Test
    void transientFailuresPauseTheRead() {
        for (int status : new int[] {0, 429, 500, 503}) {
            assertEquals(ApiFailures.ERROR_BACKOFF, ApiFailures.pauseBeforeRetry(new ApiException("x", status)));
        }
    }

    /** The REST client reports malformed JSON or an HTML page sent with status 200 under that status. */
    @Test
    void anUnreadableAnswerWithASuccessStatusPausesTheReadInsteadOfStoppingTheTask() {
        assertEquals(ApiFailures.ERROR_BACKOFF, ApiFailures.pauseBeforeRetry(new ApiException(
                "Dotdigital campaign activities answered with JSON that could not be read: Unexpected character '<'",
                200)));
    }

    @Test
    void aThrottledCallPausesForTheWaitItCarries() {
        ApiThrottledException throttled = new ApiThrottledException("asked to wait", 429, Duration.ofMinutes(3), true);
        assertEquals(Duration.ofMinutes(3), ApiFailures.pauseBeforeRetry(throttled));
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
