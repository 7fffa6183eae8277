package io.dynamicsdotdigital.emulator.dotdigital;

import static io.dynamicsdotdigital.emulator.dotdigital.V2Api.date;
import static io.dynamicsdotdigital.emulator.dotdigital.V2Api.error;
import static io.dynamicsdotdigital.emulator.dotdigital.V2Api.id;
import static io.dynamicsdotdigital.emulator.dotdigital.V2Api.invalid;
import static io.dynamicsdotdigital.emulator.dotdigital.V2Api.list;
import static io.dynamicsdotdigital.emulator.dotdigital.V2Api.notFound;
import static io.dynamicsdotdigital.emulator.dotdigital.V2Api.select;
import static io.dynamicsdotdigital.emulator.dotdigital.V2Api.skip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalState.StoredContact;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Contact;
import io.dynamicsdotdigital.emulator.dotdigital.Model.OptIn;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Preference;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Suppression;
import io.dynamicsdotdigital.emulator.dotdigital.V2ContactWrites.Resubscription;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The v2 {@code /contacts} routes: one named method per route, matched in the order Dotdigital's paths need. */
final class V2Contacts {
    private final DotdigitalState state;
    private final V2ContactWrites writes;
    private final V2ConsentRoutes consentRoutes;

    V2Contacts(DotdigitalEmulator emu, V2ContactWrites writes) {
        this.state = emu.state();
        this.writes = writes;
        this.consentRoutes = new V2ConsentRoutes(state, writes);
    }

    /** @return false when no contacts route matches */
    boolean handle(HttpCall c) throws IOException {
        if (c.is("GET", "v2", "contacts")) {
            return listAll(c);
        }
        if (consentRoutes.handle(c)) {
            return true;
        }
        if (c.is("POST", "v2", "contacts")) {
            return createOrUpdate(c);
        }
        if (c.is("POST", "v2", "contacts", "unsubscribe")) {
            return unsubscribe(c);
        }
        if (c.is("POST", "v2", "contacts", "resubscribe")) {
            return resubscribe(c);
        }
        if (c.is("PUT", "v2", "contacts", "suppress-contacts")) {
            return suppress(c);
        }
        if (c.is("GET", "v2", "contacts", "modified-since", "*") || c.is("GET", "v2", "contacts", "created-since", "*")) {
            return changedSince(c);
        }
        if (c.is("GET", "v2", "contacts", "unsubscribed-since", "*")
                || c.is("GET", "v2", "contacts", "suppressed-since", "*")) {
            return suppressedSince(c);
        }
        if (c.size() >= 4 && c.method.equals("GET") && c.seg(2).equalsIgnoreCase("import")) {
            return importStatus(c);
        }
        if (c.is("GET", "v2", "contacts", "deletion", "*")) {
            return deletionStatus(c);
        }
        if (c.is("GET", "v2", "contacts", "with-preference", "*", "opt-ins-since", "*")) {
            return preferenceOptInsSince(c);
        }
        if (c.is("GET", "v2", "*", "*", "preferences") || c.is("PUT", "v2", "*", "*", "preferences")) {
            return contactPreferences(c);
        }
        if (c.is("GET", "v2", "*", "*", "address-books")) {
            return addressBooksOfContact(c);
        }
        if (c.is("DELETE", "v2", "*", "*")) {
            return delete(c);
        }
        if (c.is("GET", "v2", "*", "*")) {
            return getOne(c);
        }
        return false;
    }

    private boolean listAll(HttpCall c) throws IOException {
        int select = select(c, 1000);
        int skip = skip(c);
        List<Contact> rows = state.contactsWhere(x -> true, Comparator.comparingInt(x -> x.id), skip, select);
        var fields = state.dataFields();
        list(c, rows, (g, x) -> V2Json.contact(g, x, fields));
        return true;
    }

    /** The plain ApiContact body (the consent forms are in {@link V2ConsentRoutes}). */
    private boolean createOrUpdate(HttpCall c) throws IOException {
        JsonNode body = c.json(JsonNodeFactory.instance.objectNode());
        JsonNode contactNode = body.has("contact") ? body.get("contact") : body;
        Contact saved = writes.upsert(contactNode);
        var fields = state.dataFields();
        c.sendJson(201, g -> V2Json.contact(g, saved, fields));
        return true;
    }

