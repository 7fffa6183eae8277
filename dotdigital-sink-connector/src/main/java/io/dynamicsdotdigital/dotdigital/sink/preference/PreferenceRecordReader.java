package io.dynamicsdotdigital.dotdigital.sink.preference;

import io.dynamicsdotdigital.dotdigital.client.model.ConsentRecord;
import io.dynamicsdotdigital.dotdigital.sink.record.RecordErrorKind;
import io.dynamicsdotdigital.dotdigital.sink.record.RecordValue;
import io.dynamicsdotdigital.dotdigital.sink.record.RejectedRecordException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Reads preferences, consent and opt-in type from contact and lead records (configured columns) and from Marketing
 * Preference Subscription rows. A value that cannot be read rejects the record with the column named; a preference
 * id Dotdigital does not have is checked later, against Dotdigital ({@link PreferenceCatalog}).
 */
public final class PreferenceRecordReader {
    private final PreferenceConfig config;

    public PreferenceRecordReader(PreferenceConfig config) {
        this.config = config;
    }

    /** @return empty when the record carries none of the configured columns */
    public Optional<CrmPreferences> fromContact(SinkRecord record, String email) {
        if (!config.readsContactRecords()) {
            return Optional.empty();
        }
        RecordValue v = RecordValue.of(record.value());
        String where = describe(record);
        List<PreferenceChange> changes = new ArrayList<>();
        Instant modified = null;
        for (Map.Entry<String, Long> column : config.columns().entrySet()) {
            Boolean optedIn = ColumnValues.bool(v.get(column.getKey()).value(), column.getKey(), where);
            if (optedIn == null) {
                continue;
            }
            if (modified == null) {
                modified = ColumnValues.time(v.get(config.modifiedColumn()).value(), config.modifiedColumn(), where);
            }
            changes.add(new PreferenceChange(column.getValue(), optedIn, modified, "column '" + column.getKey()
                    + "' of " + where));
        }
        ConsentRecord consent = consent(v, where);
        OptInType optInType = optInType(v, where);
        CrmPreferences prefs = new CrmPreferences(email, changes, consent, optInType);
        return prefs.isEmpty() ? Optional.empty() : Optional.of(prefs);
    }

    /**
     * A subscription row. Its contact's email comes from the email column when configured and filled, else from
     * {@code emailOfCrmId} (the contact records this task has seen).
     */
    public CrmPreferences fromSubscription(SinkRecord record, Function<String, String> emailOfCrmId) {
        RecordValue v = RecordValue.of(record.value());
        String where = describe(record);
        String email = config.subscriptionEmailColumn().isEmpty() ? null
                : ColumnValues.text(v.get(config.subscriptionEmailColumn()).value());
        if (email == null) {
            String crmId = null;
            for (String column : config.subscriptionContactColumns()) {
                crmId = ColumnValues.text(v.get(column).value());
                if (crmId != null) {
                    break;
                }
            }
            if (crmId == null) {
                throw new RejectedRecordException(RecordErrorKind.UNKNOWN_CONTACT, where + " names no contact or lead"
                        + " (columns " + config.subscriptionContactColumns() + " are empty)");
            }
            email = emailOfCrmId.apply(crmId);
            if (email == null) {
                throw new RejectedRecordException(RecordErrorKind.UNKNOWN_CONTACT, where + " belongs to the contact or"
                        + " lead '" + crmId + "', whose email this task has not seen on a contact topic since it"
                        + " started");
            }
        }
        String prefColumn = config.subscriptionPreferenceColumn();
        String rawPreference = ColumnValues.text(v.get(prefColumn).value());
        long preferenceId = preferenceId(rawPreference, prefColumn, where);
        Boolean optedIn = ColumnValues.bool(v.get(config.subscriptionOptedInColumn()).value(),
                config.subscriptionOptedInColumn(), where);
        if (optedIn == null) {
            throw new RejectedRecordException(RecordErrorKind.WRONG_FIELD_TYPE, "column '"
                    + config.subscriptionOptedInColumn() + "' of " + where + " is empty");
        }
        Instant modified = ColumnValues.time(v.get(config.subscriptionModifiedColumn()).value(),
                config.subscriptionModifiedColumn(), where);
        PreferenceChange change = new PreferenceChange(preferenceId, optedIn, modified, "column '" + prefColumn
                + "' of " + where);
        return new CrmPreferences(email, List.of(change), null, null);
    }

