package io.dynamicsdotdigital.emulator.dotdigital;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Marketing consent records per contact, as the v3 {@code consentRecords} and the v2 {@code with-consent} calls store
 * them. Dotdigital keeps every record it is given (a history of evidence), so a write adds and never replaces.
 * Guarded by the state's lock, like the rest of the state.
 */
public final class ContactConsents {
    /** v3 consentRecordsToBeInserted: at most five per write. */
    static final int MAX_RECORDS_PER_WRITE = 5;
    /** The v2 ApiConsent field keys, in the order the API answers them. */
    static final List<String> V2_KEYS = List.of("TEXT", "DATETIMECONSENTED", "URL", "IPADDRESS", "USERAGENT");

    /** One consent record; {@code dateTimeConsented} is kept as given when it does not parse. */
    public record Consent(String text, Instant dateTimeConsented, String url, String ipAddress, String userAgent,
                   Instant dateTimeCreated) {
    }

    private final Map<Integer, List<Consent>> byContact = new LinkedHashMap<>();

    void add(int contactId, Consent consent) {
        byContact.computeIfAbsent(contactId, k -> new ArrayList<>()).add(consent);
    }

    List<Consent> of(int contactId) {
        return List.copyOf(byContact.getOrDefault(contactId, List.of()));
    }

    /**
     * A v3 consent record; the spec requires all five fields, text and userAgent non-empty.
     *
     * @throws IllegalArgumentException naming the missing or invalid field
     */
    static Consent fromV3(JsonNode n, Instant now) {
        for (String f : List.of("text", "dateTimeConsented", "url", "ipAddress", "userAgent")) {
            if (!n.hasNonNull(f) || n.path(f).asText().isBlank()) {
                throw new IllegalArgumentException("consentRecords: '" + f + "' is required");
            }
        }
        Instant consented = Dates.parse(n.path("dateTimeConsented").asText())
                .orElseThrow(() -> new IllegalArgumentException("consentRecords: 'dateTimeConsented' is not an"
                        + " ISO 8601 date-time"));
        return new Consent(n.path("text").asText(), consented, n.path("url").asText(), n.path("ipAddress").asText(),
                n.path("userAgent").asText(), now);
    }

    /** A v2 ApiConsent {@code {id, fields:[{key,value}]}}; keys are matched ignoring case. */
    static Consent fromV2(JsonNode apiConsent, Instant now) {
        Map<String, String> v = new LinkedHashMap<>();
        for (JsonNode kv : apiConsent.path("fields")) {
            v.put(kv.path("key").asText("").toUpperCase(Locale.ROOT), kv.path("value").asText(null));
        }
        String text = v.get("TEXT");
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("consentFields: the TEXT field is required");
        }
        Instant consented = v.get("DATETIMECONSENTED") == null ? now
                : Dates.parse(v.get("DATETIMECONSENTED")).orElseThrow(() -> new IllegalArgumentException(
                        "consentFields: DATETIMECONSENTED is not an ISO 8601 date-time"));
        return new Consent(text, consented, v.get("URL"), v.get("IPADDRESS"), v.get("USERAGENT"), now);
    }

    static void writeV3(JsonGenerator g, Consent c) throws IOException {
        g.writeStartObject();
        g.writeStringField("text", c.text());
        g.writeStringField("dateTimeConsented", Dates.format(c.dateTimeConsented()));
        g.writeStringField("url", c.url());
        g.writeStringField("ipAddress", c.ipAddress());
        g.writeStringField("userAgent", c.userAgent());
        g.writeStringField("dateTimeCreated", Dates.format(c.dateTimeCreated()));
        g.writeEndObject();
    }

    /** The v2 ApiConsent form; the id is null as Dotdigital answers it for records just written. */
    static void writeV2(JsonGenerator g, Consent c) throws IOException {
        g.writeStartObject();
        g.writeNullField("id");
        g.writeArrayFieldStart("fields");
        String[] values = {c.text(), Dates.format(c.dateTimeConsented()), c.url(), c.ipAddress(), c.userAgent()};
        for (int i = 0; i < V2_KEYS.size(); i++) {
            g.writeStartObject();
            g.writeStringField("key", V2_KEYS.get(i));
            g.writeStringField("value", values[i]);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
