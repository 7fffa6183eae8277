package io.dynamicsdotdigital.dotdigital.sink.preference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.dotdigital.sink.DotdigitalSinkConfig;
import io.dynamicsdotdigital.dotdigital.sink.record.RejectedRecordException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class PreferenceRecordReaderTest {
    private static PreferenceRecordReader reader(String... kv) {
        Map<String, String> props = new HashMap<>();
        props.put("dotdigital.api.user", "apiuser-x@apiconnector.com");
        props.put("dotdigital.api.password", "p");
        props.put("dotdigital.api.endpoint", "https://r1-api.dotdigital.com");
        for (int i = 0; i < kv.length; i += 2) {
            props.put(kv[i], kv[i + 1]);
        }
        return new PreferenceRecordReader(PreferenceConfig.from(new DotdigitalSinkConfig(props)));
    }

    private static SinkRecord record(Map<String, Object> value) {
        return new SinkRecord("contacts", 0, null, "k", null, value, 7);
    }

    @Test
    void configuredColumnsBecomeChangesStampedWithTheModifiedTime() {
        PreferenceRecordReader r = reader(PreferenceConfig.COLUMNS, "esc_news:14,esc_offers:15",
                PreferenceConfig.OPTIN_TYPE_COLUMN, "esc_optin");
        CrmPreferences p = r.fromContact(record(Map.of("esc_news", true, "esc_offers", "0",
                "modifiedon", "2024-05-01T10:00:00Z", "esc_optin", "verified_double")), "a@x.com").orElseThrow();
        assertEquals(2, p.changes().size());
        assertEquals(new PreferenceChange(14, true, Instant.parse("2024-05-01T10:00:00Z"),
                "column 'esc_news' of the record at contacts-0@7"), p.changes().get(0));
        assertEquals(false, p.changes().get(1).optedIn());
        assertEquals(OptInType.VERIFIED_DOUBLE, p.optInType());
        assertNull(p.consent());
        assertTrue(r.fromContact(record(Map.of("firstname", "A")), "a@x.com").isEmpty(), "no column, nothing");
    }

    @Test
    void badValuesAreRejectedNamingTheColumnAndRecord() {
        PreferenceRecordReader r = reader(PreferenceConfig.COLUMNS, "esc_news:14",
                PreferenceConfig.OPTIN_TYPE_COLUMN, "esc_optin");
        RejectedRecordException time = assertThrows(RejectedRecordException.class, () -> r.fromContact(
                record(Map.of("esc_news", true, "modifiedon", "last tuesday")), "a@x.com"));
        assertEquals("UnparsableTime", time.code());
        assertTrue(time.getMessage().contains("'modifiedon'") && time.getMessage().contains("contacts-0@7"),
                time.getMessage());
        RejectedRecordException bool = assertThrows(RejectedRecordException.class, () -> r.fromContact(
                record(Map.of("esc_news", "maybe", "modifiedon", "2024-05-01T10:00:00Z")), "a@x.com"));
        assertEquals("WrongFieldType", bool.code());
        assertTrue(bool.getMessage().contains("'esc_news'"), bool.getMessage());
        RejectedRecordException optIn = assertThrows(RejectedRecordException.class, () -> r.fromContact(
                record(Map.of("esc_optin", "Triple")), "a@x.com"));
        assertTrue(optIn.getMessage().contains("'esc_optin'"), optIn.getMessage());
    }

    @Test
    void subscriptionRowsMapThePreferenceAndFindTheContactsEmail() {
        PreferenceRecordReader r = reader(PreferenceConfig.ID_MAPPING, "guid-1:21");
        Map<String, Object> row = new HashMap<>(Map.of("_esc_leadid_value", "lead-9",
                "_esc_marketingpreferenceid_value", "guid-1", "esc_optedin", false,
                "modifiedon", "2024-05-01T10:00:00+02:00"));
        CrmPreferences p = r.fromSubscription(record(row), id -> id.equals("lead-9") ? "lead@x.com" : null);
        assertEquals("lead@x.com", p.email());
        assertEquals(21, p.changes().get(0).preferenceId());
        assertEquals(Instant.parse("2024-05-01T08:00:00Z"), p.changes().get(0).modifiedOn());

        row.put("_esc_marketingpreferenceid_value", "guid-unmapped");
        RejectedRecordException unknown = assertThrows(RejectedRecordException.class,
                () -> r.fromSubscription(record(row), id -> "lead@x.com"));
        assertEquals("UnknownPreference", unknown.code());
        assertTrue(unknown.getMessage().contains("guid-unmapped") && unknown.getMessage().contains(
                PreferenceConfig.ID_MAPPING), unknown.getMessage());
        row.put("_esc_marketingpreferenceid_value", "21");
        RejectedRecordException noContact = assertThrows(RejectedRecordException.class,
                () -> r.fromSubscription(record(row), id -> null));
        assertEquals("UnknownContact", noContact.code());
        assertTrue(noContact.getMessage().contains("lead-9"), noContact.getMessage());
    }

    @Test
    void optInTypesRankSingleBelowDoubleBelowVerifiedDouble() {
        assertTrue(OptInType.DOUBLE.isAbove(OptInType.SINGLE));
        assertTrue(OptInType.VERIFIED_DOUBLE.isAbove(OptInType.DOUBLE));
        assertEquals(OptInType.VERIFIED_DOUBLE, OptInType.parse("verifiedDouble"));
        assertNull(OptInType.parse("Triple"));
    }

    /** The consent topic's schema, as schemaless JSON (a Map) and as a Struct; the contact by key or by field. */
    @Test
    void consentTopicRecordsAreReadFromMapsAndStructsAndBadOnesNameTheField() {
        PreferenceRecordReader r = reader(PreferenceConfig.CONSENT_TOPIC, "consents");
        Map<String, String> seen = Map.of("crm-1", "seen@x.com");
        CrmPreferences byEmailKey = r.fromConsentTopic(new SinkRecord("consents", 0, null, "a@x.com", null,
                Map.of("text", "Yes", "date", "2024-02-03T04:05:06Z", "url", "https://x.example", "ip", "192.0.2.1",
                        "userAgent", "UA"), 3), seen::get);
        assertEquals("a@x.com", byEmailKey.email());
        assertEquals(new io.dynamicsdotdigital.dotdigital.client.model.ConsentRecord("Yes",
                Instant.parse("2024-02-03T04:05:06Z"), "https://x.example", "192.0.2.1", "UA"), byEmailKey.consent());

        org.apache.kafka.connect.data.Schema schema = org.apache.kafka.connect.data.SchemaBuilder.struct()
                .field("contactId", org.apache.kafka.connect.data.Schema.OPTIONAL_STRING_SCHEMA)
                .field("text", org.apache.kafka.connect.data.Schema.STRING_SCHEMA)
                .field("date", org.apache.kafka.connect.data.Timestamp.SCHEMA)
                .field("url", org.apache.kafka.connect.data.Schema.OPTIONAL_STRING_SCHEMA).build();
        org.apache.kafka.connect.data.Struct struct = new org.apache.kafka.connect.data.Struct(schema)
                .put("contactId", "crm-1").put("text", "Yes").put("date", java.util.Date.from(
                        Instant.parse("2024-02-03T04:05:06Z")));
        CrmPreferences byCrmId = r.fromConsentTopic(new SinkRecord("consents", 0, null, null, schema, struct, 4),
                seen::get);
        assertEquals("seen@x.com", byCrmId.email());
        assertEquals(Instant.parse("2024-02-03T04:05:06Z"), byCrmId.consent().dateTimeConsented());

        RejectedRecordException noText = assertThrows(RejectedRecordException.class, () -> r.fromConsentTopic(
                new SinkRecord("consents", 0, null, "a@x.com", null, Map.of("date", "2024-02-03T04:05:06Z"), 5),
                seen::get));
        assertEquals("MissingField", noText.code());
        assertTrue(noText.getMessage().contains("'text'") && noText.getMessage().contains("consents-0@5"),
                noText.getMessage());
        RejectedRecordException badDate = assertThrows(RejectedRecordException.class, () -> r.fromConsentTopic(
                new SinkRecord("consents", 0, null, "a@x.com", null, Map.of("text", "Yes", "date", "soon"), 6),
                seen::get));
        assertEquals("UnparsableTime", badDate.code());
        assertTrue(badDate.getMessage().contains("'date'"), badDate.getMessage());
        RejectedRecordException unseen = assertThrows(RejectedRecordException.class, () -> r.fromConsentTopic(
                new SinkRecord("consents", 0, null, "crm-9", null, Map.of("text", "Yes", "date", "2024-01-01T00:00:00Z"),
                        8), seen::get));
        assertEquals("UnknownContact", unseen.code());
    }
}
