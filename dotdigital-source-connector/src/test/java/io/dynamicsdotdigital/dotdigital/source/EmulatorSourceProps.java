package io.dynamicsdotdigital.dotdigital.source;

import io.dynamicsdotdigital.testsupport.DotdigitalEmulatorFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** This connector's settings against a Dotdigital emulator: the shared connection settings and short waits. */
final class EmulatorSourceProps {
    private EmulatorSourceProps() {
    }

    /** Connection settings, short server waits and polls, a start date 30 days back and the given streams. */
    static Map<String, String> of(DotdigitalEmulatorFixture fixture, String... streams) {
        Map<String, String> p = fixture.connectionProps();
        p.put("retry.server.wait.max.ms", "2000");
        p.put("poll.interval.ms", "500");
        p.put("start.date", Instant.now().minus(Duration.ofDays(30)).toString());
        if (streams.length > 0) {
            p.put("streams", String.join(",", streams));
        }
        return p;
    }
}
