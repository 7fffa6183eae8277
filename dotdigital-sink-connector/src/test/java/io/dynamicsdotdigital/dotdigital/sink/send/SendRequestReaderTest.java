package io.dynamicsdotdigital.dotdigital.sink.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.dotdigital.sink.send.SendRefusedException.Reason;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** Reading send requests: every request that cannot be a safe send is refused with its reason. */
class SendRequestReaderTest {
    private final SendRequestReader reader = new SendRequestReader(new CampaignSendConfig(Map.of(
            CampaignSendConfig.BOOTSTRAP, "localhost:9092", "dotdigital.api.user", "u",
            "dotdigital.api.password", "p")));

    private static SinkRecord record(Object key, String json) {
        return new SinkRecord("requests", 0, null, key, null, json, 1);
    }

    private Reason refusal(SinkRecord r) {
        return assertThrows(SendRefusedException.class, () -> reader.read(r)).reason();
    }

    @Test
    void aListSendWithItsListsAndSendTime() {
        SendRequest r = reader.read(record(null, "{\"esc_emailsendid\":\"a\",\"esc_dotdigitalcampaignid\":\"7\","
                + "\"esc_marketinglists\":\"Newsletter, 42\",\"esc_sendtime\":\"2030-01-01T10:00:00+01:00\"}"));
        assertEquals("a", r.requestId());
        assertEquals(7, r.campaignId());
        assertEquals(List.of("Newsletter", "42"), r.lists());
        assertEquals(Instant.parse("2030-01-01T09:00:00Z"), r.sendTime());
        assertNull(r.email());
    }

    @Test
    void aSingleSendKeyedByTheRecordKey() {
        SendRequest r = reader.read(record("row-1", "{\"esc_dotdigitalcampaignid\":7,"
                + "\"esc_emailaddress\":\"x@example.com\"}"));
        assertEquals("row-1", r.requestId());
        assertEquals("x@example.com", r.email());
        assertTrue(!r.isListSend());
    }

    @Test
    void onlyRowsWithTheRequestedStatusAreRequests() {
        assertTrue(reader.isRequest(record("k", "{\"esc_sendstatus\":\"requested\"}")));
        assertTrue(!reader.isRequest(record("k", "{\"esc_sendstatus\":\"Draft\"}")));
        assertTrue(!reader.isRequest(record("k", "{\"esc_sendstatus\":\"Sent\"}")), "the row after write-back");
        assertTrue(!reader.isRequest(record("k", "{}")));
        assertTrue(!reader.isRequest(record("k", null)), "a tombstone");
        assertTrue(reader.isRequest(record("k", "{not json")), "unreadable: a request, to be refused");
        assertEquals(Reason.MALFORMED, refusal(record("k", "{not json")));
    }

    @Test
    void refusals() {
        assertEquals(Reason.NO_REQUEST_ID, refusal(record(null, "{\"esc_dotdigitalcampaignid\":7,"
                + "\"esc_marketinglists\":\"L\"}")));
        assertEquals(Reason.EMPTY_TARGET, refusal(record("k", "{\"esc_dotdigitalcampaignid\":7}")));
        assertEquals(Reason.EMPTY_TARGET, refusal(record("k", "{\"esc_dotdigitalcampaignid\":7,"
                + "\"esc_marketinglists\":\" , \",\"esc_emailaddress\":\"  \"}")));
        assertEquals(Reason.EMPTY_TARGET, refusal(record("k", "{\"esc_dotdigitalcampaignid\":7,"
                + "\"esc_marketinglists\":\"L\",\"esc_emailaddress\":\"x@example.com\"}")));
        assertEquals(Reason.NO_CAMPAIGN, refusal(record("k", "{\"esc_marketinglists\":\"L\"}")));
        assertEquals(Reason.BAD_SEND_TIME, refusal(record("k", "{\"esc_dotdigitalcampaignid\":7,"
                + "\"esc_marketinglists\":\"L\",\"esc_sendtime\":\"tomorrow\"}")));
    }
}
