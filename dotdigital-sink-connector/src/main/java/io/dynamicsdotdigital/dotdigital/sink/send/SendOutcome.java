package io.dynamicsdotdigital.dotdigital.sink.send;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * What became of one request, as written to the result topic (JSON, keyed by request id).
 *
 * @param status     Sent, Cancelled, NotSent (Dotdigital's final statuses), StillProcessing (polling gave up while
 *                   Dotdigital still reported Sending or Scheduled), Refused, or OutcomeUnknown
 * @param recipients address book member count or 1 for a single send; null when unknown
 */
record SendOutcome(String requestId, long campaignId, String status, String sendId, String reason,
                   Instant requestedAt, Instant sentAt, Integer recipients) {
    static final String STILL_PROCESSING = "StillProcessing";
    static final String REFUSED = "Refused";
    static final String OUTCOME_UNKNOWN = "OutcomeUnknown";
    private static final ObjectMapper JSON = new ObjectMapper();

    String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("requestId", requestId);
        n.put("campaignId", campaignId);
        n.put("status", status);
        n.put("sendId", sendId);
        n.put("reason", reason);
        n.put("requestedAt", requestedAt == null ? null : requestedAt.toString());
        n.put("sentAt", sentAt == null ? null : sentAt.toString());
        if (recipients == null) {
            n.putNull("recipients");
        } else {
            n.put("recipients", recipients);
        }
        return n.toString();
    }
}
