package io.dynamicsdotdigital.dynamics.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dynamicsdotdigital.dataverse.client.auth.EntraIdClientCredentialsProvider;
import io.dynamicsdotdigital.common.http.ApiHttpClient;
import io.dynamicsdotdigital.dataverse.client.DataverseClient;
import io.dynamicsdotdigital.dataverse.client.EntityMetadata;
import io.dynamicsdotdigital.dataverse.client.PageQuery;
import io.dynamicsdotdigital.dataverse.client.PageResult;
import io.dynamicsdotdigital.dataverse.client.Paging;
import io.dynamicsdotdigital.dataverse.client.RequestGate;
import io.dynamicsdotdigital.dataverse.client.webapi.PageParser;
import io.dynamicsdotdigital.dataverse.client.webapi.WebApiDataverseClient;
import io.dynamicsdotdigital.dynamics.source.schema.RowConverter;
import io.dynamicsdotdigital.dynamics.source.schema.RowHandler;
import io.dynamicsdotdigital.dynamics.source.schema.SchemaMapper;
import io.dynamicsdotdigital.dynamics.source.schema.TableSchema;
import io.dynamicsdotdigital.emulator.dataverse.DataverseSeed;
import io.dynamicsdotdigital.testsupport.DataverseEmulatorFixture;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints the parse + convert rate of 5000-row contact pages from the emulator (bytes fetched once, then parsed from
 * memory so the emulator's own cost is not counted), the end-to-end rate through the HTTP client, and heap use.
 * A measurement, not a timed assertion; it runs in a few seconds.
 */
@Tag("benchmark")
class PageParseBenchmark {
    static final int ROWS = 20_000;

    private static PageQuery query(String link) {
        return link == null ? new PageQuery.Snapshot("contacts", List.of(), Paging.TRACK_CHANGES)
                : new PageQuery.Follow("contacts", link, Paging.TRACK_CHANGES);
    }

    @Test
    void parseAndConvertRate() throws Exception {
        try (DataverseEmulatorFixture fixture = new DataverseEmulatorFixture(DataverseSeed.defaults().contacts(ROWS).leads(0)
                .accounts(0).marketingLists(0).campaigns(0).randomSeed(3))) {
            DynamicsSourceConfig config = new DynamicsSourceConfig(EmulatorSourceProps.of(fixture, "bench"));
            EntraIdClientCredentialsProvider auth = new EntraIdClientCredentialsProvider(config.entraId(),
                    config.httpSettings());
            ApiHttpClient http = new ApiHttpClient("Dataverse", config.httpSettings(), config.resilienceSettings(),
                    auth, "bench", null);
            DataverseClient client = WebApiDataverseClient.create(config, config.resilienceSettings(), "bench", null,
                    new RequestGate(4), 5000);
            EntityMetadata metadata = client.metadata("contact");
            TableSchema schema = new SchemaMapper("dynamics").build(metadata, List.of(), false, 1);

            HttpResponse<byte[]> first = http.send(HttpRequest.newBuilder(config.webApiRoot().resolve("contacts"))
                    .header("Accept", "application/json").header("Prefer", "odata.maxpagesize=5000"),
                    HttpResponse.BodyHandlers.ofByteArray(), "contacts");
            byte[] page = first.body();
            int[] count = new int[1];
            RowHandler counting = new RowHandler() {
                @Override
                public void row(Struct value) {
                    count[0]++;
                }

                @Override
                public void deleted(String id, String reason) {
                }
            };
            PageResult r = PageParser.parse(new ByteArrayInputStream(page), "contacts", new RowConverter(schema, counting));
            assertEquals(5000, r.items());
            System.out.printf("page: %d rows, %d bytes (%d bytes/row), %d columns%n", r.items(), page.length,
                    page.length / r.items(), schema.valueSchema().fields().size());

            // Warm up, then measure parse + convert from memory.
            for (int i = 0; i < 20; i++) {
                PageParser.parse(new ByteArrayInputStream(page), "contacts", new RowConverter(schema, counting));
            }
            int rounds = 40;
            count[0] = 0;
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                PageParser.parse(new ByteArrayInputStream(page), "contacts", new RowConverter(schema, counting));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            // CPU time is what one task's thread costs; wall time also counts waiting for a core on a busy machine.
            System.out.printf("parse+convert (from memory): %.0f rows per CPU-second, %.0f rows/s wall"
                    + " (load average %.1f)%n", count[0] / cpuSeconds, count[0] / seconds,
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

            // End to end through the HTTP client (emulator serialisation, TLS, streaming parse and convert), twice:
            // the first round warms up the connection and the emulator.
            int pages = 0;
            for (int round = 1; round <= 2; round++) {
                Runtime rt = Runtime.getRuntime();
                System.gc();
                long heapBefore = rt.totalMemory() - rt.freeMemory();
                long peak = heapBefore;
                count[0] = 0;
                pages = 0;
                start = System.nanoTime();
                String link = null;
                do {
                    PageResult res = client.readPage(query(link), new RowConverter(schema, counting), "bench");
                    link = res.nextLink();
                    pages++;
                    peak = Math.max(peak, rt.totalMemory() - rt.freeMemory());
                } while (link != null);
                seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("round %d, snapshot over HTTPS: %d rows in %d calls, %.2f s, %.0f rows/s wall;"
                        + " heap growth <= %d MB%n", round, count[0], pages, seconds, count[0] / seconds,
                        (peak - heapBefore) / (1024 * 1024));
                assertEquals(ROWS, count[0]);
            }
            System.out.println("calls per " + ROWS + "-row snapshot: " + pages + " " + Map.of("pageSize", 5000));

            // What a task holds: one page of converted rows at a time. Measured after a full GC with the page's
            // rows still referenced, per page; bounded heap means this stays flat as pages go by.
            Runtime rt = Runtime.getRuntime();
            System.gc();
            long baseline = rt.totalMemory() - rt.freeMemory();
            long maxRetained = 0;
            long firstRetained = -1;
            String link = null;
            int pageNumber = 0;
            do {
                List<Struct> rows = new java.util.ArrayList<>();
                RowHandler collecting = new RowHandler() {
                    @Override
                    public void row(Struct value) {
                        rows.add(value);
                    }

                    @Override
                    public void deleted(String id, String reason) {
                    }
                };
                PageResult res = client.readPage(query(link), new RowConverter(schema, collecting), "bench");
                link = res.nextLink();
                System.gc();
                long retained = rt.totalMemory() - rt.freeMemory() - baseline;
                maxRetained = Math.max(maxRetained, retained);
                if (firstRetained < 0) {
                    firstRetained = retained;
                }
                pageNumber++;
                System.out.printf("page %d: %d rows held, heap retained %.1f MB%n", pageNumber, rows.size(),
                        retained / 1048576.0);
            } while (link != null);
            System.out.printf("heap retained while holding one page: first %.1f MB, max %.1f MB over %d pages%n",
                    firstRetained / 1048576.0, maxRetained / 1048576.0, pageNumber);
        }
    }
}
