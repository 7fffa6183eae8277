package io.dynamicsdotdigital.dynamics.source;

import io.dynamicsdotdigital.emulator.common.SelfSignedTls;
import io.dynamicsdotdigital.emulator.dataverse.DataverseEmulator;
import io.dynamicsdotdigital.emulator.dataverse.DataverseSeed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A Dataverse emulator over HTTPS and the connector settings that reach it. */
final class EmulatorFixture implements AutoCloseable {
    static final String TRUST_PASSWORD = "changeit";
    final DataverseEmulator emulator;
    final Path trustStore;

    EmulatorFixture(DataverseSeed seed) throws IOException {
        this.emulator = DataverseEmulator.builder().port(0).https(true).seed(seed).build().start();
        Path dir = Files.createTempDirectory("dynamics-source-trust");
        this.trustStore = SelfSignedTls.shared().writeTrustStore(dir.resolve("trust.p12"), TRUST_PASSWORD);
    }

    /** Connection, credentials and trust; callers add tables and reading settings. */
    Map<String, String> connectorProps(String name) {
        Map<String, String> p = new HashMap<>();
        p.put("name", name);
        p.put("connector.class", DynamicsSourceConnector.class.getName());
        p.put("dynamics.url", emulator.orgUrl());
        p.put("dynamics.authority", emulator.authorityUrl());
        p.put("dynamics.tenant.id", emulator.tenantId());
        p.put("dynamics.client.id", emulator.clientId());
        p.put("dynamics.client.secret", emulator.clientSecret());
        p.put("http.truststore.path", trustStore.toString());
        p.put("http.truststore.password", TRUST_PASSWORD);
        p.put("http.truststore.type", "PKCS12");
        p.put("retry.backoff.initial.ms", "50");
        p.put("retry.backoff.max.ms", "500");
        p.put("poll.interval.ms", "300");
        p.put("watermark.safety.delay.ms", "1000");
        return p;
    }

    @Override
    public void close() {
        emulator.close();
    }
}