    private boolean unsubscribe(HttpCall c) throws IOException {
        JsonNode body = c.json(JsonNodeFactory.instance.objectNode());
        String email = body.path("email").asText(null);
        if (!DotdigitalState.isValidEmail(email)) {
            throw invalid("Email is not a valid email address.");
        }
        Suppression s = state.unsubscribe(email, state.now());
        var fields = state.dataFields();
        c.sendJson(200, g -> V2Json.suppression(g, s, fields));
        return true;
    }

    private boolean resubscribe(HttpCall c) throws IOException {
        JsonNode body = c.json(JsonNodeFactory.instance.objectNode());
        JsonNode contactNode = body.path("unsubscribedContact");
        String email = contactNode.path("email").asText(null);
        if (!DotdigitalState.isValidEmail(email)) {
            throw invalid("Email is not a valid email address.");
        }
        Resubscription r = writes.resubscribe(email, contactNode.path("dataFields"));
        var fields = state.dataFields();
        c.sendJson(200, g -> {
            g.writeStartObject();
            g.writeFieldName("contact");
            V2Json.contact(g, r.contact(), fields);
            g.writeStringField("status", r.status());
            g.writeEndObject();
        });
        return true;
    }

    /** Each item names a contact by id or email; unknown ones come back under "notFound". */
    private boolean suppress(HttpCall c) throws IOException {
        JsonNode body = c.json(JsonNodeFactory.instance.arrayNode());
        List<Suppression> done = new ArrayList<>();
        List<JsonNode> notFound = new ArrayList<>();
        synchronized (state) {
            for (JsonNode item : body) {
                StoredContact sc = item.hasNonNull("id") ? state.stored(item.path("id").asInt())
                        : state.stored(item.path("email").asText(null));
                if (sc == null) {
                    notFound.add(item);
                } else {
                    done.add(state.suppress(sc.email, state.now(), "Suppressed"));
                }
            }
        }
        var fields = state.dataFields();
        c.sendJson(200, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("suppressed");
            for (Suppression s : done) {
                V2Json.suppression(g, s, fields);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("notFound");
            for (JsonNode n : notFound) {
                g.writeTree(n);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
        return true;
    }

    /** modified-since or created-since, in that timestamp's order then by id; data fields only withFullData. */
    private boolean changedSince(HttpCall c) throws IOException {
        Instant since = date(c.seg(3));
        boolean created = c.seg(2).equalsIgnoreCase("created-since");
        boolean full = Boolean.parseBoolean(c.query.getOrDefault("withFullData", "false"));
        int select = select(c, 1000);
        int skip = skip(c);
        List<Contact> rows = state.contactsWhere(
                x -> !(created ? x.created : x.modified).isBefore(since),
                Comparator.comparing((StoredContact x) -> created ? x.created : x.modified)
                        .thenComparingInt(x -> x.id), skip, select);
        var fields = full ? state.dataFields() : null;
        list(c, rows, (g, x) -> V2Json.contact(g, x, fields));
        return true;
    }

    private boolean suppressedSince(HttpCall c) throws IOException {
        Instant since = date(c.seg(3));
        boolean onlyUnsubscribes = c.seg(2).equalsIgnoreCase("unsubscribed-since");
        List<Suppression> rows = state.suppressionsSince(since,
                s -> !onlyUnsubscribes || "Unsubscribed".equals(s.reason()), skip(c), select(c, 1000));
        list(c, rows, (g, s) -> V2Json.suppression(g, s, null));
        return true;
    }

    /** {@code import/{id}}, {@code import/{id}/report} and {@code import/{id}/report-faults}. */
    private boolean importStatus(HttpCall c) throws IOException {
        ContactImport job = state.importJob(c.seg(3)).orElseThrow(() -> notFound("ERROR_IMPORT_NOT_FOUND"));
        if (c.size() == 4) {
            c.sendJson(200, g -> {
                g.writeStartObject();
                g.writeStringField("id", job.id());
                g.writeStringField("status", job.status());
                g.writeEndObject();
            });
            return true;
        }
        if (!"Finished".equals(job.status())) {
            throw error(400, "The import is not finished. ERROR_IMPORT_REPORT_NOT_YET_READY");
        }
        if (c.size() == 5 && c.seg(4).equalsIgnoreCase("report")) {
            Map<String, Integer> r = job.report();
            c.sendJson(200, g -> {
                g.writeStartObject();
                for (String k : List.of("newContacts", "updatedContacts", "globallySuppressed", "invalidEntries",
                        "duplicateEmails", "blocked", "unsubscribed", "hardBounced", "softBounced", "ispComplaints",
                        "mailBlocked", "domainSuppressed", "pendingDoubleOptin", "failures", "suppressedContacts")) {
                    g.writeNumberField(k, r.getOrDefault(k, 0));
                }
                g.writeEndObject();
            });
            return true;
        }
        if (c.size() == 5 && c.seg(4).equalsIgnoreCase("report-faults")) {
            c.sendText(200, "text/csv; charset=utf-8", job.faultsCsv());
            return true;
        }
        return false;
    }

    /** Deletions finish at once in the emulator. */
    private boolean deletionStatus(HttpCall c) throws IOException {
        String id = c.seg(3);
        c.sendJson(200, g -> {
            g.writeStartObject();
            g.writeStringField("id", id);
            g.writeStringField("status", "Completed");
            g.writeEndObject();
        });
        return true;
    }

    private boolean preferenceOptInsSince(HttpCall c) throws IOException {
        int prefId = id(c.seg(3), "preference id");
        if (state.preference(prefId).isEmpty()) {
            throw notFound("ERROR_PREFERENCE_NOT_FOUND");
        }
        Instant since = date(c.seg(5));
        int minContactId = c.query.containsKey("minContactId") ? id(c.query.get("minContactId"), "minContactId")
                : 0;
        List<Map.Entry<Contact, OptIn>> rows = state.optInsSince(prefId, since, minContactId, skip(c),
                select(c, 1000));
        var fields = state.dataFields();
        list(c, rows, (g, e) -> {
            g.writeStartObject();
            g.writeFieldName("contact");
            V2Json.contact(g, e.getKey(), fields);
            g.writeArrayFieldStart("marketingPreferenceOptIns");
            g.writeStartObject();
            g.writeNumberField("marketingPreferenceId", e.getValue().preferenceId());
            g.writeNumberField("addressBookId", 0);
            g.writeBooleanField("isOptedIn", e.getValue().isOptedIn());
            V2Json.date(g, "dateModifed", e.getValue().dateModified());
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        });
        return true;
    }

    /** GET answers the contact's preferences; PUT first applies the opt-ins of the body (nested ones too). */
    private boolean contactPreferences(HttpCall c) throws IOException {
        StoredContact sc;
        synchronized (state) {
            sc = state.storedByEmailOrId(c.seg(2));
        }
        if (sc == null) {
            throw notFound("ERROR_CONTACT_NOT_FOUND");
        }
        String email = sc.email;
        if (c.method.equals("PUT")) {
            applyOptIns(email, c.json(JsonNodeFactory.instance.arrayNode()));
        }
        Map<Integer, Boolean> optedIn = state.optInsOf(email);
        List<Preference> all = state.preferences();
        list(c, all.stream().filter(p -> p.categoryId() == 0).toList(),
                (g, p) -> V2Json.preference(g, p, all, optedIn));
        return true;
    }

    private void applyOptIns(String email, JsonNode body) {
        Instant now = state.now();
        List<JsonNode> flat = new ArrayList<>();
        for (JsonNode n : body) {
            flat.add(n);
            n.path("preferences").forEach(flat::add);
        }
        for (JsonNode n : flat) {
            int prefId = n.path("id").asInt();
            Preference p = state.preference(prefId).orElseThrow(() -> notFound("ERROR_PREFERENCE_NOT_FOUND"));
            if (p.isPreference() && n.has("isOptedIn")) {
                state.setOptIn(email, prefId, n.path("isOptedIn").asBoolean(), now);
            }
        }
    }

    private boolean addressBooksOfContact(HttpCall c) throws IOException {
        Contact found = state.contact(c.seg(2)).orElseThrow(() -> notFound("ERROR_CONTACT_NOT_FOUND"));
        int skip = skip(c);
        int select = select(c, 1000);
        list(c, state.addressBooksOf(found.id()).stream().skip(skip).limit(select).toList(), V2Json::addressBook);
        return true;
    }

    private boolean delete(HttpCall c) throws IOException {
        Contact found = state.contact(c.seg(2)).orElseThrow(() -> notFound("ERROR_CONTACT_NOT_FOUND"));
        state.deleteContact(found.email());
        c.sendStatus(204);
        return true;
    }

    private boolean getOne(HttpCall c) throws IOException {
        Contact found = state.contact(c.seg(2)).orElseThrow(() -> notFound("ERROR_CONTACT_NOT_FOUND"));
        var fields = state.dataFields();
        c.sendJson(200, g -> V2Json.contact(g, found, fields));
        return true;
    }
}
