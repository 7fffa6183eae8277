package io.dynamicsdotdigital.dotdigital.sink.send;

import java.time.Instant;
import java.util.List;

/**
 * A send request read from a record: to marketing lists (address book names or ids) or, for a single send, to the
 * contact with this email.
 *
 * @param sendTime null means now
 */
record SendRequest(String requestId, long campaignId, List<String> lists, String email, Instant sendTime) {
    boolean isListSend() {
        return !lists.isEmpty();
    }
}
