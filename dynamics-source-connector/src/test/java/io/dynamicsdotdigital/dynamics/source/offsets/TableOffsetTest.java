package io.dynamicsdotdigital.dynamics.source.offsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

class TableOffsetTest {
    @Test
    void everyShapeSurvivesARoundTrip() {
        for (TableOffset o : new TableOffset[] {
            TableOffset.Snapshot.START,
            new TableOffset.Snapshot("https://org/api/data/v9.2/contacts?$skiptoken=1", true),
            new TableOffset.Delta("https://org/api/data/v9.2/contacts?$deltatoken=1"),
            new TableOffset.Watermark(Instant.parse("2023-04-07T21:59:01Z"), 72201545L),
            new TableOffset.Watermark(null, -1)}) {
            assertEquals(o, Offsets.parse(o.toMap()));
        }
        assertNull(Offsets.parse(null));
    }

    @Test
    void malformedOffsetsAreRefusedWithTheReason() {
        assertMessage(Map.of("phase", "snapshot", "nextLink", "https://x/y", "extra", 1), "unknown key 'extra'");
        assertMessage(Map.of("phase", "later"), "unknown phase 'later'");
        assertMessage(Map.of("nextLink", "https://x/y"), "no \"phase\"");
        assertMessage(Map.of("phase", "delta"), "needs \"deltaLink\"");
        assertMessage(Map.of("phase", "delta", "deltaLink", "http://x/y?$deltatoken=1"), "https://");
        assertMessage(Map.of("phase", "snapshot", "nextLink", "not a link at all"), "nextLink");
        assertMessage(Map.of("phase", "watermark", "modifiedon", "yesterday", "versionnumber", 1), "modifiedon");
        assertMessage(Map.of("phase", "watermark", "modifiedon", "2023-04-07T21:59:01Z"), "versionnumber");
        assertMessage(Map.of("phase", "delta", "nextLink", "https://x/y"), "unknown key 'nextLink'");
    }

    @Test
    void plainHttpLinksOnlyWhereTheConnectorAllowsPlainHttp() {
        Map<String, Object> offset = Map.of("phase", "delta", "deltaLink", "http://localhost:8080/api/data/v9.2/x");
        assertThrows(IllegalArgumentException.class, () -> Offsets.parse(offset));
        assertEquals(new TableOffset.Delta("http://localhost:8080/api/data/v9.2/x"), Offsets.parse(offset, true));
    }

    @Test
    void partitionBytesSurviveTheWorkersRoundTrip() {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), true);
        for (String table : List.of("contact", "campaign", "listmember", "esc_event")) {
            byte[] stored = converter.fromConnectData("offsets", null, List.of("dyn", TablePartitions.of(table)));
            Object reread = converter.toConnectData("offsets", stored).value();
            byte[] again = converter.fromConnectData("offsets", null, reread);
            assertEquals(new String(stored, StandardCharsets.UTF_8), new String(again, StandardCharsets.UTF_8),
                    "the REST API finds offsets only under identical key bytes");
        }
    }

    @Test
    void partitionsNameTheTableAndProtocol() {
        assertEquals("contact", TablePartitions.table(TablePartitions.of("contact")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TablePartitions.table(Map.of("table", "contact", "protocol", "0")));
        assertTrue(e.getMessage().contains("protocol"));
        e = assertThrows(IllegalArgumentException.class,
                () -> TablePartitions.table(Map.of("table", "contact", "protocol", "1", "x", "y")));
        assertTrue(e.getMessage().contains("unknown key 'x'"));
    }

    private static void assertMessage(Map<String, ?> offset, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Offsets.parse(offset));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
