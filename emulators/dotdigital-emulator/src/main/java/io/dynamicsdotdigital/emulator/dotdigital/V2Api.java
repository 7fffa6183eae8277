package io.dynamicsdotdigital.emulator.dotdigital;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalState.StoredContact;
import io.dynamicsdotdigital.emulator.dotdigital.HttpCall.ApiError;
import io.dynamicsdotdigital.emulator.dotdigital.Model.AddressBook;
import io.dynamicsdotdigital.emulator.dotdigital.Model.CampaignSend;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Contact;
import io.dynamicsdotdigital.emulator.dotdigital.Model.DataField;
import io.dynamicsdotdigital.emulator.dotdigital.Model.OptIn;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Preference;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Suppression;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The v2 REST routes. */
final class V2Api {
    private final DotdigitalEmulator emu;
    private final DotdigitalState state;

    V2Api(DotdigitalEmulator emu) {
        this.emu = emu;
        this.state = emu.state();
    }

    static ApiError error(int status, String message) {
        return new ApiError(status, "{\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
    }

    static ApiError invalid(String what) {
        return error(400, what + " ERROR_PARAMETER_INVALID");
    }

    static ApiError notFound(String code) {
        return error(404, "Error: " + code);
    }

    private static int select(HttpCall call, int max) {
        String s = call.query.get("select");
        if (s == null || s.isEmpty()) {
            return max;
        }
        try {
            int v = Integer.parseInt(s);
            if (v < 1 || v > max) {
                throw invalid("select must be between 1 and " + max + ".");
            }
            return v;
        } catch (NumberFormatException e) {
            throw invalid("select is not a number.");
        }
    }

    private static int skip(HttpCall call) {
        String s = call.query.get("skip");
        if (s == null || s.isEmpty()) {
            return 0;
        }
        try {
            int v = Integer.parseInt(s);
            if (v < 0) {
                throw invalid("skip must not be negative.");
            }
            return v;
        } catch (NumberFormatException e) {
            throw invalid("skip is not a number.");
        }
    }

    private static Instant date(String text) {
        return Dates.parse(text).orElseThrow(() -> invalid("The date '" + text + "' is not valid."));
    }

    private static int id(String text, String what) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw invalid("The " + what + " '" + text + "' is not valid.");
        }
    }

    private <T> void list(HttpCall call, List<T> rows, RowWriter<T> writer) throws IOException {
        call.sendJson(200, g -> {
            g.writeStartArray();
            for (T row : rows) {
                writer.write(g, row);
            }
            g.writeEndArray();
        });
    }

    @FunctionalInterface
    private interface RowWriter<T> {
        void write(JsonGenerator g, T row) throws IOException;
    }

    /** @return false when no v2 route matches */
    boolean handle(HttpCall c) throws IOException {
        String s1 = c.seg(1);
        if (s1 == null) {
            return false;
        }
        switch (s1.toLowerCase()) {
            case "account-info":
                return accountInfo(c);
            case "contacts":
            case "contact":
                return contacts(c);
            case "address-books":
                return addressBooks(c);
            case "data-fields":
                return dataFields(c);
            case "campaigns":
                return campaigns(c);
            case "surveys":
                return surveys(c);
            case "preferences":
                return preferences(c);
            default:
                return false;
        }
    }

    private boolean accountInfo(HttpCall c) throws IOException {
        if (!c.is("GET", "v2", "account-info")) {
            return false;
        }
        RateLimiter.Window w = emu.rateLimiter().peek();
        long inLastHour = emu.requests().total();
        c.sendJson(200, g -> {
            g.writeStartObject();
            g.writeNumberField("id", emu.accountId());
            g.writeArrayFieldStart("properties");
            prop(g, "Name", "String", "Emulated Account");
            prop(g, "MainEmail", "String", "owner@emulator.example");
            prop(g, "ApiEndpoint", "String", emu.accountRegionUrl());
            prop(g, "ApiCallsInLastHour", "Int", Long.toString(inLastHour));
            prop(g, "ApiCallsRemaining", "Int", Long.toString(w.limit() == 0 ? 2000 : w.remaining()));
            prop(g, "TimeZoneIana", "String", "Etc/UTC");
            prop(g, "TimeZone", "String", "GMT Standard Time");
            prop(g, "Region", "String", Integer.toString(emu.region()));
            g.writeEndArray();
            g.writeEndObject();
        });
        return true;
    }

    private static void prop(JsonGenerator g, String name, String type, String value) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeStringField("type", type);
        g.writeStringField("value", value);
        g.writeEndObject();
    }

    // ---------------------------------------------------------------- contacts

    private boolean contacts(HttpCall c) throws IOException {
        List<DataField> fields = state.dataFields();
        if (c.is("GET", "v2", "contacts")) {
            int select = select(c, 1000);
            int skip = skip(c);
            List<Contact> rows = state.contactsWhere(x -> true, Comparator.comparingInt(x -> x.id), skip, select);
            list(c, rows, (g, x) -> V2Json.contact(g, x, fields));
            return true;
        }
        if (c.is("POST", "v2", "contacts") || c.is("POST", "v2", "contacts", "with-consent")
                || c.is("POST", "v2", "contacts", "with-consent-and-preferences")) {
            JsonNode body = c.json(JsonNodeFactory.instance.objectNode());
            JsonNode contactNode = body.has("contact") ? body.get("contact") : body;
            Contact saved = upsert(contactNode);
            c.sendJson(201, g -> V2Json.contact(g, saved, fields));
            return true;
        }
        if (c.is("POST", "v2", "contacts", "unsubscribe")) {
            JsonNode body = c.json(JsonNodeFactory.instance.objectNode());
            String email = body.path("email").asText(null);
            if (!DotdigitalState.isValidEmail(email)) {
                throw invalid("Email is not a valid email address.");
            }
            Suppression s = state.unsubscribe(email, state.now());
            c.sendJson(200, g -> V2Json.suppression(g, s, fields));
            return true;
        }
        if (c.is("POST", "v2", "contacts", "resubscribe")) {
            JsonNode body = c.json(JsonNodeFactory.instance.objectNode());
            JsonNode contactNode = body.path("unsubscribedContact");
            String email = contactNode.path("email").asText(null);
            if (!DotdigitalState.isValidEmail(email)) {
                throw invalid("Email is not a valid email address.");
            }
            Resubscription r = resubscribe(email, contactNode.path("dataFields"));
            c.sendJson(200, g -> {
                g.writeStartObject();
                g.writeFieldName("contact");
                V2Json.contact(g, r.contact(), fields);
                g.writeStringField("status", r.status());
                g.writeEndObject();
            });
            return true;
        }
        if (c.is("PUT", "v2", "contacts", "suppress-contacts")) {
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
        if (c.is("GET", "v2", "contacts", "modified-since", "*") || c.is("GET", "v2", "contacts", "created-since", "*")) {
            Instant since = date(c.seg(3));
            boolean created = c.seg(2).equalsIgnoreCase("created-since");
            boolean full = Boolean.parseBoolean(c.query.getOrDefault("withFullData", "false"));
            int select = select(c, 1000);
            int skip = skip(c);
            List<Contact> rows = state.contactsWhere(
                    x -> !(created ? x.created : x.modified).isBefore(since),
                    Comparator.comparing((StoredContact x) -> created ? x.created : x.modified)
                            .thenComparingInt(x -> x.id), skip, select);
            list(c, rows, (g, x) -> V2Json.contact(g, x, full ? fields : null));
            return true;
        }
        if (c.is("GET", "v2", "contacts", "unsubscribed-since", "*")
                || c.is("GET", "v2", "contacts", "suppressed-since", "*")) {
            Instant since = date(c.seg(3));
            boolean onlyUnsubscribes = c.seg(2).equalsIgnoreCase("unsubscribed-since");
            List<Suppression> rows = state.suppressionsSince(since,
                    s -> !onlyUnsubscribes || "Unsubscribed".equals(s.reason()), skip(c), select(c, 1000));
            list(c, rows, (g, s) -> V2Json.suppression(g, s, null));
            return true;
        }
        if (c.size() >= 4 && c.method.equals("GET") && c.seg(2).equalsIgnoreCase("import")) {
            return importStatus(c);
        }
        if (c.is("GET", "v2", "contacts", "deletion", "*")) {
            String id = c.seg(3);
            c.sendJson(200, g -> {
                g.writeStartObject();
                g.writeStringField("id", id);
                g.writeStringField("status", "Completed");
                g.writeEndObject();
            });
            return true;
        }
        if (c.is("GET", "v2", "contacts", "with-preference", "*", "opt-ins-since", "*")) {
            int prefId = id(c.seg(3), "preference id");
            if (state.preference(prefId).isEmpty()) {
                throw notFound("ERROR_PREFERENCE_NOT_FOUND");
            }
            Instant since = date(c.seg(5));
            int minContactId = c.query.containsKey("minContactId") ? id(c.query.get("minContactId"), "minContactId")
                    : 0;
            List<Map.Entry<Contact, OptIn>> rows = state.optInsSince(prefId, since, minContactId, skip(c),
                    select(c, 1000));
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
        if (c.is("GET", "v2", "*", "*", "preferences") || c.is("PUT", "v2", "*", "*", "preferences")) {
            return contactPreferences(c);
        }
        if (c.is("GET", "v2", "*", "*", "address-books")) {
            Contact found = state.contact(c.seg(2)).orElseThrow(() -> notFound("ERROR_CONTACT_NOT_FOUND"));
            int skip = skip(c);
            int select = select(c, 1000);
            list(c, state.addressBooksOf(found.id()).stream().skip(skip).limit(select).toList(), V2Json::addressBook);
            return true;
        }
        if (c.is("DELETE", "v2", "*", "*")) {
            Contact found = state.contact(c.seg(2)).orElseThrow(() -> notFound("ERROR_CONTACT_NOT_FOUND"));
            state.deleteContact(found.email());
            c.sendStatus(204);
            return true;
        }
        if (c.is("GET", "v2", "*", "*")) {
            Contact found = state.contact(c.seg(2)).orElseThrow(() -> notFound("ERROR_CONTACT_NOT_FOUND"));
            c.sendJson(200, g -> V2Json.contact(g, found, fields));
            return true;
        }
        return false;
    }

    /** Create or update from an ApiContact body; never changes a suppressed contact's status. */
    Contact upsert(JsonNode node) {
        String email = node.path("email").asText(null);
        if (!DotdigitalState.isValidEmail(email)) {
            throw invalid("Email is not a valid email address.");
        }
        synchronized (state) {
            Map<String, Object> values = dataFieldValues(node.path("dataFields"));
            StoredContact sc = state.findOrCreate(email);
            values.forEach((k, v) -> {
                if (v == null || "".equals(v)) {
                    sc.dataFields.remove(k);
                } else {
                    sc.dataFields.put(k, v);
                }
            });
            if (node.hasNonNull("optInType")) {
                sc.optInType = node.path("optInType").asText();
            }
            if (node.hasNonNull("emailType")) {
                sc.emailType = node.path("emailType").asText();
            }
            sc.modified = state.now();
            return state.view(sc);
        }
    }

    /** Validates a v2 {@code [{key,value}]} list against the account's data fields. */
    Map<String, Object> dataFieldValues(JsonNode list) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (JsonNode kv : list) {
            String key = kv.path("key").asText("");
            DataField f = state.dataField(key)
                    .orElseThrow(() -> error(400, "Data field '" + key + "' does not exist. ERROR_DATAFIELD_NOT_FOUND"));
            try {
                values.put(f.name(), ContactImports.convert(f, kv.path("value")));
            } catch (IllegalArgumentException e) {
                throw invalid("The value of data field '" + f.name() + "' is not a valid " + f.type() + ".");
            }
        }
        return values;
    }

    record Resubscription(Contact contact, String status) {
    }

    /**
     * Suppressed for another reason than an unsubscribe: ContactCannotBeUnsuppressed. Unsubscribed: ContactChallenged
     * (a confirmation email; status unchanged) unless the emulator resubscribes without a challenge.
     */
    Resubscription resubscribe(String email, JsonNode dataFields) {
        synchronized (state) {
            Map<String, Object> values = dataFieldValues(dataFields);
            StoredContact sc = state.stored(email);
            if (sc == null) {
                sc = state.findOrCreate(email);
                sc.dataFields.putAll(values);
                return new Resubscription(state.view(sc), "ContactAdded");
            }
            if ("Subscribed".equals(sc.status) || "PendingOptIn".equals(sc.status)) {
                return new Resubscription(state.view(sc), "ContactAdded");
            }
            if (!"Unsubscribed".equals(sc.status)) {
                return new Resubscription(state.view(sc), "ContactCannotBeUnsuppressed");
            }
            if (!emu.resubscribeWithoutChallenge()) {
                return new Resubscription(state.view(sc), "ContactChallenged");
            }
            sc.dataFields.putAll(values);
            state.unsuppress(sc, "Subscribed");
            return new Resubscription(state.view(sc), "ContactAdded");
        }
    }

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
            JsonNode body = c.json(JsonNodeFactory.instance.arrayNode());
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
        Map<Integer, Boolean> optedIn = state.optInsOf(email);
        List<Preference> all = state.preferences();
        list(c, all.stream().filter(p -> p.categoryId() == 0).toList(),
                (g, p) -> V2Json.preference(g, p, all, optedIn));
        return true;
    }

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

    // ---------------------------------------------------------------- address books

    private boolean addressBooks(HttpCall c) throws IOException {
        List<DataField> fields = state.dataFields();
        if (c.is("GET", "v2", "address-books")) {
            List<AddressBook> all = state.addressBooks();
            int skip = skip(c);
            int select = select(c, 1000);
            list(c, all.stream().skip(skip).limit(select).toList(), V2Json::addressBook);
            return true;
        }
        if (c.is("POST", "v2", "address-books")) {
            JsonNode body = c.json(JsonNodeFactory.instance.objectNode());
            String name = body.path("name").asText("");
            if (name.isBlank() || name.length() > 128) {
                throw invalid("Name must be 1 to 128 characters.");
            }
            if (state.addressBookByName(name).isPresent()) {
                throw error(400, "Address book name already exists. ERROR_ADDRESSBOOK_DUPLICATE");
            }
            AddressBook b = state.createAddressBook(name, body.path("visibility").asText("Private"));
            c.sendJson(201, g -> V2Json.addressBook(g, b));
            return true;
        }
        if (c.size() < 3) {
            return false;
        }
        int bookId = id(c.seg(2), "address book id");
        AddressBook book = state.addressBook(bookId).orElseThrow(() -> notFound("ERROR_ADDRESSBOOK_NOT_FOUND"));
        if (c.is("GET", "v2", "address-books", "*")) {
            c.sendJson(200, g -> V2Json.addressBook(g, book));
            return true;
        }
        if (c.is("GET", "v2", "address-books", "*", "contacts")) {
            boolean full = Boolean.parseBoolean(c.query.getOrDefault("withFullData", "false"));
            List<Contact> rows;
            synchronized (state) {
                var members = state.storedBook(bookId).members;
                rows = state.contactsWhere(x -> members.contains(x.id), Comparator.comparingInt(x -> x.id),
                        skip(c), select(c, 1000));
            }
            list(c, rows, (g, x) -> V2Json.contact(g, x, full ? fields : null));
            return true;
        }
        if (c.is("POST", "v2", "address-books", "*", "contacts")) {
            JsonNode body = c.json(JsonNodeFactory.instance.objectNode());
            String email = body.path("email").asText(null);
            if (!DotdigitalState.isValidEmail(email)) {
                throw invalid("Email is not a valid email address.");
            }
            Contact saved;
            synchronized (state) {
                StoredContact existing = state.stored(email);
                if (existing != null && Model.isSuppressedStatus(existing.status)) {
                    throw error(400, "Contact is suppressed. ERROR_CONTACT_SUPPRESSED");
                }
                saved = upsert(body);
                state.addToAddressBook(bookId, email);
            }
            c.sendJson(200, g -> V2Json.contact(g, saved, fields));
            return true;
        }
        if (c.is("DELETE", "v2", "address-books", "*", "contacts", "*")) {
            int contactId = id(c.seg(4), "contact id");
            if (state.contactById(contactId).isEmpty()) {
                throw notFound("ERROR_CONTACT_NOT_FOUND");
            }
            state.removeFromAddressBook(bookId, contactId);
            c.sendStatus(204);
            return true;
        }
        if (c.is("DELETE", "v2", "address-books", "*", "contacts")) {
            synchronized (state) {
                new ArrayList<>(state.storedBook(bookId).members).forEach(id -> state.removeFromAddressBook(bookId, id));
            }
            c.sendStatus(204);
            return true;
        }
        if (c.is("POST", "v2", "address-books", "*", "contacts", "delete")) {
            JsonNode body = c.json(JsonNodeFactory.instance.arrayNode());
            for (JsonNode id : body) {
                state.removeFromAddressBook(bookId, id.asInt());
            }
            String deletionId = UUID.randomUUID().toString();
            c.sendJson(202, g -> {
                g.writeStartObject();
                g.writeStringField("id", deletionId);
                g.writeStringField("status", "Started");
                g.writeEndObject();
            });
            return true;
        }
        if (c.is("POST", "v2", "address-books", "*", "contacts", "unsubscribe")) {
            JsonNode body = c.json(JsonNodeFactory.instance.objectNode());
            String email = body.path("email").asText(null);
            if (!DotdigitalState.isValidEmail(email)) {
                throw invalid("Email is not a valid email address.");
            }
            Instant now = state.now();
            state.unsubscribeFromAddressBook(bookId, email, now);
            Contact contact = state.contactByEmail(email).orElseThrow();
            c.sendJson(200, g -> V2Json.suppression(g, new Suppression(contact, now, "Unsubscribed"), fields));
            return true;
        }
        if (c.is("GET", "v2", "address-books", "*", "contacts", "unsubscribed-since", "*")) {
            List<Suppression> rows = state.bookUnsubscribesSince(bookId, date(c.seg(5)), skip(c), select(c, 1000));
            list(c, rows, (g, s) -> V2Json.suppression(g, s, null));
            return true;
        }
        if (c.is("GET", "v2", "address-books", "*", "contacts", "modified-since", "*")) {
            Instant since = date(c.seg(5));
            boolean full = Boolean.parseBoolean(c.query.getOrDefault("withFullData", "false"));
            List<Contact> rows;
            synchronized (state) {
                var members = state.storedBook(bookId).members;
                rows = state.contactsWhere(x -> members.contains(x.id) && !x.modified.isBefore(since),
                        Comparator.comparing((StoredContact x) -> x.modified).thenComparingInt(x -> x.id),
                        skip(c), select(c, 1000));
            }
            list(c, rows, (g, x) -> V2Json.contact(g, x, full ? fields : null));
            return true;
        }
        if (c.method.equals("POST") && c.size() >= 5 && c.seg(3).equalsIgnoreCase("contacts")
                && c.seg(4).equalsIgnoreCase("import")) {
            String merge = c.size() == 7 && c.seg(5).equalsIgnoreCase("with-merge-option") ? c.seg(6) : null;
            if (c.size() != 5 && merge == null) {
                return false;
            }
            importCsv(c, bookId, merge);
            return true;
        }
        return false;
    }

    private void importCsv(HttpCall c, int bookId, String merge) throws IOException {
        String contentType = c.header("Content-Type");
        String csvText;
        if (contentType != null && contentType.toLowerCase().startsWith("multipart/form-data")) {
            csvText = Multipart.firstFile(c.body(), contentType)
                    .orElseThrow(() -> invalid("No file in the multipart body."));
        } else {
            JsonNode body = c.json(JsonNodeFactory.instance.objectNode());
            String data = body.path("data").asText(null);
            if (data == null) {
                throw invalid("The import needs a file (multipart) or {fileName, data}.");
            }
            try {
                csvText = new String(Base64.getMimeDecoder().decode(data), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw invalid("data is not base64.");
            }
        }
        Csv.Table table = Csv.parse(csvText);
        ContactImport job;
        try {
            job = emu.imports().submitCsv(bookId, table.header(), table.rows(), table.hasColumn("Email"), merge);
        } catch (ContactImports.TooManyActiveImports e) {
            throw error(400, "Too many active imports. ERROR_IMPORT_TOOMANYACTIVEIMPORTS");
        }
        c.sendJson(202, g -> {
            g.writeStartObject();
            g.writeStringField("id", job.id());
            g.writeStringField("status", job.status());
            g.writeEndObject();
        });
    }

    // ---------------------------------------------------------------- data fields

    private boolean dataFields(HttpCall c) throws IOException {
        if (c.is("GET", "v2", "data-fields")) {
            list(c, state.dataFields(), V2Json::dataField);
            return true;
        }
        if (c.is("POST", "v2", "data-fields")) {
            JsonNode body = c.json(JsonNodeFactory.instance.objectNode());
            String name = body.path("name").asText("");
            String type = body.path("type").asText("String");
            DataField f;
            try {
                Object def = body.hasNonNull("defaultValue") ? ContactImports.convert(
                        new DataField(name, type, null, null), body.get("defaultValue")) : null;
                f = state.addDataField(name, type, body.path("visibility").asText("Private"), def);
            } catch (IllegalStateException e) {
                throw error(400, "Field already exists. ERROR_NON_UNIQUE_DATAFIELD");
            } catch (IllegalArgumentException e) {
                if ("type".equals(e.getMessage())) {
                    throw invalid("Type must be one of String, Numeric, Date, Boolean.");
                }
                throw invalid("Name must be 1 to 20 characters of letters, digits, '_' or '-'.");
            }
            DataField created = f;
            c.sendJson(201, g -> V2Json.dataField(g, created));
            return true;
        }
        if (c.is("DELETE", "v2", "data-fields", "*")) {
            if (!state.deleteDataField(c.seg(2))) {
                throw notFound("ERROR_DATAFIELD_NOT_FOUND");
            }
            c.sendJson(200, g -> {
                g.writeStartObject();
                g.writeBooleanField("result", true);
                g.writeEndObject();
            });
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- campaigns

    private boolean campaigns(HttpCall c) throws IOException {
        if (c.is("GET", "v2", "campaigns")) {
            int skip = skip(c);
            int select = select(c, 1000);
            list(c, state.campaigns().stream().skip(skip).limit(select).toList(), V2Json::campaign);
            return true;
        }
        if (c.is("GET", "v2", "campaigns", "with-activity-since", "*")) {
            list(c, state.campaignsWithActivitySince(date(c.seg(3)), skip(c), select(c, 1000)), V2Json::campaign);
            return true;
        }
        if (c.is("POST", "v2", "campaigns", "send")) {
            send(c);
            return true;
        }
        if (c.is("GET", "v2", "campaigns", "send", "*")) {
            CampaignSend s = emu.sendProgress(c.seg(3)).orElseThrow(() -> notFound("ERROR_CAMPAIGN_SEND_NOT_FOUND"));
            c.sendJson(200, g -> V2Json.send(g, s));
            return true;
        }
        if (c.size() < 3) {
            return false;
        }
        int campaignId = id(c.seg(2), "campaign id");
        var campaign = state.campaign(campaignId).orElseThrow(() -> notFound("ERROR_CAMPAIGN_NOT_FOUND"));
        if (c.is("GET", "v2", "campaigns", "*")) {
            c.sendJson(200, g -> V2Json.campaign(g, campaign));
            return true;
        }
        if (c.is("GET", "v2", "campaigns", "*", "summary")) {
            Map<String, Object> m = state.summary(campaignId);
            c.sendJson(200, g -> V2Json.summary(g, m));
            return true;
        }
        if (c.is("GET", "v2", "campaigns", "*", "hard-bouncing-contacts")) {
            List<DataField> fields = Boolean.parseBoolean(c.query.getOrDefault("withFullData", "false"))
                    ? state.dataFields() : null;
            list(c, state.hardBouncingContacts(campaignId, skip(c), select(c, 1000)),
                    (g, x) -> V2Json.contact(g, x, fields));
            return true;
        }
        if (c.size() == 6 && c.method.equals("GET") && c.seg(4).equalsIgnoreCase("since-date")) {
            Instant since = date(c.seg(5));
            int skip = skip(c);
            int select = select(c, 1000);
            switch (c.seg(3).toLowerCase()) {
                case "activities":
                    list(c, state.activitiesSince(campaignId, since, skip, select), V2Json::activity);
                    return true;
                case "clicks":
                    list(c, state.clicksSince(campaignId, since, skip, select), V2Json::click);
                    return true;
                case "opens":
                    list(c, state.opensSince(campaignId, since, skip, select), V2Json::open);
                    return true;
                case "page-views":
                    list(c, state.pageViewsSince(campaignId, since, skip, select), V2Json::pageView);
                    return true;
                case "roi-details":
                    list(c, state.roisSince(campaignId, since, skip, select), V2Json::roi);
                    return true;
                default:
                    return false;
            }
        }
        return false;
    }

    private void send(HttpCall c) throws IOException {
        JsonNode body = c.json(JsonNodeFactory.instance.objectNode());
        int campaignId = body.path("campaignId").asInt(0);
        if (state.campaign(campaignId).isEmpty()) {
            throw notFound("ERROR_CAMPAIGN_NOT_FOUND");
        }
        List<Integer> books = new ArrayList<>();
        body.path("addressBookIds").forEach(n -> books.add(n.asInt()));
        List<Integer> contacts = new ArrayList<>();
        body.path("contactIds").forEach(n -> contacts.add(n.asInt()));
        if (books.isEmpty() && contacts.isEmpty()) {
            throw invalid("addressBookIds and contactIds are both empty: Dotdigital would send to every contact, "
                    + "the emulator refuses.");
        }
        for (int b : books) {
            if (state.addressBook(b).isEmpty()) {
                throw notFound("ERROR_ADDRESSBOOK_NOT_FOUND");
            }
        }
        Instant sendDate = body.hasNonNull("sendDate") ? date(body.get("sendDate").asText()) : state.now();
        CampaignSend s = emu.startSend(new CampaignSend(UUID.randomUUID().toString(), campaignId, books, contacts,
                sendDate, "Scheduled"));
        c.sendJson(202, g -> V2Json.send(g, s));
    }

    // ---------------------------------------------------------------- surveys

    private boolean surveys(HttpCall c) throws IOException {
        if (c.is("GET", "v2", "surveys")) {
            int skip = skip(c);
            int select = select(c, 1000);
            list(c, state.surveys().stream().skip(skip).limit(select).toList(), V2Json::survey);
            return true;
        }
        if (c.is("GET", "v2", "surveys", "with-activity-since", "*")) {
            list(c, state.surveysWithActivitySince(date(c.seg(3)), skip(c), select(c, 1000)), V2Json::survey);
            return true;
        }
        if (c.size() >= 3) {
            int surveyId = id(c.seg(2), "survey id");
            var survey = state.survey(surveyId).orElseThrow(() -> notFound("ERROR_SURVEY_NOT_FOUND"));
            if (c.is("GET", "v2", "surveys", "*")) {
                c.sendJson(200, g -> V2Json.survey(g, survey));
                return true;
            }
            if (c.is("GET", "v2", "surveys", "*", "responses", "with-activity-since", "*")) {
                list(c, state.responsesSince(surveyId, date(c.seg(5)), skip(c), select(c, 1000)),
                        V2Json::surveyResponse);
                return true;
            }
            if (c.is("GET", "v2", "surveys", "*", "responses")) {
                list(c, state.responsesSince(surveyId, Instant.EPOCH, skip(c), select(c, 1000)),
                        V2Json::surveyResponse);
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- preferences

    private boolean preferences(HttpCall c) throws IOException {
        List<Preference> all = state.preferences();
        if (c.is("GET", "v2", "preferences")) {
            list(c, all.stream().filter(p -> p.categoryId() == 0).toList(), (g, p) -> V2Json.preference(g, p, all, null));
            return true;
        }
        if (c.is("GET", "v2", "preferences", "modified-since", "*")) {
            Instant since = date(c.seg(3));
            list(c, all.stream().filter(p -> !p.lastModified().isBefore(since)).toList(),
                    (g, p) -> V2Json.preference(g, p, List.of(), null));
            return true;
        }
        return false;
    }
}
