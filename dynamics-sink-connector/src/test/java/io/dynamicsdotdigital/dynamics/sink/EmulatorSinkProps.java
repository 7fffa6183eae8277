package io.dynamicsdotdigital.dynamics.sink;

import io.dynamicsdotdigital.testsupport.DataverseEmulatorFixture;
import java.util.Map;

/** This connector's settings against a Dataverse emulator. */
final class EmulatorSinkProps {
    private EmulatorSinkProps() {
    }

    /** Connection, credentials and trust; callers add the table and mapping. */
    static Map<String, String> of(DataverseEmulatorFixture fixture, String name) {
        Map<String, String> p = fixture.connectionProps(name);
        p.put("connector.class", DynamicsSinkConnector.class.getName());
        return p;
    }
}
