package io.dynamicsdotdigital.emulator.dotdigital;

import static io.dynamicsdotdigital.emulator.dotdigital.V2Api.invalid;
import static io.dynamicsdotdigital.emulator.dotdigital.V2Api.notFound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalState.StoredContact;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Contact;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Preference;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The v2 contact calls that carry consent (and preferences): {@code POST /v2/contacts/with-consent},
 * {@code POST /v2/contacts/with-consent-and-preferences}, {@code PUT /v2/contacts/{id}/with-consent},
 * {@code PUT /v2/contacts/{id}/with-consent-and-preferences} and {@code GET /v2/contacts/{id or email}/with-consent}.
 * Bodies are ApiContactWithConsent {@code {contact, consentFields:[{id, fields:[{key,value}]}]}} (plus
 * {@code preferences}, the tree PUT /preferences takes); consent records are added, never replaced.
 */
final class V2ConsentRoutes {
    private final DotdigitalState state;
    private final V2ContactWrites writes;

    V2ConsentRoutes(DotdigitalState state, V2ContactWrites writes) {
        this.state = state;
        this.writes = writes;
    }

    /** @return false when no consent route matches */
    boolean handle(HttpCall c) throws IOException {
        if (c.is("POST", "v2", "contacts", "with-consent")
                || c.is("POST", "v2", "contacts", "with-consent-and-preferences")) {
            write(c, null, c.seg(2).endsWith("preferences"), 201);
            return true;
        }
        if (c.is("PUT", "v2", "contacts", "*", "with-consent")
                || c.is("PUT", "v2", "contacts", "*", "with-consent-and-preferences")) {
            StoredContact sc;
            synchronized (state) {
                sc = state.stored(V2Api.id(c.seg(2), "contact id"));
            }
            if (sc == null) {
                throw notFound("ERROR_CONTACT_NOT_FOUND");
            }
            write(c, sc, c.seg(3).endsWith("preferences"), 200);
            return true;
        }
        if (c.is("GET", "v2", "contacts", "*", "with-consent")) {
            Contact found = state.contact(c.seg(2)).orElseThrow(() -> notFound("ERROR_CONTACT_NOT_FOUND"));
            answer(c, 200, found);
            return true;
        }
        return false;
    }

    private void write(HttpCall c, StoredContact existing, boolean withPreferences, int status) throws IOException {
        JsonNode body = c.json(JsonNodeFactory.instance.objectNode());
        JsonNode contactNode = body.path("contact");
        if (!contactNode.isObject()) {
            throw invalid("The contact is required.");
        }
        if (existing != null) {
            ObjectNode copy = ((ObjectNode) contactNode).deepCopy();
            copy.put("email", existing.email);
            contactNode = copy;
        }
        Instant now = state.now();
        List<ContactConsents.Consent> consents = new ArrayList<>();
        try {
            for (JsonNode apiConsent : body.path("consentFields")) {
                consents.add(ContactConsents.fromV2(apiConsent, now));
            }
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage() + ".");
        }
        List<JsonNode> optIns = withPreferences ? flatten(body.path("preferences")) : List.of();
        Contact saved;
        synchronized (state) {
            for (JsonNode n : optIns) {
                state.preference(n.path("id").asInt()).orElseThrow(() -> notFound("ERROR_PREFERENCE_NOT_FOUND"));
            }
            saved = writes.upsert(contactNode);
            consents.forEach(consent -> state.consents().add(saved.id(), consent));
            for (JsonNode n : optIns) {
                Preference p = state.preference(n.path("id").asInt()).orElseThrow();
                if (p.isPreference() && n.has("isOptedIn")) {
                    state.setOptIn(saved.email(), p.id(), n.path("isOptedIn").asBoolean(), now);
                }
            }
        }
        answer(c, status, saved);
    }

    private static List<JsonNode> flatten(JsonNode tree) {
        List<JsonNode> flat = new ArrayList<>();
        for (JsonNode n : tree) {
            flat.add(n);
            n.path("preferences").forEach(flat::add);
        }
        return flat;
    }

    private void answer(HttpCall c, int status, Contact contact) throws IOException {
        List<ContactConsents.Consent> consents;
        synchronized (state) {
            consents = state.consents().of(contact.id());
        }
        var fields = state.dataFields();
        c.sendJson(status, g -> {
            g.writeStartObject();
            g.writeFieldName("contact");
            V2Json.contact(g, contact, fields);
            g.writeArrayFieldStart("consentFields");
            for (ContactConsents.Consent consent : consents) {
                ContactConsents.writeV2(g, consent);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }
}
