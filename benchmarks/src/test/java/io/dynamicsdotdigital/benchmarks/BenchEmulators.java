package io.dynamicsdotdigital.benchmarks;

import io.dynamicsdotdigital.emulator.common.Fault;
import io.dynamicsdotdigital.emulator.dataverse.DataverseEmulator;
import io.dynamicsdotdigital.emulator.dataverse.DataverseSeed;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalEmulator;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalSeed;
import io.dynamicsdotdigital.testsupport.DataverseEmulatorFixture;
import io.dynamicsdotdigital.testsupport.DotdigitalEmulatorFixture;

/**
 * Both emulators over HTTPS in the harness's JVM (the connector tasks run in forked JVMs of their own, so the
 * emulators' heap is not counted as theirs), with the per-call latency of a {@link Latency} applied through the
 * emulators' own settings: Dataverse's processing time per request, a delay fault on every Dotdigital call, and
 * Dotdigital's import processing time.
 */
final class BenchEmulators implements AutoCloseable {
    final DataverseEmulatorFixture dataverse;
    final DotdigitalEmulatorFixture dotdigital;

    BenchEmulators(int contacts) {
        dataverse = new DataverseEmulatorFixture(DataverseEmulator.builder().port(0).https(true)
                .seed(DataverseSeed.defaults().contacts(contacts).leads(0).accounts(0).marketingLists(0).campaigns(0)
                        .randomSeed(19)));
        dotdigital = new DotdigitalEmulatorFixture(DotdigitalEmulator.builder().port(0).https(true)
                .seed(DotdigitalSeed.empty()));
    }

    void apply(Latency latency, Scale scale) {
        dataverse.emulator.processingTime(latency.dataversePerRequest);
        dotdigital.emulator.faults().clear();
        if (!latency.dotdigitalPerCall.isZero()) {
            dotdigital.emulator.faults().add(Fault.delay(latency.dotdigitalPerCall), Integer.MAX_VALUE);
        }
        dotdigital.emulator.importProcessingDelay(latency.importTime(scale));
    }

    long dataverseCalls() {
        return dataverse.emulator.requests().total();
    }

    long dotdigitalCalls() {
        return dotdigital.emulator.requests().total();
    }

    @Override
    public void close() {
        dotdigital.close();
        dataverse.close();
    }
}
