package io.dynamicsdotdigital.benchmarks;

import java.time.Duration;

/**
 * What the emulators add to each call. {@code NONE}: nothing (the figures are CPU-bound). {@code REAL}: like the
 * real services, 1 s per Dataverse Web API request (a 5,000-row page takes seconds to serve), 200 ms per Dotdigital
 * call, and bulk imports that stay NotFinished for 30 s; the quick run scales the import time down to 3 s.
 */
enum Latency {
    NONE(Duration.ZERO, Duration.ZERO),
    REAL(Duration.ofSeconds(1), Duration.ofMillis(200));

    final Duration dataversePerRequest;
    final Duration dotdigitalPerCall;

    Latency(Duration dataversePerRequest, Duration dotdigitalPerCall) {
        this.dataversePerRequest = dataversePerRequest;
        this.dotdigitalPerCall = dotdigitalPerCall;
    }

    /** How long a bulk import stays NotFinished; 50 ms is the emulator's default. */
    Duration importTime(Scale scale) {
        return this == NONE ? Duration.ofMillis(50) : scale.realImportTime();
    }

    String describe(Scale scale) {
        return this == NONE ? "none"
                : "1 s/Dataverse request, 200 ms/Dotdigital call, imports " + scale.realImportTime().toSeconds() + " s";
    }
}
