package io.dynamicsdotdigital.dotdigital.sink.outage;

import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalApiException;
import java.time.Clock;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One kind of work (record routing, single calls, imports) that cannot reach Dotdigital for now: calls that fail
 * transiently (no answer, 429, 5xx beyond the client's retries) or with an account-wide error (401, 403, a deleted
 * address book, a wrong region) are tried again after a backoff instead of failing their records. Once the failures
 * have lasted {@code maxMillis} without a success in between, {@link #exceeded()} tells the task to fail, naming the
 * cause. Thread safe: the import runner reports from its own thread.
 */
public final class Outage {
    private static final Logger log = LoggerFactory.getLogger(Outage.class);
    static final long FIRST_BACKOFF_MS = 1_000;
    static final long MAX_BACKOFF_MS = 60_000;

    private final String work;
    private final String maxSetting;
    private final long maxMillis;
    private final Clock clock;
    private final ConnectorMetrics.Counter deferred;
    private long sinceMillis = -1;
    private int failures;
    private DotdigitalApiException last;

    /**
     * @param work       what is paused, for the logs ("address-book calls", "imports")
     * @param maxSetting the setting that bounds the wait, named in the failure
     * @param deferred   counts every call put off by this outage
     */
    public Outage(String work, String maxSetting, long maxMillis, Clock clock, ConnectorMetrics.Counter deferred) {
        this.work = work;
        this.maxSetting = maxSetting;
        this.maxMillis = maxMillis;
        this.clock = clock;
        this.deferred = deferred;
    }

    /** Should the call that failed with {@code e} wait and be tried again, rather than fail its record? */
    public static boolean waitsOut(DotdigitalApiException e) {
        return e.isTransient() || e.isAccountWide();
    }

    /** A call failed with an error to wait out; returns how long to wait before the next try. */
    public synchronized long failed(DotdigitalApiException e) {
        long now = clock.millis();
        deferred.increment();
        last = e;
        failures++;
        if (sinceMillis < 0) {
            sinceMillis = now;
            log.warn("Dotdigital {} paused: {} ({}); retried with backoff for up to {} ms ({}), records are not"
                            + " dead-lettered meanwhile", work, e.getMessage(), kind(e), maxMillis, maxSetting);
        }
        return backoffMillis();
    }

    public synchronized void recovered() {
        if (sinceMillis >= 0) {
            log.info("Dotdigital {} resumed after {} ms and {} failed attempts", work, clock.millis() - sinceMillis,
                    failures);
        }
        sinceMillis = -1;
        failures = 0;
        last = null;
    }

    public synchronized long backoffMillis() {
        return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(failures - 1 < 0 ? 0 : failures - 1, 6));
    }

    public synchronized boolean active() {
        return sinceMillis >= 0;
    }

    /** The failures have lasted longer than the bound. */
    public synchronized boolean exceeded() {
        return sinceMillis >= 0 && clock.millis() - sinceMillis >= maxMillis;
    }

    /** The task failure once {@link #exceeded()}: names the work, how long, and the last error. */
    public synchronized ConnectException failure() {
        long lasted = sinceMillis < 0 ? 0 : clock.millis() - sinceMillis;
        return new ConnectException("Dotdigital " + work + " failed for " + lasted / 1000 + " s (" + failures
                + " attempts, " + maxSetting + "=" + maxMillis + "): " + (last == null ? "" : last.getMessage() + " ("
                + kind(last) + ")"), last);
    }

    private static String kind(DotdigitalApiException e) {
        if (e.statusCode() == 401) {
            return "credentials refused: check dotdigital.api.user and dotdigital.api.password";
        }
        if (e.statusCode() == 403) {
            return "access refused: check the API user's permissions and the region (dotdigital.api.endpoint)";
        }
        if (e.isAccountWide()) {
            return "the address book no longer exists in the account";
        }
        return "Dotdigital unreachable, throttling or failing";
    }
}
