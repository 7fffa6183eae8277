package io.dynamicsdotdigital.dynamics.sink;

import io.dynamicsdotdigital.emulator.dataverse.DataverseSeed;
import io.dynamicsdotdigital.emulator.dataverse.WriteBackTables;
import io.dynamicsdotdigital.testsupport.DataverseEmulatorFixture;

/**
 * One Dataverse emulator with the write-back tables (and one marketing list) for the task tests of the linked,
 * newer-wins and resolved-lookup write-back, started once per test JVM (each start costs seconds of the build's budget) and closed at its exit.
 * The tests use distinct keys, so they do not see each other's rows.
 */
final class SharedWriteBackEmulator {
    private static DataverseEmulatorFixture fixture;

    private SharedWriteBackEmulator() {
    }

    static synchronized DataverseEmulatorFixture get() {
        if (fixture == null) {
            fixture = new DataverseEmulatorFixture(DataverseSeed.empty().marketingLists(1).randomSeed(16));
            WriteBackTables.defineAll(fixture.emulator);
            DataverseEmulatorFixture started = fixture;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return fixture;
    }
}
