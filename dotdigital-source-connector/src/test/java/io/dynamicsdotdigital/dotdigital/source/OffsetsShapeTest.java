package io.dynamicsdotdigital.dotdigital.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

class OffsetsShapeTest {
    private final DotdigitalSourceConnector connector = new DotdigitalSourceConnector();

    @Test
    void partitionsUseTheWorkersHashMapFieldOrder() {
        Map<String, String> p = StreamPartitions.of(StreamName.CAMPAIGN_CLICKS, 42L);
        Map<String, String> asWorkerBuildsIt = new HashMap<>();
        asWorkerBuildsIt.put("protocol", "1");
        asWorkerBuildsIt.put("campaignId", "42");
        asWorkerBuildsIt.put("stream", "campaign-clicks");
        assertEquals(List.copyOf(asWorkerBuildsIt.keySet()), List.copyOf(p.keySet()));
        assertEquals("42", p.get("campaignId"));
        assertEquals(StreamName.CAMPAIGN_CLICKS, StreamPartitions.validate(p));
    }

    @Test
    void offsetsAreFlatAndRoundTrip() {
        StreamOffset o = new StreamOffset(Instant.parse("2026-11-01T10:00:00Z"),
                Map.of("abc", 1_761_991_200_000L, "def", -1L), null);
        Map<String, Object> map = o.toMap();
        map.values().forEach(v -> assertTrue(v instanceof String || v instanceof Number, "primitive: " + v));
        assertEquals(o, StreamOffset.fromMap(map));
    }

    @Test
    void alterOffsetsAcceptsAReReadDateAndAReset() {
        Map<Map<String, ?>, Map<String, ?>> offsets = new HashMap<>();
        offsets.put(StreamPartitions.of(StreamName.UNSUBSCRIBES, null), Map.of("watermark", "2026-01-01T00:00:00Z"));
        offsets.put(StreamPartitions.of(StreamName.CAMPAIGN_OPENS, 7L), null);
        assertTrue(connector.alterOffsets(Map.of(), offsets));
    }

    @Test
    void alterOffsetsRejectsMalformedShapesNamingTheField() {
        Map<String, Object> badStream = new LinkedHashMap<>(Map.of("stream", "nope", "protocol", "1"));
        assertMessage("unknown stream 'nope'", badStream, Map.of("watermark", "2026-01-01T00:00:00Z"));
        Map<String, Object> noCampaign = new LinkedHashMap<>(Map.of("stream", "campaign-clicks", "protocol", "1"));
        assertMessage("campaignId", noCampaign, Map.of("watermark", "2026-01-01T00:00:00Z"));
        Map<String, Object> ok = new LinkedHashMap<>(Map.of("stream", "suppressions", "protocol", "1"));
        assertMessage("watermark", ok, Map.of("watermark", "last tuesday"));
        assertMessage("unknown field 'cursor'", ok, Map.of("watermark", "2026-01-01T00:00:00Z", "cursor", 1));
        assertMessage("keys", ok, Map.of("watermark", "2026-01-01T00:00:00Z", "keys", "not a key list"));
        Map<String, Object> oldProtocol = new LinkedHashMap<>(Map.of("stream", "suppressions", "protocol", "0"));
        assertMessage("protocol", oldProtocol, Map.of("watermark", "2026-01-01T00:00:00Z"));
    }

    private void assertMessage(String expected, Map<String, ?> partition, Map<String, ?> offset) {
        Map<Map<String, ?>, Map<String, ?>> offsets = new HashMap<>();
        offsets.put(partition, offset);
        ConnectException e = assertThrows(ConnectException.class, () -> connector.alterOffsets(Map.of(), offsets));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
