package io.dynamicsdotdigital.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The normal build's smoke run of the benchmark harness: every comparison at a few hundred rows without added
 * latency, then checks that the summary table, its JSON and the chart are written and well-formed, with every
 * row carrying figures. Timings are printed, never asserted.
 */
class BenchmarkHarnessSmokeTest {
    @Test
    void harnessWritesAWellFormedReportAtTinySize() throws Exception {
        BenchReport report = BenchmarkHarness.run(Scale.SMOKE, null);
        Path dir = Path.of("target", "benchmark-smoke");
        report.write(dir);

        JsonNode json = new ObjectMapper().readTree(dir.resolve(BenchReport.JSON).toFile());
        JsonNode rows = json.get("comparisons");
        assertEquals(4, rows.size(), "one row per comparison without added latency: " + json);
        for (JsonNode row : rows) {
            for (String side : List.of("ours", "alternative")) {
                JsonNode f = row.get(side);
                assertTrue(f.get("rows").asLong() > 0, side + " moved rows: " + row);
                assertTrue(f.get("rows_per_second").asDouble() > 0, side + " has a rate: " + row);
                assertTrue(f.get("calls").asLong() > 0, side + " counted calls: " + row);
                assertTrue(f.get("note").asText().indexOf("FAILED") < 0, side + " completed: " + row);
            }
            assertTrue(row.get("speedup").isNumber() && row.get("call_saving").isNumber(), "ratios: " + row);
        }
        assertTrue(rows.get(0).get("ours").has("peak_heap_mb"), "the heap column is there: " + rows.get(0));

        List<String> md = Files.readAllLines(dir.resolve(BenchReport.MARKDOWN));
        assertEquals(4, md.stream().filter(l -> l.startsWith("| Dynamics source |")
                || l.startsWith("| Dotdigital sink |")).count(), String.join("\n", md));
        assertTrue(md.contains("![speed-ups](benchmarks.svg)"), "the table links the chart");

        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(dir.resolve(BenchReport.CHART).toFile());
        assertEquals("svg", svg.getDocumentElement().getTagName());
        assertEquals(4 + 1, svg.getElementsByTagName("rect").getLength(), "background and one bar per comparison");
    }
}
