package io.dynamicsdotdigital.emulator.dotdigital;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalState.StoredContact;
import io.dynamicsdotdigital.emulator.dotdigital.HttpCall.ApiError;
import io.dynamicsdotdigital.emulator.dotdigital.Model.AddressBook;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Contact;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The v3 contacts routes. */
final class V3Api {
    private final DotdigitalEmulator emu;
    private final DotdigitalState state;

    V3Api(DotdigitalEmulator emu) {
        this.emu = emu;
        this.state = emu.state();
    }

    static ApiError error(int status, String code, String description) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("errorCode", code);
        n.put("description", description);
        n.putArray("details");
        return new ApiError(status, n.toString());
    }

    static ApiError error(int status, String code, String description, String item, String detail) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("errorCode", code);
        n.put("description", description);
        n.putArray("details").addObject().put("item", item).put("description", detail);
        return new ApiError(status, n.toString());
    }

    boolean handle(HttpCall c) throws IOException {
        if (c.is("GET", "contacts", "v3")) {
            list(c);
            return true;
        }
        if (c.is("PUT", "contacts", "v3", "import")) {
            importContacts(c);
            return true;
        }
        if (c.is("GET", "contacts", "v3", "import", "*")) {
            importStatus(c);
            return true;
        }
        if (c.size() == 4 && (c.method.equals("PATCH") || c.method.equals("GET") || c.method.equals("DELETE"))) {
            String identifier = c.seg(2);
            String value = c.seg(3);
            if (c.method.equals("PATCH")) {
                patch(c, identifier, value);
            } else {
                Contact found = find(identifier, value);
                if (c.method.equals("GET")) {
                    c.sendJson(200, g -> contact(g, found));
                } else {
                    state.deleteContact(found.email());
                    c.sendStatus(204);
                }
            }
            return true;
        }
        return false;
    }

    private Contact find(String identifier, String value) {
        Contact found;
        if ("contactId".equals(identifier)) {
            try {
                found = state.contactById(Integer.parseInt(value)).orElse(null);
            } catch (NumberFormatException e) {
                throw error(400, "contacts:invalidId", "The id value '" + value
                        + "' is invalid for the identifier 'contactId'");
            }
        } else if ("email".equals(identifier)) {
            found = state.contactByEmail(value).orElse(null);
        } else {
            throw error(400, "contacts:invalidIdentifier", "The identifier '" + identifier
                    + "' is not supported by the emulator (email, contactId)");
        }
        if (found == null) {
            throw error(404, "contacts:contactNotFound", "The contact could not be found");
        }
        return found;
    }

    /**
     * A suppressed contact keeps its status on PATCH (the status change is ignored, other fields are written), as
     * Dotdigital never resubscribes a suppressed contact through an update.
     */
    private void patch(HttpCall c, String identifier, String value) throws IOException {
        JsonNode body = c.json(JsonNodeFactory.instance.objectNode());
        ObjectNode identifiers = body.path("identifiers").isObject() ? ((ObjectNode) body.get("identifiers")).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        if ("contactId".equals(identifier)) {
            identifiers.put("contactId", value);
        } else if ("email".equals(identifier)) {
            identifiers.put("email", value);
        } else {
            throw error(400, "contacts:invalidIdentifier", "The identifier '" + identifier
                    + "' is not supported by the emulator (email, contactId)");
        }
        ContactImports.Outcome o;
        synchronized (state) {
            o = emu.imports().writeV3(identifier, identifiers, body,
                    ContactImports.normalizeMerge(c.query.get("merge-option")), false);
        }
        if (o.failed()) {
            switch (o.failureCode()) {
                case "InvalidEmail":
                    throw error(400, "contacts:invalidEmail", "Invalid value for 'email'", "email", value);
                case "NoValidIdentifiers":
                    throw error(404, "contacts:contactNotFound", o.description());
                default:
                    throw error(400, "contacts:validationError", o.description(), "dataFields", o.description());
            }
        }
        Contact saved = state.contactById(o.contact().id).orElseThrow();
        c.sendJson(o.created() ? 201 : 200, g -> contact(g, saved));
    }

    private void importContacts(HttpCall c) throws IOException {
        JsonNode body = c.json(null);
        if (body == null || !body.path("contacts").isArray() || body.path("contacts").isEmpty()) {
            throw error(400, "contacts:validationError", "The request body is invalid", "contacts",
                    "At least one contact is required");
        }
        ContactImport job;
        try {
            job = emu.imports().submitV3(body.get("contacts"), body.path("mergeOption").asText("overwrite"));
        } catch (ContactImports.TooManyActiveImports e) {
            throw error(429, "contacts:tooManyActiveImports",
                    "The account already has " + ContactImports.MAX_ACTIVE_IMPORTS + " active imports");
        }
        c.sendJson(202, g -> {
            g.writeStartObject();
            g.writeStringField("importId", job.id());
            g.writeEndObject();
        });
    }

    private void importStatus(HttpCall c) throws IOException {
        String id = c.seg(3);
        ContactImport job = state.importJob(id).filter(j -> j.kind() == ContactImport.Kind.V3_JSON)
                .orElseThrow(() -> error(404, "contacts:importNotFound",
                        "The import request '" + id + "' could not be found!"));
        c.sendJson(200, g -> {
            g.writeStartObject();
            g.writeStringField("importId", job.id());
            g.writeStringField("status", job.status());
            if (!"NotFinished".equals(job.status())) {
                Map<String, Integer> r = job.report();
                g.writeObjectFieldStart("summary");
                for (String k : List.of("newContacts", "updatedContacts", "globallySuppressed", "invalidEntries",
                        "duplicateIdentifiers")) {
                    g.writeNumberField(k, r.getOrDefault(k, 0));
                }
                g.writeEndObject();
                synchronized (job) {
                    refs(g, "created", job.created);
                    refs(g, "updated", job.updated);
                    g.writeArrayFieldStart("failures");
                    for (ContactImport.Failure f : job.failures) {
                        g.writeStartObject();
                        if (f.contactId() != null) {
                            g.writeNumberField("contactId", f.contactId());
                        }
                        g.writeStringField("matchIdentifier", f.matchIdentifier());
                        g.writeObjectFieldStart("identifiers");
                        for (Map.Entry<String, Object> e : f.identifiers().entrySet()) {
                            g.writeFieldName(e.getKey());
                            V2Json.value(g, e.getValue());
                        }
                        g.writeEndObject();
                        g.writeArrayFieldStart("failures");
                        g.writeStartObject();
                        g.writeStringField("failureCode", f.failureCode());
                        g.writeStringField("description", f.description());
                        g.writeEndObject();
                        g.writeEndArray();
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
            }
            g.writeEndObject();
        });
    }

    private static void refs(JsonGenerator g, String name, List<ContactImport.ContactRef> refs) throws IOException {
        g.writeArrayFieldStart(name);
        for (ContactImport.ContactRef r : refs) {
            g.writeStartObject();
            g.writeNumberField("contactId", r.contactId());
            g.writeObjectFieldStart("identifiers");
            g.writeStringField("email", r.email());
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** v3 contact status: the v2 status with a lower-case first letter. */
    static String v3Status(String v2) {
        return Character.toLowerCase(v2.charAt(0)) + v2.substring(1);
    }

    private List<ContactConsents.Consent> consentsOf(int contactId) {
        synchronized (state) {
            return state.consents().of(contactId);
        }
    }

    void contact(JsonGenerator g, Contact c) throws IOException {
        g.writeStartObject();
        g.writeNumberField("contactId", c.id());
        g.writeStringField("status", v3Status(c.status()));
        V2Json.date(g, "created", c.created());
        V2Json.date(g, "updated", c.modified());
        g.writeObjectFieldStart("identifiers");
        g.writeStringField("email", c.email());
        g.writeEndObject();
        g.writeObjectFieldStart("dataFields");
        for (Map.Entry<String, Object> e : c.dataFields().entrySet()) {
            g.writeFieldName(e.getKey());
            V2Json.value(g, e.getValue());
        }
        g.writeEndObject();
        g.writeObjectFieldStart("channelProperties");
        g.writeObjectFieldStart("email");
        g.writeStringField("status", v3Status(c.status()));
        g.writeStringField("emailType", c.emailType());
        g.writeStringField("optInType", c.optInType());
        g.writeEndObject();
        g.writeEndObject();
        g.writeArrayFieldStart("consentRecords");
        for (ContactConsents.Consent consent : consentsOf(c.id())) {
            ContactConsents.writeV3(g, consent);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("lists");
        for (AddressBook b : state.addressBooksOf(c.id())) {
            g.writeStartObject();
            g.writeNumberField("id", b.id());
            g.writeStringField("name", b.name());
            g.writeStringField("status", "subscribed");
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** {@code GET /contacts/v3?~modified=gte::...Z&limit&marker}: ascending by (updated, contactId). */
    private void list(HttpCall c) throws IOException {
        int limit = 500;
        if (c.query.containsKey("limit")) {
            try {
                limit = Integer.parseInt(c.query.get("limit"));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 5000) {
                throw error(400, "contacts:validationError", "The request is invalid", "limit",
                        "limit must be between 1 and 5000");
            }
        }
        Instant modifiedFrom = filter(c, "~modified");
        Instant createdFrom = filter(c, "~created");
        long afterMillis = Long.MIN_VALUE;
        int afterId = Integer.MIN_VALUE;
        String marker = c.query.get("marker");
        if (marker != null && !marker.isEmpty()) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8).split(":");
                afterMillis = Long.parseLong(parts[0]);
                afterId = Integer.parseInt(parts[1]);
            } catch (RuntimeException e) {
                throw error(400, "contacts:invalidMarker", "The marker '" + marker + "' is not valid");
            }
        }
        long am = afterMillis;
        int ai = afterId;
        List<Contact> page = state.contactsWhere(x -> (modifiedFrom == null || !x.modified.isBefore(modifiedFrom))
                        && (createdFrom == null || !x.created.isBefore(createdFrom))
                        && (x.modified.toEpochMilli() > am || (x.modified.toEpochMilli() == am && x.id > ai)),
                Comparator.comparing((StoredContact x) -> x.modified).thenComparingInt(x -> x.id), 0, limit + 1);
        boolean more = page.size() > limit;
        List<Contact> items = more ? page.subList(0, limit) : page;
        String self = emu.baseUrlFor(c) + c.exchange.getRequestURI().toString();
        String next = null;
        String nextLink = null;
        if (more) {
            Contact last = items.get(items.size() - 1);
            next = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (last.modified().toEpochMilli() + ":" + last.id()).getBytes(StandardCharsets.UTF_8));
            StringBuilder link = new StringBuilder(emu.baseUrlFor(c)).append("/contacts/v3?");
            for (Map.Entry<String, String> e : c.query.entrySet()) {
                if (!e.getKey().equals("marker")) {
                    link.append(enc(e.getKey())).append('=').append(enc(e.getValue())).append('&');
                }
            }
            nextLink = link.append("marker=").append(next).toString();
        }
        String nextMarker = next;
        String nextUrl = nextLink;
        c.sendJson(200, g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("_links");
            g.writeObjectFieldStart("self");
            g.writeStringField("link", self);
            g.writeEndObject();
            g.writeObjectFieldStart("first");
            g.writeStringField("link", self.replaceAll("[&?]marker=[^&]*", ""));
            g.writeEndObject();
            if (nextMarker != null) {
                g.writeObjectFieldStart("next");
                g.writeStringField("marker", nextMarker);
                g.writeStringField("link", nextUrl);
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeArrayFieldStart("_items");
            for (Contact x : items) {
                contact(g, x);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** {@code gte::2021-12-17T00:00:00Z}; the v3 filters need the Z form. */
    private static Instant filter(HttpCall c, String name) {
        String v = c.query.get(name);
        if (v == null) {
            return null;
        }
        if (!v.startsWith("gte::") || !v.endsWith("Z")) {
            throw error(400, "contacts:invalidFilter", "The filter '" + name + "=" + v
                    + "' is not supported (use gte::yyyy-MM-ddTHH:mm:ssZ)");
        }
        return Dates.parse(v.substring(5)).orElseThrow(() -> error(400, "contacts:invalidFilter",
                "The date in '" + name + "=" + v + "' is not valid"));
    }
}
