package io.dynamicsdotdigital.emulator.dataverse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.InputStream;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Prints how fast 5000-row pages of contacts stream through real HTTPS to java.net.http. Not a timed assertion. */
@Tag("benchmark")
class PageStreamingBenchmarkTest {

    @Test
    void contactsPagesOverHttps() throws Exception {
        measure(true);
    }

    @Test
    void contactsPagesOverPlainHttp() throws Exception {
        measure(false);
    }

    private static void measure(boolean https) throws Exception {
        try (DataverseEmulator emu = DataverseEmulator.builder().https(https)
                .seed(DataverseSeed.defaults().contacts(20_000).leads(0).accounts(500).marketingLists(0).campaigns(0))
                .build().start()) {
            WebApiClient api = new WebApiClient(emu);
            // Warm-up: the JIT must compile the TLS code paths (AES-GCM intrinsics) before numbers mean anything.
            int warmUps = Integer.getInteger("benchmark.warmup", 4);
            for (int i = 0; i < warmUps; i++) {
                readAll(api);
            }
            int passes = 4;
            long bytes = 0;
            long rows = 0;
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpuStarted = os.getProcessCpuTime();
            long started = System.nanoTime();
            for (int i = 0; i < passes; i++) {
                long[] counted = readAll(api);
                rows += counted[0];
                bytes += counted[1];
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double cpuSeconds = (os.getProcessCpuTime() - cpuStarted) / 1e9;
            assertEquals(passes * 20_000L, rows);
            // CPU seconds of the whole JVM (server, TLS on both ends, client parsing): a figure that shared,
            // overloaded build machines do not distort as much as wall-clock time.
            System.out.printf("BENCHMARK dataverse-emulator (%s): %d rows (%d pages of 5000, all columns, %.0f bytes/row)"
                            + " in %.2f s = %.0f rows/s wall-clock, %.1f MB/s; %.0f rows per JVM CPU-second; load average %.1f on %d cores%n",
                    https ? "https" : "http", rows, rows / 5000, (double) bytes / rows, seconds, rows / seconds,
                    bytes / seconds / 1e6, rows / cpuSeconds, os.getSystemLoadAverage(), os.getAvailableProcessors());
        }
    }

    /** Follows nextLinks through every page, counting rows with a streaming parser; returns {rows, bytes}. */
    private static long[] readAll(WebApiClient api) throws Exception {
        String next = "contacts";
        long rows = 0;
        long bytes = 0;
        for (int page = 0; page < 10 && next != null; page++) {
            HttpResponse<InputStream> response = api.http.send(api.request(next, "odata.maxpagesize=5000").GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, response.statusCode());
            next = null;
            try (CountingStream in = new CountingStream(response.body());
                 JsonParser parser = WebApiClient.JSON.getFactory().createParser(in)) {
                parser.nextToken();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    parser.nextToken();
                    if (field.equals("value")) {
                        while (parser.nextToken() == JsonToken.START_OBJECT) {
                            parser.skipChildren();
                            rows++;
                        }
                    } else if (field.equals("@odata.nextLink")) {
                        next = parser.getText();
                    } else {
                        parser.skipChildren();
                    }
                }
                bytes += in.count;
            }
        }
        return new long[] {rows, bytes};
    }

    private static final class CountingStream extends java.io.FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws java.io.IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
