package io.dynamicsdotdigital.systemtests;

import static io.dynamicsdotdigital.systemtests.BadInputCase.applied;
import static io.dynamicsdotdigital.systemtests.BadInputCase.deadLetter;
import static io.dynamicsdotdigital.systemtests.BadInputConnector.DD_PLAIN;
import static io.dynamicsdotdigital.systemtests.BadInputConnector.DD_PLAIN_CAMPAIGN;
import static io.dynamicsdotdigital.systemtests.BadInputConnector.DD_PLAIN_LIST;
import static io.dynamicsdotdigital.systemtests.BadInputConnector.DD_PLAIN_LISTMEMBER;
import static io.dynamicsdotdigital.systemtests.BadInputConnector.DD_SCHEMA;
import static io.dynamicsdotdigital.systemtests.BadInputConnector.DD_STRING;
import static io.dynamicsdotdigital.systemtests.BadInputConnector.DY_PLAIN;
import static io.dynamicsdotdigital.systemtests.BadInputConnector.DY_SCHEMA;
import static io.dynamicsdotdigital.systemtests.BadInputConnector.DY_STRING;
import static io.dynamicsdotdigital.systemtests.ConnectJson.bool;
import static io.dynamicsdotdigital.systemtests.ConnectJson.date;
import static io.dynamicsdotdigital.systemtests.ConnectJson.decimal;
import static io.dynamicsdotdigital.systemtests.ConnectJson.decimalPayload;
import static io.dynamicsdotdigital.systemtests.ConnectJson.envelope;
import static io.dynamicsdotdigital.systemtests.ConnectJson.float64;
import static io.dynamicsdotdigital.systemtests.ConnectJson.int32;
import static io.dynamicsdotdigital.systemtests.ConnectJson.map;
import static io.dynamicsdotdigital.systemtests.ConnectJson.plain;
import static io.dynamicsdotdigital.systemtests.ConnectJson.string;
import static io.dynamicsdotdigital.systemtests.ConnectJson.struct;
import static io.dynamicsdotdigital.systemtests.ConnectJson.timestamp;
import static io.dynamicsdotdigital.systemtests.ConnectJson.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** The table of bad inputs; docs/reliability.md ("Bad input") lists the same rows. */
final class BadInputCases {
    static final String INTERNATIONAL = "Zoë Ångström 张伟 🎉";
    static final String NOT_UTF8_FIRSTNAME_PREFIX = "Zo";
    /** Latin-1 "ë": not valid UTF-8 inside a JSON string. */
    static final byte LATIN1_E_DIAERESIS = (byte) 0xEB;
    static final String WAS_LATIN1 = "Zo\uFFFD";

    private BadInputCases() {
    }

