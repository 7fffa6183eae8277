package io.dynamicsdotdigital.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EmulatorOptionsTest {

    @Test
    void defaultsMatchTheQuickstartDataSet() {
        EmulatorOptions o = EmulatorOptions.parse();
        assertEquals(8081, o.dataversePort);
        assertEquals(8082, o.dotdigitalPort);
        assertTrue(o.https);
        assertEquals(10_000, o.contacts);
        assertEquals(2_000, o.leads);
        assertEquals(500, o.accounts);
        assertEquals(4, o.marketingLists);
        assertEquals(5, o.dynamicsCampaigns);
        assertEquals(5, o.dotdigitalCampaigns);
    }

    @Test
    void theTrustStoreGoesToTheStateDirectoryNotTheWorkingDirectory() {
        EmulatorOptions defaults = EmulatorOptions.parse();
        assertEquals(Path.of(".emulators", "emulators-truststore.p12"), defaults.trustStorePath());
        assertEquals(Path.of("/tmp/state", "emulators-truststore.p12"),
                EmulatorOptions.parse("--state-dir", "/tmp/state").trustStorePath());
        assertEquals(Path.of("/tmp/t.p12"),
                EmulatorOptions.parse("--state-dir", "/tmp/state", "--truststore", "/tmp/t.p12").trustStorePath());
    }

    @Test
    void theStateDirectoryCanComeFromASystemProperty() {
        System.setProperty(EmulatorOptions.STATE_DIR_PROPERTY, "/tmp/from-property");
        try {
            assertEquals(Path.of("/tmp/from-property", "emulators-truststore.p12"),
                    EmulatorOptions.parse().trustStorePath());
            assertEquals(Path.of("/tmp/flag"), EmulatorOptions.parse("--state-dir", "/tmp/flag").stateDir);
        } finally {
            System.clearProperty(EmulatorOptions.STATE_DIR_PROPERTY);
        }
    }

    @Test
    void parsesEveryOption() {
        EmulatorOptions o = EmulatorOptions.parse("--dataverse-port", "0", "--dotdigital-port", "9002", "--http",
                "--seed-contacts", "7", "--seed-leads", "6", "--seed-accounts", "5", "--seed-lists", "4",
                "--seed-campaigns", "2", "--seed-dotdigital-contacts", "30", "--seed-address-books", "1",
                "--seed-activities", "9", "--seed-unsubscribes", "3", "--seed-suppressions", "2",
                "--random-seed", "11", "--state-dir", "/tmp/s", "--truststore", "/tmp/t.p12", "--truststore-password", "pw",
                "--info-file", "/tmp/info.env", "--stats-file", "/tmp/stats.tsv");
        assertEquals(0, o.dataversePort);
        assertEquals(9002, o.dotdigitalPort);
        assertFalse(o.https);
        assertEquals(7, o.contacts);
        assertEquals(6, o.leads);
        assertEquals(5, o.accounts);
        assertEquals(4, o.marketingLists);
        assertEquals(2, o.dynamicsCampaigns);
        assertEquals(2, o.dotdigitalCampaigns);
        assertEquals(30, o.dotdigitalContacts);
        assertEquals(1, o.addressBooks);
        assertEquals(9, o.activitiesPerCampaign);
        assertEquals(3, o.unsubscribes);
        assertEquals(2, o.suppressions);
        assertEquals(11, o.randomSeed);
        assertEquals(Path.of("/tmp/s"), o.stateDir);
        assertEquals(Path.of("/tmp/t.p12"), o.trustStore);
        assertEquals("pw", o.trustStorePassword);
        assertEquals(Path.of("/tmp/info.env"), o.infoFile);
        assertEquals(Path.of("/tmp/stats.tsv"), o.statsFile);
    }

    @Test
    void errorsNameTheOption() {
        assertEquals("Unknown option '--nope'",
                assertThrows(IllegalArgumentException.class, () -> EmulatorOptions.parse("--nope")).getMessage());
        assertEquals("Option --seed-contacts needs a whole number, got 'many'",
                assertThrows(IllegalArgumentException.class,
                        () -> EmulatorOptions.parse("--seed-contacts", "many")).getMessage());
        assertEquals("Option --dataverse-port must be a port between 0 and 65535, got 70000",
                assertThrows(IllegalArgumentException.class,
                        () -> EmulatorOptions.parse("--dataverse-port", "70000")).getMessage());
        assertEquals("Option --truststore needs a value",
                assertThrows(IllegalArgumentException.class,
                        () -> EmulatorOptions.parse("--truststore", "--http")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> EmulatorOptions.parse("--dataverse-port", "9000", "--dotdigital-port", "9000"))
                .getMessage().contains("must differ"));
    }
}
