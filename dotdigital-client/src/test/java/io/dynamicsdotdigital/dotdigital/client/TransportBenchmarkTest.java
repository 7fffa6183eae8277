package io.dynamicsdotdigital.dotdigital.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.dotdigital.client.model.CampaignActivity;
import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import io.dynamicsdotdigital.dotdigital.client.model.ContactImport;
import io.dynamicsdotdigital.dotdigital.client.model.ImportHandle;
import io.dynamicsdotdigital.dotdigital.client.model.ImportResult;
import io.dynamicsdotdigital.dotdigital.client.model.MergeOption;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalEmulator;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalSeed;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prints rows/s of since-date paging over REST and SOAP and contacts/s of a v3 import; asserts only correctness. */
@Tag("benchmark")
class TransportBenchmarkTest {
    private static final int ROWS = 10_000;
    private static final int IMPORT = 10_000;

    @TempDir
    Path dir;

    @Test
    void pagingAndImportThroughput() {
        try (DotdigitalEmulator emu = DotdigitalEmulator.builder().port(0).https(true)
                .seed(DotdigitalSeed.empty().campaigns(1).activitiesPerCampaign(ROWS)).build().start()) {
            long campaign = emu.state().campaigns().get(0).id();
            for (DotdigitalTransport t : DotdigitalTransport.values()) {
                try (DotdigitalClient client = DotdigitalClients.create(EmulatorSupport.settings(emu, t),
                        EmulatorSupport.httpSettings(dir), EmulatorSupport.fastRetries(), null)) {
                    for (int round = 1; round <= 2; round++) {
                        long start = System.nanoTime();
                        Set<Long> ids = new HashSet<>();
                        for (int skip = 0; ; skip += 1000) {
                            List<CampaignActivity> page = client.campaignActivitiesSince(campaign, Instant.EPOCH,
                                    1000, skip);
                            page.forEach(a -> ids.add(a.contactId()));
                            if (page.size() < 1000) {
                                break;
                            }
                        }
                        double seconds = (System.nanoTime() - start) / 1e9;
                        assertEquals(ROWS, ids.size());
                        System.out.printf("BENCHMARK %s activities round %d: %d rows in %.2f s = %.0f rows/s%n", t,
                                round, ROWS, seconds, ROWS / seconds);
                    }
                }
            }
            try (DotdigitalClient client = DotdigitalClients.create(
                    EmulatorSupport.settings(emu, DotdigitalTransport.REST), EmulatorSupport.httpSettings(dir),
                    EmulatorSupport.fastRetries(), null)) {
                List<Contact> contacts = new ArrayList<>(IMPORT);
                for (int i = 0; i < IMPORT; i++) {
                    contacts.add(Contact.of("bench" + i + "@client.example",
                            Map.of("FIRSTNAME", "First" + i, "LASTNAME", "Last" + i)));
                }
                ContactImport request = ContactImport.v3(null, MergeOption.OVERWRITE, contacts);
                long start = System.nanoTime();
                long bytes = ImportBodies.v3BodyBytes(request);
                ImportHandle handle = client.startImport(request);
                double submit = (System.nanoTime() - start) / 1e9;
                System.out.printf("BENCHMARK v3 import: %d contacts, %d body bytes, built and submitted in %.2f s"
                        + " (%.0f contacts/s)%n", IMPORT, bytes, submit, IMPORT / submit);
                ImportResult result = DotdigitalClientContractTest.awaitImport(client, handle, Duration.ofMinutes(3));
                double total = (System.nanoTime() - start) / 1e9;
                assertTrue(result.isFinished());
                assertEquals(IMPORT, result.summary().newContacts());
                System.out.printf("BENCHMARK v3 import finished (emulator processing included) in %.2f s%n", total);
            }
        }
    }
}