    static List<BadInputCase> all() {
        return List.of(
                // ---- Dotdigital sink, JsonConverter with schemas -------------------------------------------------
                deadLetter("DD-01", DD_SCHEMA, "wrong type: email field is an int32", null,
                        ddStruct("emailaddress1", int32(), 42), "InvalidEmail"),
                deadLetter("DD-02", DD_SCHEMA, "null email", null,
                        ddStruct("emailaddress1", string(), null, "firstname", string(), "Nora"), "MissingEmail"),
                deadLetter("DD-03", DD_SCHEMA, "missing email field", null,
                        ddStruct("firstname", string(), "Mia"), "MissingEmail"),
                deadLetter("DD-04", DD_SCHEMA, "empty email string", null,
                        ddStruct("emailaddress1", string(), ""), "MissingEmail"),
                deadLetter("DD-05", DD_SCHEMA, "invalid email 'not-an-email'", null,
                        ddStruct("emailaddress1", string(), "not-an-email"), "InvalidEmail"),
                deadLetter("DD-06", DD_SCHEMA, "international email (non-ASCII local part and domain)", null,
                        ddStruct("emailaddress1", string(), "josé@exämple.de"), "InvalidEmail"),
                applied("DD-07", DD_SCHEMA, "internationalised domain in punycode", null,
                        ddStruct("emailaddress1", string(), "anna@xn--exmple-cua.de"),
                        q -> assertMember(q, DD_SCHEMA, "anna@xn--exmple-cua.de")),
                deadLetter("DD-08", DD_SCHEMA, "email of 300 characters", null,
                        ddStruct("emailaddress1", string(), "a".repeat(280) + "@badinput.example"), "InvalidEmail"),
                applied("DD-09", DD_SCHEMA, "email with spaces and capitals: normalised", null,
                        ddStruct("emailaddress1", string(), "  Mixed.Case@BadInput.EXAMPLE "),
                        q -> assertMember(q, DD_SCHEMA, "mixed.case@badinput.example")),
                applied("DD-10", DD_SCHEMA, "international characters in a data field", null,
                        ddStruct("emailaddress1", string(), "intl@badinput.example", "firstname", string(),
                                INTERNATIONAL),
                        q -> assertEquals(INTERNATIONAL, text(q.dataField("intl@badinput.example", "FIRSTNAME")))),
                deadLetter("DD-11", DD_SCHEMA, "string of 256 characters (limit 255)", null,
                        ddStruct("emailaddress1", string(), "long256@badinput.example", "firstname", string(),
                                "x".repeat(256)), "OversizeValue"),
                deadLetter("DD-12", DD_SCHEMA, "huge string (900,000 characters)", null,
                        ddStruct("emailaddress1", string(), "huge@badinput.example", "lastname", string(),
                                "y".repeat(900_000)), "OversizeValue"),
                deadLetter("DD-13", DD_SCHEMA, "nested struct where a String data field is mapped", null,
                        ddStruct("emailaddress1", string(), "nested@badinput.example", "firstname",
                                struct("given", string()), map("given", "Ann")), "WrongFieldType"),
                applied("DD-14", DD_SCHEMA, "nested struct reached by a dotted mapping (address.city)", null,
                        ddStruct("emailaddress1", string(), "city@badinput.example", "address",
                                struct("city", string(), "zip", string()), map("city", "Zürich", "zip", "8001")),
                        q -> assertEquals("Zürich", text(q.dataField("city@badinput.example", "BICITY")))),
                deadLetter("DD-15", DD_SCHEMA, "wrong type: text in a Numeric data field", null,
                        ddStruct("emailaddress1", string(), "score-text@badinput.example", "score", string(), "lots"),
                        "WrongFieldType"),
                applied("DD-16", DD_SCHEMA, "Connect Decimal into a Numeric data field", null,
                        ddStruct("emailaddress1", string(), "decimal@badinput.example", "score", decimal(2),
                                decimalPayload(new BigDecimal("12345.67"))),
                        q -> assertEquals(0, new BigDecimal("12345.67").compareTo(
                                number(q.dataField("decimal@badinput.example", "BISCORE"))))),
                applied("DD-17", DD_SCHEMA, "Connect Date into a Date data field", null,
                        ddStruct("emailaddress1", string(), "date@badinput.example", "birthday", date(),
                                LocalDate.of(1990, 5, 17).toEpochDay()),
                        q -> assertTrue(text(q.dataField("date@badinput.example", "BIBIRTHDAY")).startsWith("1990-05-17"),
                                "BIBIRTHDAY")),
                deadLetter("DD-18", DD_SCHEMA, "date out of range (year 10000) in a Date data field", null,
                        ddStruct("emailaddress1", string(), "year10000@badinput.example", "birthday", string(),
                                "10000-01-01"), "WrongFieldType"),
                deadLetter("DD-19", DD_SCHEMA, "wrong type: 7 in a Boolean data field", null,
                        ddStruct("emailaddress1", string(), "bool7@badinput.example", "vip", int32(), 7),
                        "WrongFieldType"),
                deadLetter("DD-20", DD_SCHEMA, "decimal out of range: 1e400 as float64 (infinite)", null,
                        utf8("{\"schema\":" + struct("emailaddress1", string(), "score", float64())
                                + ",\"payload\":{\"emailaddress1\":\"inf@badinput.example\",\"score\":1e400}}"),
                        "WrongFieldType"),
                deadLetter("DD-21", DD_SCHEMA, "tombstone for an unknown contact key", utf8("c-never-seen"), null,
                        "UnknownContact").orSkipped(),
                applied("DD-22", DD_SCHEMA, "tombstone for a known contact: removed from the address book",
                        utf8("c-known-22"), null, q -> {
                            assertTrue(q.dotdigitalContact("known22@badinput.example").isPresent(), "imported first");
                            assertFalse(q.addressBookMembers(DD_SCHEMA.addressBook())
                                    .contains("known22@badinput.example"), "removed from the address book");
                        }).after(DD_SCHEMA.topic, utf8("c-known-22"), ddStruct("emailaddress1", string(),
                        "known22@badinput.example", "contactid", string(), "c-known-22")),
                deadLetter("DD-23", DD_SCHEMA, "tombstone with a null key", null, null, "NullKey"),
                deadLetter("DD-24", DD_SCHEMA, "plain JSON without the schema envelope", null,
                        plain(map("emailaddress1", "noenvelope@badinput.example")), "schemas.enable"),
                applied("DD-25", DD_SCHEMA, "unknown fields besides the mapped ones: ignored", null,
                        ddStruct("emailaddress1", string(), "extra@badinput.example", "firstname", string(), "Extra",
                                "favouritecolour", string(), "teal", "shoesize", int32(), 44),
                        q -> assertEquals("Extra", text(q.dataField("extra@badinput.example", "FIRSTNAME")))),
                applied("DD-26", DD_SCHEMA, "nulls in mapped fields: contact imported without them", null,
                        ddStruct("emailaddress1", string(), "nulls@badinput.example", "firstname", string(), null,
                                "score", decimal(2), null),
                        q -> assertMember(q, DD_SCHEMA, "nulls@badinput.example")),

                // ---- Dotdigital sink, JsonConverter without schemas (contacts, lists, list members) -------------
                deadLetter("DD-30", DD_PLAIN, "value is a JSON array", null, utf8("[1,2,3]"), "UnsupportedValue"),
                deadLetter("DD-31", DD_PLAIN, "value is a JSON string", null, utf8("\"hello\""), "MalformedJson"),
                deadLetter("DD-32", DD_PLAIN, "value is a JSON number", null, utf8("42"), "UnsupportedValue"),
                deadLetter("DD-33", DD_PLAIN, "malformed JSON", null, utf8("{\"emailaddress1\": "),
                        "Converting byte[] to Kafka Connect data failed"),
                deadLetter("DD-34", DD_PLAIN, "non-UTF-8 bytes", null, notUtf8("dd34@badinput.example"),
                        "Converting byte[] to Kafka Connect data failed"),
                deadLetter("DD-35", DD_PLAIN, "schemaless nested map where a data field is mapped", null,
                        plain(map("emailaddress1", "map@badinput.example", "firstname", map("given", "Ann"))),
                        "WrongFieldType"),
                deadLetter("DD-36", DD_PLAIN, "unknown data field (BINICKNAME, auto-create off)", null,
                        plain(map("emailaddress1", "nick@badinput.example", "nickname", "Nicky")),
                        "UnknownDataField"),
                deadLetter("DD-37", DD_PLAIN, "wrong type: email is a JSON number", null,
                        plain(map("emailaddress1", 12345)), "InvalidEmail"),
                deadLetter("DD-38", DD_PLAIN, "record for a table the sink has no rules for (campaign)", null,
                        plain(map("campaignid", "6a1e5f0e-0000-4000-8000-000000000038", "name", "Spring")),
                        "MissingEmail").onTopic(DD_PLAIN_CAMPAIGN),
                applied("DD-39", DD_PLAIN, "list member for an unknown list: its address book is created", null,
                        plain(map("_listid_value", UNKNOWN_LIST, "_entityid_value", "c-lm-39")),
                        q -> assertTrue(q.addressBookMembers("Dynamics list " + UNKNOWN_LIST)
                                .contains("lm39@badinput.example"), "member of the new address book"))
                        .onTopic(DD_PLAIN_LISTMEMBER)
                        .after(DD_PLAIN.topic, null, plain(map("emailaddress1", "lm39@badinput.example",
                                "contactid", "c-lm-39"))),
                applied("DD-40", DD_PLAIN, "list member naming its list only by the formatted-value annotation",
                        null, plain(map("_listid_value", NAMED_LIST, "_entityid_value", "c-lm-40",
                                "_listid_value@OData.Community.Display.V1.FormattedValue", "Badinput newsletter")),
                        q -> assertTrue(q.addressBookMembers("Badinput newsletter").contains("lm40@badinput.example"),
                                "member of the named address book"))
                        .onTopic(DD_PLAIN_LISTMEMBER)
                        .after(DD_PLAIN.topic, null, plain(map("emailaddress1", "lm40@badinput.example",
                                "contactid", "c-lm-40"))),
                deadLetter("DD-41", DD_PLAIN, "list member without _listid_value", null,
                        plain(map("_entityid_value", "c-lm-39")), "UnsupportedValue").onTopic(DD_PLAIN_LISTMEMBER),
                deadLetter("DD-42", DD_PLAIN, "list member whose contact never arrives", null,
                        plain(map("_listid_value", UNKNOWN_LIST, "_entityid_value", "c-never-arrives")),
                        "UnknownContact").onTopic(DD_PLAIN_LISTMEMBER),
                deadLetter("DD-43", DD_PLAIN, "list-member tombstone for an unknown member key",
                        utf8("lm-never-seen"), null, "UnknownContact").onTopic(DD_PLAIN_LISTMEMBER),
                deadLetter("DD-44", DD_PLAIN, "list record that is not an object", null, utf8("[\"a\"]"),
                        "UnsupportedValue").onTopic(DD_PLAIN_LIST),

                // ---- Dotdigital sink, StringConverter -------------------------------------------------------------
                deadLetter("DD-50", DD_STRING, "value is not JSON at all", null, utf8("hello, world"),
                        "MalformedJson"),
                applied("DD-51", DD_STRING, "non-UTF-8 bytes: StringConverter decodes them as U+FFFD", null,
                        notUtf8("dd51@badinput.example"),
                        q -> assertEquals(WAS_LATIN1, text(q.dataField("dd51@badinput.example", "FIRSTNAME")))),
                deadLetter("DD-52", DD_STRING, "JSON that is an array of contacts", null,
                        utf8("[{\"emailaddress1\":\"arr@badinput.example\"}]"), "MalformedJson"),

                // ---- Dynamics sink, JsonConverter with schemas ---------------------------------------------------
                deadLetter("DY-01", DY_SCHEMA, "missing alternate-key field (contactId)", null,
                        dyStruct("campaignId", int32(), 700001, "email", string(), "dy01@badinput.example"),
                        "alternate key column 'esc_contactid'"),
                deadLetter("DY-02", DY_SCHEMA, "null alternate-key field", null,
                        dyStruct("campaignId", int32(), 700002, "contactId", int32(), null),
                        "alternate key column 'esc_contactid'"),
                deadLetter("DY-03", DY_SCHEMA, "wrong type: text in an Integer column", null,
                        dyStruct("campaignId", int32(), 700003, "contactId", int32(), 1, "numOpens", string(), "lots"),
                        "HTTP 400"),
                deadLetter("DY-04", DY_SCHEMA, "decimal out of range: Decimal 1e20 into an Integer column", null,
                        dyStruct("campaignId", int32(), 700004, "contactId", int32(), 1, "numClicks", decimal(0),
                                decimalPayload(new BigDecimal("100000000000000000000"))), "HTTP 400"),
                applied("DY-05", DY_SCHEMA, "Connect Timestamp into a DateTime column", null,
                        dyStruct("campaignId", int32(), 700005, "contactId", int32(), 1, "dateSent", timestamp(),
                                1_700_000_000_000L),
                        q -> assertEquals("2023-11-14T22:13:20Z", row(q, 700005, 1).path("esc_datesent").asText())),
                applied("DY-06", DY_SCHEMA, "nested struct in a String column: stored as its JSON text", null,
                        dyStruct("campaignId", int32(), 700006, "contactId", int32(), 1, "email",
                                struct("local", string(), "domain", string()),
                                map("local", "nested", "domain", "badinput.example")),
                        q -> assertEquals("{\"local\":\"nested\",\"domain\":\"badinput.example\"}",
                                row(q, 700006, 1).path("esc_email").asText())),
                applied("DY-07", DY_SCHEMA, "unknown fields besides the mapped ones: ignored", null,
                        dyStruct("campaignId", int32(), 700007, "contactId", int32(), 1, "numOpens", int32(), 7,
                                "notAColumn", string(), "x", "alsoUnknown", int32(), 3),
                        q -> assertEquals(7, row(q, 700007, 1).path("esc_opens").asInt())),
                deadLetter("DY-08", DY_SCHEMA, "payload does not match its schema (Timestamp holding text)", null,
                        utf8("{\"schema\":" + struct("campaignId", int32(), "contactId", int32(), "dateSent",
                                timestamp()) + ",\"payload\":{\"campaignId\":700008,\"contactId\":1,"
                                + "\"dateSent\":\"yesterday\"}}"), "Invalid type for Timestamp"),
                deadLetter("DY-09", DY_SCHEMA, "plain JSON without the schema envelope", null,
                        plain(map("campaignId", 700009, "contactId", 1)), "schemas.enable"),
                deadLetter("DY-10", DY_SCHEMA, "wrong type: 5 in a Boolean column", null,
                        dyStruct("campaignId", int32(), 700010, "contactId", int32(), 1, "unsubscribed", int32(), 5),
                        "HTTP 400"),
                applied("DY-11", DY_SCHEMA, "international characters in a String column", null,
                        dyStruct("campaignId", int32(), 700011, "contactId", int32(), 1, "email", string(),
                                INTERNATIONAL),
                        q -> assertEquals(INTERNATIONAL, row(q, 700011, 1).path("esc_email").asText())),
                applied("DY-12", DY_SCHEMA, "empty string in a String column", null,
                        dyStruct("campaignId", int32(), 700012, "contactId", int32(), 1, "email", string(), ""),
                        q -> assertEquals("", row(q, 700012, 1).path("esc_email").asText(""))),
                applied("DY-13", DY_SCHEMA, "tombstone for a row that does not exist: nothing to delete",
                        utf8("{\"campaignId\":700013,\"contactId\":404}"), null,
                        q -> assertTrue(q.sendSummary(700013, 404).isEmpty(), "no row")),
                applied("DY-14", DY_SCHEMA, "tombstone for an existing row: deleted",
                        utf8("{\"campaignId\":700014,\"contactId\":1}"), null,
                        q -> assertTrue(q.sendSummary(700014, 1).isEmpty(), "row deleted"))
                        .after(DY_SCHEMA.topic, null, dyStruct("campaignId", int32(), 700014, "contactId", int32(), 1,
                                "numOpens", int32(), 1)),
                deadLetter("DY-15", DY_SCHEMA, "tombstone whose key is not an object", utf8("just-a-string"), null,
                        "alternate key columns"),
                deadLetter("DY-16", DY_SCHEMA, "tombstone with a null key", null, null, "alternate key columns"),
                deadLetter("DY-17", DY_SCHEMA, "none of the mapped fields", null,
                        dyStruct("foo", int32(), 1, "bar", string(), "x"), "none of the mapped fields"),

                // ---- Dynamics sink, JsonConverter without schemas (unmapped.fields=write) -----------------------
                deadLetter("DY-20", DY_PLAIN, "value is a JSON array", null, utf8("[1,2]"),
                        "must be a Struct, a Map or a JSON object"),
                deadLetter("DY-21", DY_PLAIN, "value is a JSON string", null, utf8("\"hello\""), "not JSON"),
                deadLetter("DY-22", DY_PLAIN, "value is a JSON number", null, utf8("42"),
                        "must be a Struct, a Map or a JSON object"),
                deadLetter("DY-23", DY_PLAIN, "malformed JSON", null, utf8("{\"campaignId\":"),
                        "Converting byte[] to Kafka Connect data failed"),
                deadLetter("DY-24", DY_PLAIN, "non-UTF-8 bytes", null, dyNotUtf8(700024),
                        "Converting byte[] to Kafka Connect data failed"),
                deadLetter("DY-25", DY_PLAIN, "unknown column (field the table lacks, unmapped.fields=write)", null,
                        plain(map("campaignId", 700025, "contactId", 1, "esc_nosuchcolumn", 1)), "HTTP 400"),
                deadLetter("DY-26", DY_PLAIN, "impossible date (February 30th)", null,
                        plain(map("campaignId", 700026, "contactId", 1, "dateSent", "2024-02-30T10:00:00Z")),
                        "HTTP 400"),
                deadLetter("DY-27", DY_PLAIN, "date out of range (year 10000)", null,
                        plain(map("campaignId", 700027, "contactId", 1, "dateSent", "10000-01-01T00:00:00Z")),
                        "HTTP 400"),
                deadLetter("DY-28", DY_PLAIN, "number out of range: 3,000,000,000 in an Integer column", null,
                        plain(map("campaignId", 700028, "contactId", 1, "numOpens", 3_000_000_000L)), "HTTP 400"),
                applied("DY-29", DY_PLAIN, "schemaless nested map in a String column: stored as JSON text", null,
                        plain(map("campaignId", 700029, "contactId", 1, "email", map("a", 1))),
                        q -> assertEquals("{\"a\":1}", row(q, 700029, 1).path("esc_email").asText())),
                deadLetter("DY-30", DY_PLAIN, "wrong type: text in an Integer alternate-key column", null,
                        plain(map("campaignId", "abc", "contactId", 1)), "is not a Integer value"),
                applied("DY-31", DY_PLAIN, "null in a mapped column: the column is cleared", null,
                        plain(map("campaignId", 700031, "contactId", 1, "numOpens", null)),
                        q -> assertTrue(row(q, 700031, 1).path("esc_opens").isNull(), "esc_opens cleared"))
                        .after(DY_PLAIN.topic, null, plain(map("campaignId", 700031, "contactId", 1, "numOpens", 5))),

                // ---- Dynamics sink, StringConverter ---------------------------------------------------------------
                deadLetter("DY-40", DY_STRING, "value is not JSON at all", null, utf8("hello, world"), "not JSON"),
                deadLetter("DY-41", DY_STRING, "JSON nested 1,500 levels deep (Jackson's limit is 1,000)", null,
                        utf8(ConnectJson.nested(1500)), "not JSON"),
                deadLetter("DY-42", DY_STRING, "number of 1,500 digits (beyond Jackson's 1,000-digit limit)", null,
                        utf8("{\"campaignId\":700042,\"contactId\":1,\"numOpens\":" + "9".repeat(1500) + "}"),
                        "not JSON"),
                applied("DY-43", DY_STRING, "non-UTF-8 bytes: StringConverter decodes them as U+FFFD", null,
                        dyNotUtf8(700043),
                        q -> assertEquals(WAS_LATIN1, row(q, 700043, 1).path("esc_email").asText())));
    }

