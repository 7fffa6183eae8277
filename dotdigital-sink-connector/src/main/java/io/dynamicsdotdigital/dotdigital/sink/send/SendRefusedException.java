package io.dynamicsdotdigital.dotdigital.sink.send;

/** A request refused before any send call; the reason code goes on the outcome and the dead-letter record. */
final class SendRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a request is refused. */
    enum Reason {
        NO_REQUEST_ID, NO_CAMPAIGN, CAMPAIGN_NOT_ALLOWED, EMPTY_TARGET, SEND_TIME_IN_PAST, NO_ADDRESS_BOOK,
        CONTACT_NOT_IN_DOTDIGITAL, IMPORTS_PENDING, REFUSED_BY_DOTDIGITAL, BAD_SEND_TIME, MALFORMED, CAMPAIGN_UNKNOWN,
        CAMPAIGN_NOT_READY, NO_DATAVERSE_CONNECTION, LOOKUP_NOT_FOUND, RECIPIENT_WITHOUT_EMAIL, LOOKUP_REFUSED
    }

    private final Reason reason;

    SendRefusedException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
