package io.dynamicsdotdigital.dotdigital.sink.addressbook;

import io.dynamicsdotdigital.dotdigital.sink.record.RejectedRecordException;
import io.dynamicsdotdigital.dotdigital.sink.record.RecordErrorKind;
import io.dynamicsdotdigital.dotdigital.sink.record.RecordValue;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;

/**
 * Reads Dynamics marketing-list members ({@code _listid_value}, {@code _entityid_value}). Members are keyed by
 * (list id, entity id): a tombstone's key either carries both or is a member id this task saw before.
 */
public final class ListMemberReader {
    public static final String LIST_ID = "_listid_value";
    public static final String ENTITY_ID = "_entityid_value";
    public static final String LIST_NAME_ANNOTATION = "_listid_value@OData.Community.Display.V1.FormattedValue";

    /** One membership. */
    public record Member(String listId, String entityId, String listName) {
    }

    private final Map<String, Member> byKey;

    public ListMemberReader(int maxEntries) {
        this.byKey = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Member> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** A member from a record with a value. */
    public Member read(Object key, RecordValue value) {
        String listId = text(value.get(LIST_ID).value());
        String entityId = text(value.get(ENTITY_ID).value());
        if (listId == null || entityId == null) {
            throw new RejectedRecordException(RecordErrorKind.UNSUPPORTED_VALUE, "a list-member record needs "
                    + LIST_ID + " and " + ENTITY_ID + (listId == null ? "; " + LIST_ID + " is missing"
                    : "; " + ENTITY_ID + " is missing"));
        }
        Object name = value.get(LIST_NAME_ANNOTATION).value();
        Member m = new Member(listId, entityId, name == null ? null : name.toString());
        String k = keyText(key);
        if (k != null) {
            byKey.put(k, m);
        }
        return m;
    }

    /** The member a tombstone removes. */
    public Member readTombstone(Object key) {
        if (key == null) {
            throw new RejectedRecordException(RecordErrorKind.NULL_KEY,
                    "a list-member tombstone needs a key naming the list and the member");
        }
        Map<String, Object> fields = fields(key);
        if (fields != null) {
            String listId = text(first(fields, LIST_ID, "listid"));
            String entityId = text(first(fields, ENTITY_ID, "entityid"));
            if (listId != null && entityId != null) {
                return new Member(listId, entityId, null);
            }
        }
        Member seen = byKey.get(keyText(key));
        if (seen == null) {
            throw new RejectedRecordException(RecordErrorKind.UNKNOWN_CONTACT, "the list-member tombstone key '"
                    + keyText(key) + "' carries no list and entity id and this task has not seen that member");
        }
        return seen;
    }

    private static Object first(Map<String, Object> fields, String a, String b) {
        return fields.get(a) != null ? fields.get(a) : fields.get(b);
    }

    private static Map<String, Object> fields(Object key) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (key instanceof Struct s) {
            s.schema().fields().forEach(f -> out.put(f.name(), s.get(f)));
            return out;
        }
        if (key instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        }
        if (key instanceof String t && t.trim().startsWith("{")) {
            try {
                RecordValue v = RecordValue.of(t);
                out.put(LIST_ID, v.get(LIST_ID).value() != null ? v.get(LIST_ID).value() : v.get("listid").value());
                out.put(ENTITY_ID, v.get(ENTITY_ID).value() != null ? v.get(ENTITY_ID).value()
                        : v.get("entityid").value());
                return out;
            } catch (RejectedRecordException e) {
                return null;
            }
        }
        return null;
    }

    private static String keyText(Object key) {
        if (key == null) {
            return null;
        }
        return key.toString().trim().toLowerCase(Locale.ROOT);
    }

    private static String text(Object v) {
        return v == null || v.toString().isBlank() ? null : v.toString().trim().toLowerCase(Locale.ROOT);
    }
}
