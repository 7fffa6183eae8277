package io.dynamicsdotdigital.dotdigital.client.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamicsdotdigital.dotdigital.client.PreferenceWrites;
import io.dynamicsdotdigital.dotdigital.client.model.ConsentRecord;
import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import io.dynamicsdotdigital.dotdigital.client.model.ContactPreferenceOptIns;
import io.dynamicsdotdigital.dotdigital.client.model.MarketingPreferenceOptIn;
import io.dynamicsdotdigital.dotdigital.client.model.PreferenceChoice;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Preference and consent writes over REST v2 (see {@link PreferenceWrites}). */
final class RestPreferenceWrites implements PreferenceWrites {
    /** Before any opt-in Dotdigital can hold: the since-date that reads a contact's whole opt-in history. */
    static final Instant EVER = Instant.parse("2000-01-01T00:00:00Z");

    private final RestCalls calls;

    RestPreferenceWrites(RestCalls calls) {
        this.calls = calls;
    }

    @Override
    public Optional<MarketingPreferenceOptIn> contactOptIn(long contactId, long preferenceId) {
        String base = "/v2/contacts/with-preference/" + preferenceId + "/opt-ins-since/";
        String path = base + RestCalls.date(EVER) + "?minContactId=" + contactId;
        List<ContactPreferenceOptIns> rows = RestModelReader.list(calls.getJson(path,
                "GET " + base + "{date}?minContactId=" + contactId, "preference-opt-ins"),
                RestModelReader::preferenceOptIns);
        for (ContactPreferenceOptIns row : rows) {
            if (row.contact() != null && row.contact().id() == contactId) {
                return row.marketingPreferenceOptIns().stream()
                        .filter(o -> o.marketingPreferenceId() == preferenceId).findFirst();
            }
        }
        return Optional.empty();
    }

    @Override
    public void setContactPreferences(String emailOrId, List<PreferenceChoice> choices) {
        ArrayNode body = RestCalls.MAPPER.createArrayNode();
        for (PreferenceChoice c : choices) {
            body.addObject().put("id", c.preferenceId()).put("isPreference", true).put("isOptedIn", c.optedIn());
        }
        String path = "/v2/contacts/" + RestCalls.segment(emailOrId) + "/preferences";
        calls.sendJson(calls.request(path).PUT(RestCalls.json(body)), "PUT /v2/contacts/{emailOrId}/preferences",
                "preferences");
    }

    @Override
    public List<ConsentRecord> contactConsent(long contactId) {
        String call = "GET /v2/contacts/" + contactId + "/with-consent";
        JsonNode answer = calls.getJson("/v2/contacts/" + contactId + "/with-consent", call, "contacts");
        List<ConsentRecord> out = new ArrayList<>();
        for (JsonNode apiConsent : answer.path("consentFields")) {
            ConsentRecord r = fromV2(apiConsent);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public void addContactConsent(Contact contact, ConsentRecord consent) {
        ObjectNode body = RestCalls.MAPPER.createObjectNode();
        body.putObject("contact").put("id", contact.id()).put("email", contact.email());
        ArrayNode fields = body.putArray("consentFields").addObject().putArray("fields");
        field(fields, "TEXT", consent.text());
        field(fields, "DATETIMECONSENTED", consent.dateTimeConsented() == null ? null
                : DateTimeFormatter.ISO_INSTANT.format(consent.dateTimeConsented()));
        field(fields, "URL", consent.url());
        field(fields, "IPADDRESS", consent.ipAddress());
        field(fields, "USERAGENT", consent.userAgent());
        String path = "/v2/contacts/" + contact.id() + "/with-consent";
        calls.sendJsonOnce(calls.request(path).PUT(RestCalls.json(body)), "PUT " + path, "contacts");
    }

    private static void field(ArrayNode fields, String key, String value) {
        if (value != null && !value.isBlank()) {
            fields.addObject().put("key", key).put("value", value);
        }
    }

    /** Keys are matched ignoring case; a record without TEXT is not evidence and is left out. */
    private static ConsentRecord fromV2(JsonNode apiConsent) {
        String text = null;
        String url = null;
        String ip = null;
        String agent = null;
        Instant when = null;
        for (JsonNode kv : apiConsent.path("fields")) {
            String value = kv.path("value").isNull() ? null : kv.path("value").asText(null);
            switch (kv.path("key").asText("").toUpperCase(Locale.ROOT)) {
                case "TEXT" -> text = value;
                case "URL" -> url = value;
                case "IPADDRESS" -> ip = value;
                case "USERAGENT" -> agent = value;
                case "DATETIMECONSENTED" -> when = value == null ? null : Json.parseInstant(value);
                default -> {
                }
            }
        }
        return text == null ? null : new ConsentRecord(text, when, url, ip, agent);
    }
}