    static final String UNKNOWN_LIST = "0b5e1c2a-0000-4000-8000-000000000039";
    static final String NAMED_LIST = "0b5e1c2a-0000-4000-8000-000000000040";

    // --- record builders ---------------------------------------------------------------------------------------

    /** A contact struct in the schema envelope, from (name, schema, value) triples. */
    static byte[] ddStruct(Object... nameSchemaValue) {
        return structEnvelope(nameSchemaValue);
    }

    static byte[] dyStruct(Object... nameSchemaValue) {
        return structEnvelope(nameSchemaValue);
    }

    private static byte[] structEnvelope(Object... nameSchemaValue) {
        Object[] schemaPairs = new Object[nameSchemaValue.length / 3 * 2];
        Map<String, Object> payload = map();
        for (int i = 0, j = 0; i < nameSchemaValue.length; i += 3, j += 2) {
            schemaPairs[j] = nameSchemaValue[i];
            schemaPairs[j + 1] = nameSchemaValue[i + 1];
            payload.put((String) nameSchemaValue[i], nameSchemaValue[i + 2]);
        }
        ObjectNode schema = struct(schemaPairs);
        return envelope(schema, payload);
    }

    /** {"emailaddress1": email, "firstname": "Zo<0xEB>"}: Latin-1, not UTF-8. */
    static byte[] notUtf8(String email) {
        return withLatin1(utf8("{\"emailaddress1\":\"" + email + "\",\"firstname\":\"" + NOT_UTF8_FIRSTNAME_PREFIX),
                utf8("\"}"));
    }

    static byte[] dyNotUtf8(int campaignId) {
        return withLatin1(utf8("{\"campaignId\":" + campaignId + ",\"contactId\":1,\"email\":\"Zo"), utf8("\"}"));
    }

    private static byte[] withLatin1(byte[] before, byte[] after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before);
        out.write(LATIN1_E_DIAERESIS);
        out.writeBytes(after);
        return out.toByteArray();
    }

    // --- checks --------------------------------------------------------------------------------------------------

    static void assertMember(EmulatorApis q, BadInputConnector c, String email) throws Exception {
        assertTrue(q.addressBookMembers(c.addressBook()).contains(email),
                email + " should be a member of " + c.addressBook());
    }

    static JsonNode row(EmulatorApis q, long campaignId, long contactId) throws Exception {
        return q.sendSummary(campaignId, contactId).orElseThrow(() -> new AssertionError(
                "no esc_emailsendsummaries row (" + campaignId + ", " + contactId + ")"));
    }

    static String text(JsonNode value) {
        assertNotNull(value, "data field value");
        return value.asText();
    }

    static BigDecimal number(JsonNode value) {
        assertNotNull(value, "data field value");
        return value.decimalValue();
    }
}
