package io.dynamicsdotdigital.emulator.dotdigital;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Prints throughput figures (recorded in the README); asserts only correctness, never timings. */
@Tag("benchmark")
class DotdigitalEmulatorBenchmarkTest {

    @Test
    void sinceDatePagesAndV3ImportThroughput() throws Exception {
        long seedStart = System.nanoTime();
        try (DotdigitalEmulator emu = DotdigitalEmulator.builder().https(true).soap(false)
                .seed(DotdigitalSeed.defaults().campaigns(1).activitiesPerCampaign(10_000).randomSeed(7)).build()
                .start()) {
            double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
            Rest rest = new Rest(emu);
            int campaignId = emu.state().campaigns().get(0).id();
            String base = "/v2/campaigns/" + campaignId + "/activities/since-date/2000-01-01T00:00:00Z?select=1000&skip=";
            for (int i = 0; i < 10; i++) {
                rest.get(base + i * 1000); // warm-up: JIT and TLS session
            }
            long handlerCpuBefore = emu.restHandlerCpuTime().toNanos();
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    ManagementFactory.getOperatingSystemMXBean();
            long processCpuBefore = os.getProcessCpuTime();
            Set<Integer> ids = new HashSet<>();
            long start = System.nanoTime();
            long bytes = 0;
            for (int page = 0; page < 10; page++) {
                Rest.Response r = rest.get(base + page * 1000);
                bytes += r.body().length();
                r.json().forEach(row -> ids.add(row.path("contactId").asInt()));
            }
            double pageSeconds = (System.nanoTime() - start) / 1e9;
            double pageCpu = (os.getProcessCpuTime() - processCpuBefore) / 1e9;
            double handlerCpu = (emu.restHandlerCpuTime().toNanos() - handlerCpuBefore) / 1e9;
            assertEquals(10_000, ids.size());
            System.out.printf("BENCHMARK since-date activities: 10 pages x 1000 rows over HTTPS: emulator handler CPU %.3f s = %.0f rows "
                    + "per CPU-second; wall %.3f s = %.0f rows/s; "
                    + "whole-JVM CPU (server + TLS + client parsing) %.3f s = %.0f rows per CPU-second; %.1f MB JSON; "
                    + "build+seed+start %.2f s (first HTTPS start includes keytool)%n",
                    handlerCpu, 10_000 / handlerCpu, pageSeconds, 10_000 / pageSeconds, pageCpu, 10_000 / pageCpu, bytes / 1e6, seedSeconds);

            List<Object> contacts = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                contacts.add(Map.of("matchIdentifier", "email",
                        "identifiers", Map.of("email", "bench" + i + "@example.com"),
                        "dataFields", Map.of("FIRSTNAME", "Bench", "LASTNAME", "Row" + i),
                        "channelProperties", Map.of("email", Map.of("status", "subscribed", "optInType", "Single",
                                "emailType", "Html"))));
            }
            byte[] body = Rest.JSON.writeValueAsBytes(Map.of("mergeOption", "overwrite", "contacts", contacts));
            long bodyBytes = body.length;
            long cpuBefore = os.getProcessCpuTime();
            long acceptStart = System.nanoTime();
            long acceptCpuBefore = emu.restHandlerCpuTime().toNanos();
            Rest.Response accepted = rest.send("PUT", "/contacts/v3/import", body, "application/json");
            double acceptSeconds = (System.nanoTime() - acceptStart) / 1e9;
            double acceptCpu = (emu.restHandlerCpuTime().toNanos() - acceptCpuBefore) / 1e9;
            assertEquals(202, accepted.status(), accepted.body());
            String importId = accepted.json().path("importId").asText();
            JsonNode done = rest.awaitImport("/contacts/v3/import/" + importId, "importId");
            double totalSeconds = (System.nanoTime() - acceptStart) / 1e9;
            assertEquals("Finished", done.path("status").asText());
            assertEquals(10_000, done.path("summary").path("newContacts").asInt());
            ContactImport job = emu.state().imports().stream().filter(j -> j.id().equals(importId)).findFirst()
                    .orElseThrow();
            double processSeconds = job.processingTime().toNanos() / 1e9;
            double processCpu = job.processingCpuTime().toNanos() / 1e9;
            System.out.printf("BENCHMARK v3 import of 10,000 contacts: accept = emulator handler CPU %.3f s (read + parse "
                    + "%.1f MB), wall %.3f s incl. client JSON; apply wall %.3f s, apply CPU %.3f s = %.0f contacts per CPU-second; accepted-to-Finished "
                    + "by polling %.3f s wall; whole-JVM CPU for the import round trip %.3f s%n",
                    acceptCpu, bodyBytes / 1e6, acceptSeconds, processSeconds, processCpu, 10_000 / Math.max(processCpu, 1e-9), totalSeconds,
                    (os.getProcessCpuTime() - cpuBefore) / 1e9);
            assertEquals(10_000, emu.state().contacts().stream().filter(c -> c.email().startsWith("bench")).count());
        }
    }
}
