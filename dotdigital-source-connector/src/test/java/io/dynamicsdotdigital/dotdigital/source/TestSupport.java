package io.dynamicsdotdigital.dotdigital.source;

import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** Settings, metrics and a clock for testing the task's parts without a server or a worker. */
final class TestSupport {
    private TestSupport() {
    }

    /** Connector settings that need no server: the endpoint is never called by in-memory tests. */
    static Map<String, String> props(String streams) {
        Map<String, String> p = new HashMap<>();
        p.put("dotdigital.api.user", "apiuser-test@apiconnector.com");
        p.put("dotdigital.api.password", "not-used");
        p.put("dotdigital.api.endpoint", "https://r1-api.dotdigital.com");
        p.put("start.date", "2026-10-01T00:00:00Z");
        p.put("streams", streams);
        return p;
    }

    static DotdigitalSourceConfig config(Map<String, String> props) {
        return new DotdigitalSourceConfig(props);
    }

    /** Metrics kept locally (no worker). */
    static DotdigitalSourceMetrics metrics() {
        return new DotdigitalSourceMetrics(new ConnectorMetrics(null, Map.of()));
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
