package io.dynamicsdotdigital.dotdigital.sink.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class ContactRecordParserTest {
    private static final Schema SCHEMA = SchemaBuilder.struct().name("contact")
            .field("contactid", Schema.STRING_SCHEMA)
            .field("emailaddress1", Schema.OPTIONAL_STRING_SCHEMA)
            .field("firstname", Schema.OPTIONAL_STRING_SCHEMA)
            .field("creditlimit", Decimal.builder(2).optional().build())
            .field("birthdate", Timestamp.builder().optional().build())
            .field("donotbulkemail", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .build();

    /** A catalog that knows a fixed set of fields, as the account would report them. */
    private static final class KnownFields implements DataFieldCatalog {
        final Map<String, DataFieldType> types = new HashMap<>();

        @Override
        public DataFieldType typeFor(FieldMapping mapping, FieldValue sample) {
            DataFieldType t = types.get(mapping.dataField());
            if (t == null) {
                throw new RejectedRecordException(RecordErrorKind.UNKNOWN_DATA_FIELD, "unknown " + mapping.dataField());
            }
            return t;
        }
    }

    private final KnownFields fields = new KnownFields();

    private ContactRecordParser parser(String mapping, Map<String, String> topicEmail,
                                       Map<String, List<FieldMapping>> topicMappings) {
        fields.types.put("FIRSTNAME", DataFieldType.STRING);
        fields.types.put("CREDIT", DataFieldType.NUMERIC);
        fields.types.put("BIRTHDAY", DataFieldType.DATE);
        fields.types.put("OPTOUT", DataFieldType.BOOLEAN);
        TopicRules rules = new TopicRules("emailaddress1", FieldMapping.parse(List.of(mapping.split(","))),
                topicEmail, topicMappings);
        return new ContactRecordParser(rules, fields, new DataFieldConverter(255), "donotbulkemail",
                List.of("contactid", "leadid"));
    }

    private ContactRecordParser parser() {
        return parser("firstname:FIRSTNAME,creditlimit:CREDIT,birthdate:BIRTHDAY", Map.of(), Map.of());
    }

    private static SinkRecord record(String topic, Object key, Object value) {
        return new SinkRecord(topic, 0, null, key, null, value, 42);
    }

    @Test
    void readsStructWithDecimalAndTimestamp() {
        Struct s = new Struct(SCHEMA).put("contactid", "C-1").put("emailaddress1", " Ann@Example.COM ")
                .put("firstname", "Ann").put("creditlimit", new BigDecimal("1234.50"))
                .put("birthdate", java.util.Date.from(Instant.parse("1990-04-05T00:00:00Z")))
                .put("donotbulkemail", true);
        ParsedContact c = parser().parse(new SinkRecord("contacts", 0, null, null, SCHEMA, s, 1));
        assertEquals("ann@example.com", c.email());
        assertEquals("Ann", c.dataFields().get("FIRSTNAME"));
        assertEquals(new BigDecimal("1234.50"), c.dataFields().get("CREDIT"));
        assertEquals(Instant.parse("1990-04-05T00:00:00Z"), c.dataFields().get("BIRTHDAY"));
        assertTrue(c.wantsUnsubscribe());
        assertEquals("c-1", c.crmId());
    }

    @Test
    void readsSchemalessMapAndJsonString() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("emailaddress1", "bob@example.org");
        m.put("firstname", "Bob");
        m.put("creditlimit", 12.25);
        m.put("birthdate", "2001-02-03");
        ParsedContact fromMap = parser().parse(record("contacts", "k-9", m));
        assertEquals(new BigDecimal("12.25"), fromMap.dataFields().get("CREDIT"));
        assertEquals(Instant.parse("2001-02-03T00:00:00Z"), fromMap.dataFields().get("BIRTHDAY"));
        assertEquals("k-9", fromMap.crmId());
        assertNull(fromMap.unsubscribe());

        ParsedContact fromJson = parser().parse(record("contacts", null,
                "{\"contactid\":\"X\",\"emailaddress1\":\"bob@example.org\",\"creditlimit\":0.1,"
                        + "\"birthdate\":\"2020-01-02T03:04:05+01:00\",\"donotbulkemail\":false}"));
        assertEquals(new BigDecimal("0.1"), fromJson.dataFields().get("CREDIT"));
        assertEquals(Instant.parse("2020-01-02T02:04:05Z"), fromJson.dataFields().get("BIRTHDAY"));
        assertFalse(fromJson.wantsUnsubscribe());
        assertEquals(Boolean.FALSE, fromJson.unsubscribe());
        assertEquals("x", fromJson.crmId());
    }

    @Test
    void perTopicEmailFieldAndMapping() {
        ContactRecordParser p = parser("firstname:FIRSTNAME", Map.of("accounts", "emailaddress2"),
                Map.of("accounts", FieldMapping.parse(List.of("name:FIRSTNAME"))));
        ParsedContact c = p.parse(record("accounts", "a", Map.of("emailaddress2", "info@acme.example",
                "name", "Acme", "firstname", "ignored")));
        assertEquals("info@acme.example", c.email());
        assertEquals(Map.of("FIRSTNAME", "Acme"), c.dataFields());
    }

    @Test
    void errorsNameTheFieldAndReason() {
        ContactRecordParser p = parser();
        assertEquals(RecordErrorKind.MISSING_EMAIL.code(), code(p, Map.of("firstname", "x")));
        assertEquals(RecordErrorKind.INVALID_EMAIL.code(), code(p, Map.of("emailaddress1", "not-an-email")));
        assertEquals(RecordErrorKind.INVALID_EMAIL.code(), code(p, Map.of("emailaddress1", "a@@b.com")));
        assertEquals(RecordErrorKind.WRONG_FIELD_TYPE.code(),
                code(p, Map.of("emailaddress1", "a@b.com", "creditlimit", "lots")));
        assertEquals(RecordErrorKind.WRONG_FIELD_TYPE.code(),
                code(p, Map.of("emailaddress1", "a@b.com", "birthdate", "yesterday")));
        assertEquals(RecordErrorKind.OVERSIZE_VALUE.code(),
                code(p, Map.of("emailaddress1", "a@b.com", "firstname", "x".repeat(256))));
        assertEquals(RecordErrorKind.MALFORMED_JSON.code(), code(p, "{\"emailaddress1\": \"a@b.com\""));
        assertEquals(RecordErrorKind.UNSUPPORTED_VALUE.code(), code(p, 17));
        ContactRecordParser unknownField = parser("firstname:FIRSTNAME,city:CITY", Map.of(), Map.of());
        RejectedRecordException e = assertThrows(RejectedRecordException.class, () ->
                unknownField.parse(record("contacts", null, Map.of("emailaddress1", "a@b.com", "city", "Paris"))));
        assertEquals(RecordErrorKind.UNKNOWN_DATA_FIELD.code(), e.code());
        RejectedRecordException oversize = assertThrows(RejectedRecordException.class, () -> p.parse(
                record("contacts", null, Map.of("emailaddress1", "a@b.com", "firstname", "y".repeat(300)))));
        assertTrue(oversize.getMessage().contains("'firstname'") && oversize.getMessage().contains("300"),
                oversize.getMessage());
    }

    @Test
    void booleanConversionAcceptsCommonForms() {
        DataFieldConverter c = new DataFieldConverter(255);
        FieldMapping m = new FieldMapping("f", "OPTOUT", null);
        assertEquals(Boolean.TRUE, c.convert(new FieldValue("yes", null), DataFieldType.BOOLEAN, m));
        assertEquals(Boolean.FALSE, c.convert(new FieldValue(0, null), DataFieldType.BOOLEAN, m));
        assertThrows(RejectedRecordException.class, () -> c.convert(new FieldValue("maybe", null),
                DataFieldType.BOOLEAN, m));
        assertEquals("12.5", c.convert(new FieldValue(new BigDecimal("12.5"), null), DataFieldType.STRING, m));
        assertThrows(RejectedRecordException.class, () -> c.convert(new FieldValue(Double.NaN, null),
                DataFieldType.NUMERIC, m));
    }

    @Test
    void typeInferenceFollowsLogicalTypes() {
        assertEquals(DataFieldType.NUMERIC, DataFieldType.infer(new FieldValue(BigDecimal.ONE, Decimal.schema(2))));
        assertEquals(DataFieldType.DATE, DataFieldType.infer(new FieldValue(new java.util.Date(), Timestamp.SCHEMA)));
        assertEquals(DataFieldType.BOOLEAN, DataFieldType.infer(new FieldValue(true, null)));
        assertEquals(DataFieldType.STRING, DataFieldType.infer(new FieldValue("x", Schema.STRING_SCHEMA)));
    }

    @Test
    void emailValidation() {
        assertTrue(EmailAddresses.isValid("first.last+tag@sub.example.co.uk"));
        assertFalse(EmailAddresses.isValid("first..last@example.com"));
        assertFalse(EmailAddresses.isValid("no-at-sign.example.com"));
        assertFalse(EmailAddresses.isValid("a@localhost"));
        assertFalse(EmailAddresses.isValid("a b@example.com"));
    }

    private String code(ContactRecordParser p, Object value) {
        return assertThrows(RejectedRecordException.class, () -> p.parse(record("contacts", null, value))).code();
    }
}
