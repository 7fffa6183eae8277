package io.dynamicsdotdigital.dotdigital.sink.send;

import io.dynamicsdotdigital.dotdigital.sink.record.RecordValue;
import io.dynamicsdotdigital.dotdigital.sink.record.RejectedRecordException;
import io.dynamicsdotdigital.dotdigital.sink.send.SendRefusedException.Reason;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.apache.kafka.connect.sink.SinkRecord;

/** Reads a {@link SendRequest} from a record with the configured field names; refuses what cannot be a send. */
final class SendRequestReader {
    private final CampaignSendConfig config;

    SendRequestReader(CampaignSendConfig config) {
        this.config = config;
    }

    /**
     * Whether the record asks for a send: not a tombstone (a deleted row), and its status is the requested one
     * (when a status field is configured). A value that cannot be read counts as a request, to be refused.
     */
    boolean isRequest(SinkRecord record) {
        if (record.value() == null) {
            return false;
        }
        if (config.statusField().isEmpty()) {
            return true;
        }
        try {
            Object status = RecordValue.of(record.value()).get(config.statusField()).value();
            return status != null && status.toString().trim().equalsIgnoreCase(config.requestedStatus());
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** The request id alone, for records whose other fields cannot be read: null when there is none. */
    String requestId(SinkRecord record) {
        try {
            RecordValue value = RecordValue.of(record.value());
            for (String field : config.requestIdFields()) {
                Object v = value.get(field).value();
                if (v != null && !v.toString().isBlank()) {
                    return v.toString().trim();
                }
            }
        } catch (RuntimeException e) {
            // fall back to the key
        }
        return record.key() instanceof String k && !k.isBlank() ? k.trim() : null;
    }

    SendRequest read(SinkRecord record) {
        String id = requestId(record);
        if (id == null) {
            throw new SendRefusedException(Reason.NO_REQUEST_ID, "the record has none of the request id fields "
                    + config.requestIdFields() + " (" + CampaignSendConfig.REQUEST_ID_FIELDS + ") and no string key:"
                    + " a send without an id cannot be kept to at most once");
        }
        RecordValue value;
        try {
            value = RecordValue.of(record.value());
        } catch (RejectedRecordException e) {
            throw new SendRefusedException(Reason.MALFORMED, "request " + id + ": " + e.getMessage());
        }
        Object campaign = value.get(config.campaignField()).value();
        long campaignId;
        try {
            campaignId = campaign instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(campaign).trim());
        } catch (NumberFormatException e) {
            throw new SendRefusedException(Reason.NO_CAMPAIGN, "request " + id + ": field '" + config.campaignField()
                    + "' (" + CampaignSendConfig.CAMPAIGN_FIELD + ") holds no campaign id but '" + campaign + "'");
        }
        List<String> lists = new ArrayList<>();
        Object rawLists = value.get(config.listsField()).value();
        if (rawLists != null) {
            for (String s : rawLists.toString().split(",")) {
                if (!s.isBlank()) {
                    lists.add(s.trim());
                }
            }
        }
        Object rawEmail = value.get(config.emailField()).value();
        String email = rawEmail == null || rawEmail.toString().isBlank() ? null : rawEmail.toString().trim();
        SendRequest.Lookup lookup = null;
        if (lists.isEmpty() && email == null) {
            lookup = lookup(id, campaignId, value);
        }
        if (!lists.isEmpty() && email != null) {
            throw new SendRefusedException(Reason.EMPTY_TARGET, "request " + id + " names both marketing lists and"
                    + " a single contact; a request is either a list send or a single send");
        }
        return new SendRequest(id, campaignId, List.copyOf(lists), email,
                sendTime(id, value.get(config.sendTimeField()).value()), lookup);
    }

    /**
     * A row without lists and email: its contact or lead lookup, else (an Email Send row) its related lists; a row
     * with none of them would go to ALL contacts of the account and is refused.
     */
    private SendRequest.Lookup lookup(String id, long campaignId, RecordValue value) {
        String contact = lookupValue(value, config.contactLookup());
        String lead = lookupValue(value, config.leadLookup());
        if (contact != null && lead != null) {
            throw new SendRefusedException(Reason.EMPTY_TARGET, "request " + id + " names both a contact ('"
                    + config.contactLookup() + "') and a lead ('" + config.leadLookup() + "') and no email; a single"
                    + " send goes to one recipient");
        }
        if (contact != null || lead != null) {
            boolean isContact = contact != null;
            String column = isContact ? config.contactLookup() : config.leadLookup();
            String target = isContact ? contact : lead;
            return new SendRequest.Lookup(isContact ? SendRequest.LookupKind.CONTACT : SendRequest.LookupKind.LEAD,
                    target, column);
        }
        Object row = value.get(config.listsRowIdField()).value();
        if (row != null && !row.toString().isBlank()) {
            return new SendRequest.Lookup(SendRequest.LookupKind.LISTS, row.toString().trim(),
                    config.listsRowIdField());
        }
        throw new SendRefusedException(Reason.EMPTY_TARGET, "request " + id + " names no marketing list ('"
                + config.listsField() + "'), no contact email ('" + config.emailField() + "') and no contact or"
                + " lead lookup ('" + config.contactLookup() + "', '" + config.leadLookup() + "'): Dotdigital"
                + " would send campaign " + campaignId + " to ALL contacts of the account, so it is refused");
    }

    /** A lookup as the Dynamics source emits it ({@code _col_value}), else under its own name; null when empty. */
    private static String lookupValue(RecordValue value, String column) {
        for (String field : new String[] {"_" + column + "_value", column}) {
            Object v = value.get(field).value();
            if (v != null && !v.toString().isBlank()) {
                return v.toString().trim();
            }
        }
        return null;
    }

    private Instant sendTime(String id, Object raw) {
        if (raw == null || raw.toString().isBlank()) {
            return null;
        }
        if (raw instanceof Date d) {
            return d.toInstant();
        }
        if (raw instanceof Number n) {
            return Instant.ofEpochMilli(new BigDecimal(n.toString()).longValue());
        }
        String text = raw.toString().trim();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e2) {
                throw new SendRefusedException(Reason.BAD_SEND_TIME, "request " + id + ": send time '" + text
                        + "' in '" + config.sendTimeField() + "' is not an ISO 8601 date-time");
            }
        }
    }
}
