package io.dynamicsdotdigital.dynamics.source;

import io.dynamicsdotdigital.testsupport.DataverseEmulatorFixture;
import java.util.Map;

/** This connector's settings against a Dataverse emulator: the shared connection settings and short poll waits. */
final class EmulatorSourceProps {
    private EmulatorSourceProps() {
    }

    /** Connection, credentials, trust and short waits; callers add tables and reading settings. */
    static Map<String, String> of(DataverseEmulatorFixture fixture, String name) {
        Map<String, String> p = fixture.connectionProps(name);
        p.put("connector.class", DynamicsSourceConnector.class.getName());
        p.put("poll.interval.ms", "300");
        p.put("watermark.safety.delay.ms", "1000");
        return p;
    }
}
