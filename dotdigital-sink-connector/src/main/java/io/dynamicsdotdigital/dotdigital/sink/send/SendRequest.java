package io.dynamicsdotdigital.dotdigital.sink.send;

import java.time.Instant;
import java.util.List;

/**
 * A send request read from a record: to marketing lists (address book names or ids) or, for a single send, to the
 * contact with this email. A row that carries neither but a Dataverse reference has a {@link Lookup}; once
 * {@link DataverseLookups} has read it, the lists or the email are filled and the lookup is gone.
 *
 * @param sendTime null means now
 * @param lookup   what still has to be read from Dataverse, or null
 */
record SendRequest(String requestId, long campaignId, List<String> lists, String email, Instant sendTime,
                   Lookup lookup) {

    /** What Dataverse holds for a row that does not carry its target itself. */
    enum LookupKind {
        /** The email of the contact the row's contact lookup names. */
        CONTACT,
        /** The email of the lead the row's lead lookup names. */
        LEAD,
        /** The marketing lists related to the Email Send row through the N:N relationship. */
        LISTS
    }

    /**
     * @param id     the id of the contact, lead or Email Send row
     * @param column the field of the record it came from, for messages
     */
    record Lookup(LookupKind kind, String id, String column) {
    }

    SendRequest(String requestId, long campaignId, List<String> lists, String email, Instant sendTime) {
        this(requestId, campaignId, lists, email, sendTime, null);
    }

    boolean isListSend() {
        return !lists.isEmpty() || (lookup != null && lookup.kind() == LookupKind.LISTS);
    }

    SendRequest withLists(List<String> found) {
        return new SendRequest(requestId, campaignId, List.copyOf(found), null, sendTime, null);
    }

    SendRequest withEmail(String found) {
        return new SendRequest(requestId, campaignId, List.of(), found, sendTime, null);
    }
}
