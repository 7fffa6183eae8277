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
import io.dynamicsdotdigital.emulator.dotdigital.Model.AddressBook;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Contact;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Suppression;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The v2 {@code /address-books} routes: the collection, then the routes of one book (which answer 404
 * ERROR_ADDRESSBOOK_NOT_FOUND for an unknown id before anything else), one named method per route.
 */
final class V2AddressBooks {
    private final DotdigitalEmulator emu;
    private final DotdigitalState state;
    private final V2ContactWrites writes;

    V2AddressBooks(DotdigitalEmulator emu, V2ContactWrites writes) {
        this.emu = emu;
        this.state = emu.state();
        this.writes = writes;
    }

    /** @return false when no address book route matches */
    boolean handle(HttpCall c) throws IOException {
        if (c.is("GET", "v2", "address-books")) {
            return listAll(c);
        }
        if (c.is("POST", "v2", "address-books")) {
            return create(c);
        }
        if (c.size() < 3) {
            return false;
        }
        int bookId = id(c.seg(2), "address book id");
        AddressBook book = state.addressBook(bookId).orElseThrow(() -> notFound("ERROR_ADDRESSBOOK_NOT_FOUND"));
        return handleBook(c, book);
    }

    private boolean handleBook(HttpCall c, AddressBook book) throws IOException {
        int bookId = book.id();
        if (c.is("GET", "v2", "address-books", "*")) {
            c.sendJson(200, g -> V2Json.addressBook(g, book));
            return true;
        }
        if (c.is("GET", "v2", "address-books", "*", "contacts")) {
            return members(c, bookId);
        }
        if (c.is("POST", "v2", "address-books", "*", "contacts")) {
            return addContact(c, bookId);
        }
        if (c.is("DELETE", "v2", "address-books", "*", "contacts", "*")) {
            return removeContact(c, bookId);
        }
        if (c.is("DELETE", "v2", "address-books", "*", "contacts")) {
            return removeAllContacts(c, bookId);
        }
        if (c.is("POST", "v2", "address-books", "*", "contacts", "delete")) {
            return removeContacts(c, bookId);
        }
        if (c.is("POST", "v2", "address-books", "*", "contacts", "unsubscribe")) {
            return unsubscribe(c, bookId);
        }
        if (c.is("GET", "v2", "address-books", "*", "contacts", "unsubscribed-since", "*")) {
            List<Suppression> rows = state.bookUnsubscribesSince(bookId, date(c.seg(5)), skip(c), select(c, 1000));
            list(c, rows, (g, s) -> V2Json.suppression(g, s, null));
            return true;
        }
        if (c.is("GET", "v2", "address-books", "*", "contacts", "modified-since", "*")) {
            return membersModifiedSince(c, bookId);
        }
        if (c.method.equals("POST") && c.size() >= 5 && c.seg(3).equalsIgnoreCase("contacts")
                && c.seg(4).equalsIgnoreCase("import")) {
            return importRoute(c, bookId);
        }
        return false;
    }

    private boolean listAll(HttpCall c) throws IOException {
        List<AddressBook> all = state.addressBooks();
        int skip = skip(c);
        int select = select(c, 1000);
        list(c, all.stream().skip(skip).limit(select).toList(), V2Json::addressBook);
        return true;
    }

    private boolean create(HttpCall c) throws IOException {
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

    private boolean members(HttpCall c, int bookId) throws IOException {
        return listMembers(c, bookId, x -> true, Comparator.comparingInt(x -> x.id));
    }

    private boolean membersModifiedSince(HttpCall c, int bookId) throws IOException {
        Instant since = date(c.seg(5));
        return listMembers(c, bookId, x -> !x.modified.isBefore(since),
                Comparator.comparing((StoredContact x) -> x.modified).thenComparingInt(x -> x.id));
    }

    /** The book's members matching {@code filter}, paged; data fields only withFullData=true. */
    private boolean listMembers(HttpCall c, int bookId, Predicate<StoredContact> filter,
                                Comparator<StoredContact> order) throws IOException {
        boolean full = Boolean.parseBoolean(c.query.getOrDefault("withFullData", "false"));
        var fields = full ? state.dataFields() : null;
        List<Contact> rows;
        synchronized (state) {
            var members = state.storedBook(bookId).members;
            rows = state.contactsWhere(x -> members.contains(x.id) && filter.test(x), order, skip(c),
                    select(c, 1000));
        }
        list(c, rows, (g, x) -> V2Json.contact(g, x, fields));
        return true;
    }

    /** Creates or updates the contact and adds it; a suppressed contact is refused (ERROR_CONTACT_SUPPRESSED). */
    private boolean addContact(HttpCall c, int bookId) throws IOException {
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
            saved = writes.upsert(body);
            state.addToAddressBook(bookId, email);
        }
        var fields = state.dataFields();
        c.sendJson(200, g -> V2Json.contact(g, saved, fields));
        return true;
    }

    private boolean removeContact(HttpCall c, int bookId) throws IOException {
        int contactId = id(c.seg(4), "contact id");
        if (state.contactById(contactId).isEmpty()) {
            throw notFound("ERROR_CONTACT_NOT_FOUND");
        }
        state.removeFromAddressBook(bookId, contactId);
        c.sendStatus(204);
        return true;
    }

    private boolean removeAllContacts(HttpCall c, int bookId) throws IOException {
        synchronized (state) {
            new ArrayList<>(state.storedBook(bookId).members).forEach(id -> state.removeFromAddressBook(bookId, id));
        }
        c.sendStatus(204);
        return true;
    }

    /** A body of contact ids; answers 202 with a deletion id, as the real API's asynchronous delete does. */
    private boolean removeContacts(HttpCall c, int bookId) throws IOException {
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

    private boolean unsubscribe(HttpCall c, int bookId) throws IOException {
        JsonNode body = c.json(JsonNodeFactory.instance.objectNode());
        String email = body.path("email").asText(null);
        if (!DotdigitalState.isValidEmail(email)) {
            throw invalid("Email is not a valid email address.");
        }
        Instant now = state.now();
        state.unsubscribeFromAddressBook(bookId, email, now);
        Contact contact = state.contactByEmail(email).orElseThrow();
        var fields = state.dataFields();
        c.sendJson(200, g -> V2Json.suppression(g, new Suppression(contact, now, "Unsubscribed"), fields));
        return true;
    }

    /** {@code contacts/import} or {@code contacts/import/with-merge-option/{option}}. */
    private boolean importRoute(HttpCall c, int bookId) throws IOException {
        String merge = c.size() == 7 && c.seg(5).equalsIgnoreCase("with-merge-option") ? c.seg(6) : null;
        if (c.size() != 5 && merge == null) {
            return false;
        }
        importCsv(c, bookId, merge);
        return true;
    }

    private void importCsv(HttpCall c, int bookId, String merge) throws IOException {
        Csv.Table table = Csv.parse(csvOf(c));
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

    /** The CSV of an import: the first file of a multipart body, or base64 {@code data} of a JSON body. */
    private static String csvOf(HttpCall c) throws IOException {
        String contentType = c.header("Content-Type");
        if (contentType != null && contentType.toLowerCase().startsWith("multipart/form-data")) {
            return Multipart.firstFile(c.body(), contentType)
                    .orElseThrow(() -> invalid("No file in the multipart body."));
        }
        JsonNode body = c.json(JsonNodeFactory.instance.objectNode());
        String data = body.path("data").asText(null);
        if (data == null) {
            throw invalid("The import needs a file (multipart) or {fileName, data}.");
        }
        try {
            return new String(Base64.getMimeDecoder().decode(data), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid("data is not base64.");
        }
    }
}
