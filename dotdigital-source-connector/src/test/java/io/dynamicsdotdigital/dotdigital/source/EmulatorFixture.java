package io.dynamicsdotdigital.dotdigital.source;

import io.dynamicsdotdigital.emulator.common.SelfSignedTls;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalEmulator;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalSeed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A Dotdigital emulator over HTTPS and the connector settings that point at it. */
final class EmulatorFixture implements AutoCloseable {
    static final String TRUST_PASSWORD = "changeit";
    final DotdigitalEmulator emulator;
    final Path trustStore;

    EmulatorFixture(DotdigitalSeed seed) {
        this(seed, 0);
    }

    EmulatorFixture(DotdigitalSeed seed, int rateLimitPerMinute) {
        try {
            trustStore = Files.createTempFile("dotdigital-source-trust", ".p12");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SelfSignedTls.shared().writeTrustStore(trustStore, TRUST_PASSWORD);
        emulator = DotdigitalEmulator.builder().port(0).https(true).rateLimitPerMinute(rateLimitPerMinute)
                .seed(seed).build().start();
    }

    /** Connector settings for this emulator: endpoint set (no discovery), trust store, no client-side budget. */
    Map<String, String> connectorProps(String... streams) {
        Map<String, String> p = new HashMap<>();
        p.put("dotdigital.api.user", emulator.apiUser());
        p.put("dotdigital.api.password", emulator.apiPassword());
        p.put("dotdigital.api.endpoint", emulator.baseUrl());
        p.put("http.truststore.path", trustStore.toString());
        p.put("http.truststore.password", TRUST_PASSWORD);
        p.put("rate.limit.calls.per.hour", "0");
        p.put("retry.backoff.initial.ms", "20");
        p.put("retry.backoff.max.ms", "200");
        p.put("retry.server.wait.max.ms", "2000");
        p.put("poll.interval.ms", "500");
        p.put("start.date", java.time.Instant.now().minus(java.time.Duration.ofDays(30)).toString());
        if (streams.length > 0) {
            p.put("streams", String.join(",", streams));
        }
        return p;
    }

    @Override
    public void close() {
        emulator.close();
        try {
            Files.deleteIfExists(trustStore);
        } catch (IOException ignored) {
            // a temp file; the OS cleans up
        }
    }
}
