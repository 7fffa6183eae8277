package io.dynamicsdotdigital.testsupport;

import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalEmulator;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalSeed;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A Dotdigital emulator over HTTPS, in this JVM, and the connector settings that reach it. */
public final class DotdigitalEmulatorFixture implements AutoCloseable {
    public final DotdigitalEmulator emulator;
    public final Path trustStore;

    public DotdigitalEmulatorFixture(DotdigitalSeed seed) {
        this(DotdigitalEmulator.builder().port(0).https(true).seed(seed));
    }

    /** For emulators that need more than a seed (rate limits, fault injection): the builder is started here. */
    public DotdigitalEmulatorFixture(DotdigitalEmulator.Builder builder) {
        this.trustStore = DataverseEmulatorFixture.TrustStores.write("dotdigital-trust");
        this.emulator = builder.build().start();
    }

    /**
     * Credentials, the endpoint (so no region discovery), trust, no client-side call budget and short retry waits,
     * as both Dotdigital connectors take them.
     */
    public Map<String, String> connectionProps() {
        Map<String, String> p = new HashMap<>();
        p.put("dotdigital.api.user", emulator.apiUser());
        p.put("dotdigital.api.password", emulator.apiPassword());
        p.put("dotdigital.api.endpoint", emulator.baseUrl());
        p.putAll(DataverseEmulatorFixture.TrustStores.connectorProps(trustStore));
        p.put("rate.limit.calls.per.hour", "0");
        p.put("retry.backoff.initial.ms", "20");
        p.put("retry.backoff.max.ms", "200");
        return p;
    }

    @Override
    public void close() {
        emulator.close();
        DataverseEmulatorFixture.TrustStores.delete(trustStore);
    }
}
