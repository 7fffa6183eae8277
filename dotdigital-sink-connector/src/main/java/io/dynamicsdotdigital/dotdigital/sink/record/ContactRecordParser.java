package io.dynamicsdotdigital.dotdigital.sink.record;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/** Turns one contact-like record into a {@link ParsedContact}, or an {@link RejectedRecordException} saying why not. */
public final class ContactRecordParser {
    private final TopicRules rules;
    private final DataFieldCatalog catalog;
    private final DataFieldConverter converter;
    private final String unsubscribeField;
    private final List<String> idFields;

    public ContactRecordParser(TopicRules rules, DataFieldCatalog catalog, DataFieldConverter converter,
                               String unsubscribeField, List<String> idFields) {
        this.rules = rules;
        this.catalog = catalog;
        this.converter = converter;
        this.unsubscribeField = unsubscribeField == null ? "" : unsubscribeField.trim();
        this.idFields = idFields;
    }

    public ParsedContact parse(SinkRecord record) {
        RecordValue value = RecordValue.of(record.value());
        TopicRules.Rules topicRules = rules.forTopic(record.topic());
        String email = email(value, topicRules.emailField());
        Map<String, Object> fields = new LinkedHashMap<>();
        for (FieldMapping mapping : topicRules.mappings()) {
            FieldValue v = value.get(mapping.recordField());
            if (v.isNull()) {
                continue;
            }
            DataFieldType type = catalog.typeFor(mapping, v);
            fields.put(mapping.dataField(), converter.convert(v, type, mapping));
        }
        Boolean unsubscribe = unsubscribeField.isEmpty() ? null : flag(value.get(unsubscribeField));
        return new ParsedContact(email, fields, crmId(record.key(), value), unsubscribe);
    }

    static String email(RecordValue value, String emailField) {
        Object raw = value.get(emailField).value();
        if (raw == null || raw.toString().isBlank()) {
            throw new RejectedRecordException(RecordErrorKind.MISSING_EMAIL,
                    "the record has no email address in field '" + emailField + "'");
        }
        if (!(raw instanceof String)) {
            throw new RejectedRecordException(RecordErrorKind.INVALID_EMAIL, "field '" + emailField + "' holds a "
                    + raw.getClass().getSimpleName() + ", not an email address string");
        }
        String email = EmailAddresses.normalize((String) raw);
        if (!EmailAddresses.isValid(email)) {
            String shown = email.length() > 80 ? email.substring(0, 80) + "..." : email;
            throw new RejectedRecordException(RecordErrorKind.INVALID_EMAIL,
                    "'" + shown + "' in field '" + emailField + "' is not a valid email address");
        }
        return email;
    }

    /** true, false, or null when the field is absent or not a recognizable flag. */
    private static Boolean flag(FieldValue v) {
        Object o = v.value();
        if (o instanceof Boolean b) {
            return b;
        }
        if (o instanceof Number n) {
            return n.intValue() == 1;
        }
        if (o instanceof String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (t.equals("true") || t.equals("1") || t.equals("yes")) {
                return Boolean.TRUE;
            }
            if (t.equals("false") || t.equals("0") || t.equals("no")) {
                return Boolean.FALSE;
            }
        }
        return null;
    }

    /** The CRM id of a record: a scalar key, a key struct/map with an id field, else an id field of the value. */
    public String crmId(Object key, RecordValue value) {
        String fromKey = idFromKey(key, idFields);
        if (fromKey != null) {
            return fromKey;
        }
        if (value != null) {
            for (String f : idFields) {
                Object v = value.get(f).value();
                if (v != null) {
                    return v.toString().toLowerCase(Locale.ROOT);
                }
            }
        }
        return null;
    }

    public static String idFromKey(Object key, List<String> idFields) {
        if (key == null) {
            return null;
        }
        if (key instanceof Struct s) {
            for (String f : idFields) {
                if (s.schema().field(f) != null && s.get(f) != null) {
                    return s.get(f).toString().toLowerCase(Locale.ROOT);
                }
            }
            List<Field> fields = s.schema().fields();
            return fields.size() == 1 && s.get(fields.get(0)) != null
                    ? s.get(fields.get(0)).toString().toLowerCase(Locale.ROOT) : null;
        }
        if (key instanceof Map<?, ?> m) {
            for (String f : idFields) {
                if (m.get(f) != null) {
                    return m.get(f).toString().toLowerCase(Locale.ROOT);
                }
            }
            return m.size() == 1 && m.values().iterator().next() != null
                    ? m.values().iterator().next().toString().toLowerCase(Locale.ROOT) : null;
        }
        if (key instanceof String text) {
            String t = text.trim();
            if (t.startsWith("{")) {
                try {
                    return idFromKey(RecordValue.of(t).asMap(), idFields);
                } catch (RejectedRecordException e) {
                    return t.toLowerCase(Locale.ROOT);
                }
            }
            return t.startsWith("\"") && t.endsWith("\"") && t.length() > 1
                    ? t.substring(1, t.length() - 1).toLowerCase(Locale.ROOT) : t.toLowerCase(Locale.ROOT);
        }
        return key.toString().toLowerCase(Locale.ROOT);
    }
}
