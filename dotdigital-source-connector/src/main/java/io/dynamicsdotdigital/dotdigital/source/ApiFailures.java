package io.dynamicsdotdigital.dotdigital.source;

import io.dynamicsdotdigital.common.http.ApiException;
import io.dynamicsdotdigital.common.http.ApiThrottledException;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalConfigDefs;
import java.time.Duration;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * What a failed Dotdigital call means for the task: a throttled call ({@link ApiThrottledException}) pauses the read
 * for the wait it carries; a transient failure (no answer, 429, 5xx after the client's retries) pauses it for
 * {@link #ERROR_BACKOFF}, and so does an answer with a success status that could not be read (malformed or cut-off
 * JSON, an HTML page from a proxy or maintenance page); either way the read keeps its position and fetches the same
 * page again. Anything else
 * stops the task with the call named and, for 401/403, the settings to check.
 */
final class ApiFailures {
    static final Duration ERROR_BACKOFF = Duration.ofSeconds(5);

    private ApiFailures() {
    }

    /** How long to pause before the same page is fetched again; throws when the failure is permanent. */
    static Duration pauseBeforeRetry(ApiException e) {
        if (e instanceof ApiThrottledException throttled) {
            return throttled.retryAfter();
        }
        int status = e.statusCode();
        if (status == 0 || status == 429 || status >= 500 || unreadableSuccess(status)) {
            return ERROR_BACKOFF;
        }
        throw new ConnectException("Dotdigital source task stopped: " + e.getMessage()
                + (status == 401 || status == 403 ? " (check " + DotdigitalConfigDefs.API_USER + ", "
                + DotdigitalConfigDefs.API_PASSWORD + " and " + DotdigitalConfigDefs.API_ENDPOINT + ")" : ""), e);
    }

    /** The client reports an answer it could not read under the answer's (success) status. */
    private static boolean unreadableSuccess(int status) {
        return status >= 200 && status < 300;
    }
}