    /**
     * A record of the consent topic (see {@link PreferenceConfig#CONSENT_TOPIC}): the contact from the value's email
     * or contactId, else the key (an email, or a Dynamics id looked up with {@code emailOfCrmId}).
     */
    public CrmPreferences fromConsentTopic(SinkRecord record, Function<String, String> emailOfCrmId) {
        RecordValue v = RecordValue.of(record.value());
        String where = describe(record);
        String email = ColumnValues.text(v.get("email").value());
        String crmId = ColumnValues.text(v.get("contactId").value());
        if (email == null && crmId == null) {
            String key = record.key() == null ? null : ColumnValues.text(record.key());
            if (key == null) {
                throw new RejectedRecordException(RecordErrorKind.UNKNOWN_CONTACT, where + " names no contact: its"
                        + " key is empty and it has no field 'email' or 'contactId'");
            }
            email = key.contains("@") ? key : null;
            crmId = email == null ? key : null;
        }
        if (email == null) {
            email = emailOfCrmId.apply(crmId);
            if (email == null) {
                throw new RejectedRecordException(RecordErrorKind.UNKNOWN_CONTACT, where + " is for the contact or"
                        + " lead '" + crmId + "', whose email this task has not seen on a contact topic since it"
                        + " started");
            }
        }
        String text = ColumnValues.text(v.get("text").value());
        if (text == null) {
            throw new RejectedRecordException(RecordErrorKind.MISSING_FIELD, "field 'text' of " + where + " (the"
                    + " consent text, " + PreferenceConfig.CONSENT_TOPIC + ") is missing or empty");
        }
        Object date = v.get("date").value();
        if (ColumnValues.text(date) == null) {
            throw new RejectedRecordException(RecordErrorKind.MISSING_FIELD, "field 'date' of " + where + " (when"
                    + " consent was given, " + PreferenceConfig.CONSENT_TOPIC + ") is missing or empty");
        }
        Instant when = ColumnValues.time(date, "date", where);
        ConsentRecord consent = new ConsentRecord(text, when, ColumnValues.text(v.get("url").value()),
                ColumnValues.text(v.get("ip").value()), ColumnValues.text(v.get("userAgent").value()));
        return new CrmPreferences(email, List.of(), consent, null);
    }

    private long preferenceId(String raw, String column, String where) {
        if (raw == null) {
            throw new RejectedRecordException(RecordErrorKind.UNKNOWN_PREFERENCE, "column '" + column + "' of "
                    + where + " is empty");
        }
        Long mapped = config.idMapping().get(raw);
        if (mapped != null) {
            return mapped;
        }
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new RejectedRecordException(RecordErrorKind.UNKNOWN_PREFERENCE, "column '" + column + "' of "
                    + where + " holds '" + raw + "', which is neither a Dotdigital preference id nor mapped to one in "
                    + PreferenceConfig.ID_MAPPING);
        }
    }

    private ConsentRecord consent(RecordValue v, String where) {
        PreferenceConfig.ConsentColumns c = config.consent();
        if (!c.enabled()) {
            return null;
        }
        String text = ColumnValues.text(v.get(c.text()).value());
        if (text == null) {
            return null;
        }
        Object rawDate = c.date().isEmpty() ? null : v.get(c.date()).value();
        Instant when = rawDate != null ? ColumnValues.time(rawDate, c.date(), where)
                : ColumnValues.time(v.get(config.modifiedColumn()).value(), config.modifiedColumn(), where);
        return new ConsentRecord(text, when, optional(v, c.url()), optional(v, c.ip()), optional(v, c.userAgent()));
    }

    private static String optional(RecordValue v, String column) {
        return column.isEmpty() ? null : ColumnValues.text(v.get(column).value());
    }

    private OptInType optInType(RecordValue v, String where) {
        if (config.optInTypeColumn().isEmpty()) {
            return null;
        }
        String raw = ColumnValues.text(v.get(config.optInTypeColumn()).value());
        if (raw == null) {
            return null;
        }
        OptInType t = OptInType.parse(raw);
        if (t == null || t == OptInType.UNKNOWN) {
            throw new RejectedRecordException(RecordErrorKind.WRONG_FIELD_TYPE, "column '" + config.optInTypeColumn()
                    + "' of " + where + " holds '" + raw + "', which is not an opt-in type (Single, Double or"
                    + " VerifiedDouble)");
        }
        return t;
    }

    private static String describe(SinkRecord r) {
        return "the record at " + r.topic() + "-" + r.kafkaPartition() + "@" + r.kafkaOffset();
    }
}
