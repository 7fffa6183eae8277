package io.dynamicsdotdigital.dynamics.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.emulator.dataverse.DataverseEmulator;
import io.dynamicsdotdigital.emulator.dataverse.DataverseSeed;
import io.dynamicsdotdigital.emulator.dataverse.EmulatedTable;
import io.dynamicsdotdigital.emulator.dataverse.OnPremises;
import io.dynamicsdotdigital.emulator.dataverse.ServerVersion;
import io.dynamicsdotdigital.testsupport.DataverseEmulatorFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/**
 * The source task on each on-premises deployment the emulator plays: the snapshot and later changes arrive with a
 * service user through AD FS (its token renewed mid-run) and through Windows authentication (the handshake run again
 * mid-run), and from a Dynamics 8.2 server by watermark with a key scan for deletes. Validation names the password
 * field for a wrong password.
 */
class OnPremisesTaskIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String PASSWORD = "Svc-Pa55word!";

    private static DataverseEmulatorFixture fixture(DataverseEmulator.Builder builder) {
        return new DataverseEmulatorFixture(builder.seed(DataverseSeed.empty().contacts(12)));
    }

    private static Map<String, String> userProps(DataverseEmulatorFixture f, String mode, String user,
                                                 String password) {
        Map<String, String> p = EmulatorSourceProps.of(f, "onprem-" + mode);
        p.remove("dynamics.authority");
        p.remove("dynamics.tenant.id");
        p.remove("dynamics.client.secret");
        p.put("dynamics.client.id", mode.equals("ntlm") ? "" : "kafka-connect");
        p.put("dynamics.auth.mode", mode);
        p.put("dynamics.username", user);
        p.put("dynamics.password", password);
        p.put("tables", "contact");
        return p;
    }

    private static long created(List<SourceRecord> records, String lastname) {
        return records.stream().filter(r -> r.value() != null
                && lastname.equals(((Struct) r.value()).get("lastname"))).count();
    }

    @Test
    void adfsServiceUserSnapshotsAndFollowsChangesAcrossATokenRenewal() throws Exception {
        try (DataverseEmulatorFixture f = fixture(DataverseEmulator.builder().onPremises(
                OnPremises.adfs("CONTOSO").user("svc-kafka", PASSWORD).adfsClient("kafka-connect")));
             TaskHarness h = new TaskHarness().start(userProps(f, "adfs_password", "svc-kafka@contoso.local",
                     PASSWORD), "contact")) {
            h.pollUntil(r -> r.size() >= 12, WAIT);
            f.emulator.expireAllAccessTokens();
            f.emulator.table("contact").create(Map.of("lastname", "AfterRenewal"));
            h.pollUntil(r -> created(r, "AfterRenewal") == 1, WAIT);
            assertEquals(1, f.emulator.adfsPasswordGrants(), "the password is sent once");
            assertTrue(f.emulator.adfsRefreshGrants() >= 1, "the token was renewed by its refresh token");
            assertEquals("delta", h.stored.values().iterator().next().get("phase"));
        }
    }

    @Test
    void windowsUserSnapshotsAndFollowsChangesAcrossANewHandshake() throws Exception {
        try (DataverseEmulatorFixture f = fixture(DataverseEmulator.builder().onPremises(
                OnPremises.windows("CONTOSO").user("svc-kafka", PASSWORD)));
             TaskHarness h = new TaskHarness().start(userProps(f, "ntlm", "CONTOSO\\svc-kafka", PASSWORD),
                     "contact")) {
            h.pollUntil(r -> r.size() >= 12, WAIT);
            int handshakes = f.emulator.windowsHandshakes();
            f.emulator.forgetWindowsSessions();
            f.emulator.table("contact").create(Map.of("lastname", "AfterHandshake"));
            h.pollUntil(r -> created(r, "AfterHandshake") == 1, WAIT);
            assertTrue(f.emulator.windowsHandshakes() > handshakes, "the handshake ran again");
        }
    }

    @Test
    void dynamics8TablesAreReadByWatermarkWithKeyScansForDeletes() throws Exception {
        try (DataverseEmulatorFixture f = fixture(DataverseEmulator.builder().serverVersion(ServerVersion.V8_2))) {
            Map<String, String> p = EmulatorSourceProps.of(f, "dyn8");
            p.put("dynamics.api.version", "v8.2");
            p.put("tables", "contact");
            // Longer than the poll interval: a scan due at every poll would leave no turn to the watermark reads.
            p.put("watermark.delete.scan.interval.ms", "2000");
            try (TaskHarness h = new TaskHarness().start(p, "contact")) {
                h.pollUntil(r -> r.size() >= 12 && h.task.metrics().total("key-scan-pages-total") >= 1, WAIT);
                assertEquals("watermark", h.stored.values().iterator().next().get("phase"));
                assertEquals(0, h.task.metrics().total("snapshot-pages-total"),
                        "read by watermark from the start, not after a tracked snapshot that found no deltaLink");
                EmulatedTable contacts = f.emulator.table("contact");
                String gone = ((Struct) h.records.get(0).key()).getString("contactid");
                contacts.delete(gone);
                contacts.create(Map.of("lastname", "OnVersion8"));
                h.pollUntil(r -> created(r, "OnVersion8") == 1 && r.stream().anyMatch(x -> x.value() == null), WAIT);
                SourceRecord tombstone = h.records.stream().filter(x -> x.value() == null).findFirst().orElseThrow();
                assertEquals(gone, ((Struct) tombstone.key()).getString("contactid"));
                assertFalse(f.emulator.requests().snapshot().keySet().stream().anyMatch(k -> k.contains("/v9.")),
                        "only v8.2 paths were called");
            }
        }
    }

    @Test
    void aWrongPasswordFailsValidationOnThePasswordField() {
        try (DataverseEmulatorFixture f = fixture(DataverseEmulator.builder().onPremises(
                OnPremises.adfs("CONTOSO").user("svc-kafka", PASSWORD).adfsClient("kafka-connect")))) {
            Map<String, String> p = userProps(f, "adfs_password", "svc-kafka@contoso.local", "Wrong" + PASSWORD);
            List<ConfigValue> values = new DynamicsSourceConnector().validate(p).configValues();
            ConfigValue password = values.stream().filter(v -> v.name().equals("dynamics.password")).findFirst()
                    .orElseThrow();
            assertEquals(1, password.errorMessages().size(), values.toString());
            assertTrue(password.errorMessages().get(0).contains("invalid_grant"), password.errorMessages().toString());
            assertTrue(values.stream().allMatch(v -> v.name().equals("dynamics.password")
                    || v.errorMessages().isEmpty()), "only the password field has an error");
            assertFalse(values.toString().contains(PASSWORD), "the password appears in validate's answer");
        }
    }
}
