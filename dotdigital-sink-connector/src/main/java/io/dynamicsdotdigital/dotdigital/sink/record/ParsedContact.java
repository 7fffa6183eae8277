package io.dynamicsdotdigital.dotdigital.sink.record;

import java.util.Map;

/**
 * A contact read from a record: normalized email, converted data fields (String, BigDecimal, Instant, Boolean), the
 * CRM id when known, and the unsubscribe flag (null when the record does not carry it).
 */
public record ParsedContact(String email, Map<String, Object> dataFields, String crmId, Boolean unsubscribe) {
    public boolean wantsUnsubscribe() {
        return Boolean.TRUE.equals(unsubscribe);
    }
}
