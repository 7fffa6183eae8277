package io.dynamicsdotdigital.dotdigital.client.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamicsdotdigital.common.http.ApiHttpClient;
import io.dynamicsdotdigital.dotdigital.client.AddressBookPaging;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalApiException;
import io.dynamicsdotdigital.dotdigital.client.ActivityReads;
import io.dynamicsdotdigital.dotdigital.client.DelegatedActivityReads;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.model.AccountInfo;
import io.dynamicsdotdigital.dotdigital.client.model.AddressBook;
import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import io.dynamicsdotdigital.dotdigital.client.model.ContactImport;
import io.dynamicsdotdigital.dotdigital.client.model.ContactSuppression;
import io.dynamicsdotdigital.dotdigital.client.model.DataField;
import io.dynamicsdotdigital.dotdigital.client.model.ImportHandle;
import io.dynamicsdotdigital.dotdigital.client.model.ImportResult;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The REST transport: v2 JSON calls plus the v3 contact import, over connect-common's {@link ApiHttpClient}
 * (which retries throttling and transient failures and adds HTTP Basic credentials). Account, data fields, address
 * books and contacts are here; imports are in {@link RestImports}, the since-date reads in {@link RestActivityReads},
 * the sending itself in {@link RestCalls}.
 */
public final class RestDotdigitalClient implements DotdigitalClient, DelegatedActivityReads {
    private final RestCalls calls;
    private final RestImports imports;
    private final RestActivityReads reads;
    private final RestCampaignSends sends;
    private final RestPreferenceWrites preferenceWrites;

    /** @param baseUrl the regional endpoint, for example {@code https://r1-api.dotdigital.com} */
    public RestDotdigitalClient(ApiHttpClient http, String baseUrl) {
        this(http, http, baseUrl);
    }

    /**
     * @param nonRepeatable sends the calls that must not be repeated blindly after a timeout or a 502-504 (imports,
     *                      address-book creation): an {@link ApiHttpClient} with one attempt
     * @param baseUrl       the regional endpoint, for example {@code https://r1-api.dotdigital.com}
     */
    public RestDotdigitalClient(ApiHttpClient http, ApiHttpClient nonRepeatable, String baseUrl) {
        String b = baseUrl.trim();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        this.calls = new RestCalls(http, nonRepeatable, b);
        this.imports = new RestImports(calls);
        this.reads = new RestActivityReads(calls);
        this.sends = new RestCampaignSends(calls);
        this.preferenceWrites = new RestPreferenceWrites(calls);
    }

    public String baseUrl() {
        return calls.baseUrl();
    }

    @Override
    public io.dynamicsdotdigital.dotdigital.client.CampaignSends campaignSends() {
        return sends;
    }

    @Override
    public io.dynamicsdotdigital.dotdigital.client.PreferenceWrites preferenceWrites() {
        return preferenceWrites;
    }

    // ---------------------------------------------------------------------------------------------- account

    @Override
    public AccountInfo accountInfo() {
        return RestModelReader.accountInfo(calls.getJson("/v2/account-info", "GET /v2/account-info", "account"));
    }

    // ---------------------------------------------------------------------------------------------- data fields

    @Override
    public List<DataField> dataFields() {
        return RestModelReader.list(calls.getJson("/v2/data-fields", "GET /v2/data-fields", "data-fields"),
                RestModelReader::dataField);
    }

    @Override
    public void createDataField(DataField field) {
        ObjectNode body = RestCalls.MAPPER.createObjectNode();
        body.put("name", field.name());
        body.put("type", field.type());
        body.put("visibility", field.visibility() == null ? "Private" : field.visibility());
        if (field.defaultValue() != null) {
            body.put("defaultValue", field.defaultValue());
        }
        String call = "POST /v2/data-fields (" + field.name() + ")";
        HttpResponse<String> r = calls.send(calls.request("/v2/data-fields").POST(RestCalls.json(body)), "data-fields");
        if (RestCalls.isSuccess(r)) {
            return;
        }
        DotdigitalApiException e = RestErrors.toException(call, r.statusCode(), r.body());
        if ("ERROR_NON_UNIQUE_DATAFIELD".equals(e.errorCode())) {
            return;
        }
        throw e;
    }

    // ---------------------------------------------------------------------------------------------- address books

    @Override
    public List<AddressBook> addressBooks() {
        return AddressBookPaging.readAll(skip -> RestModelReader.list(calls.getJson("/v2/address-books"
                + RestCalls.paging(AddressBookPaging.PAGE_SIZE, skip), "GET /v2/address-books", "address-books"),
                RestModelReader::addressBook), "GET /v2/address-books");
    }

    @Override
    public AddressBook createAddressBook(String name, String visibility) {
        ObjectNode body = RestCalls.MAPPER.createObjectNode();
        body.put("name", name);
        body.put("visibility", visibility == null ? "Private" : visibility);
        // Not repeated after a timeout or 502-504 (it may have been created): callers look the name up again first.
        return RestModelReader.addressBook(calls.sendJsonOnce(calls.request("/v2/address-books")
                .POST(RestCalls.json(body)), "POST /v2/address-books (" + name + ")", "address-books"));
    }

    // ---------------------------------------------------------------------------------------------- contacts

    @Override
    public Optional<Contact> contact(String emailOrId) {
        HttpResponse<String> r = calls.send(calls.request("/v2/contacts/" + RestCalls.segment(emailOrId)).GET(), "contacts");
        if (RestCalls.isSuccess(r)) {
            return Optional.ofNullable(RestModelReader.contact(RestCalls.parse(r.body(), "GET /v2/contacts/{emailOrId}")));
        }
        DotdigitalApiException e = RestErrors.toException("GET /v2/contacts/{emailOrId}", r.statusCode(), r.body());
        if (r.statusCode() == 404 || "ERROR_CONTACT_NOT_FOUND".equals(e.errorCode())) {
            return Optional.empty();
        }
        throw e;
    }

    @Override
    public Contact upsertContact(Contact contact) {
        return RestModelReader.contact(calls.sendJson(calls.request("/v2/contacts").POST(RestCalls.json(contactBody(contact))),
                "POST /v2/contacts", "contacts"));
    }

    @Override
    public Contact addContactToAddressBook(long addressBookId, Contact contact) {
        String path = "/v2/address-books/" + addressBookId + "/contacts";
        return RestModelReader.contact(calls.sendJson(calls.request(path).POST(RestCalls.json(contactBody(contact))), "POST " + path,
                "address-book-contacts"));
    }

    /** A contact that is not in the book counts as removed (ERROR_CONTACT_NOT_FOUND); a missing book fails. */
    @Override
    public void removeContactFromAddressBook(long addressBookId, long contactId) {
        String path = "/v2/address-books/" + addressBookId + "/contacts/" + contactId;
        HttpResponse<String> r = calls.send(calls.request(path).DELETE(), "address-book-contacts");
        if (RestCalls.isSuccess(r)) {
            return;
        }
        DotdigitalApiException e = RestErrors.toException("DELETE " + path, r.statusCode(), r.body());
        if ("ERROR_CONTACT_NOT_FOUND".equals(e.errorCode())) {
            return;
        }
        throw e;
    }

    @Override
    public ContactSuppression unsubscribe(String email) {
        ObjectNode body = RestCalls.MAPPER.createObjectNode().put("email", email);
        return RestModelReader.suppression(calls.sendJson(calls.request("/v2/contacts/unsubscribe").POST(RestCalls.json(body)),
                "POST /v2/contacts/unsubscribe", "contacts"));
    }

    @Override
    public ContactSuppression unsubscribeFromAddressBook(long addressBookId, String email) {
        String path = "/v2/address-books/" + addressBookId + "/contacts/unsubscribe";
        ObjectNode body = RestCalls.MAPPER.createObjectNode().put("email", email);
        return RestModelReader.suppression(calls.sendJson(calls.request(path).POST(RestCalls.json(body)), "POST " + path,
                "address-book-contacts"));
    }

    // ---------------------------------------------------------------------------------------------- imports

    @Override
    public ImportHandle startImport(ContactImport request) {
        return imports.start(request);
    }

    @Override
    public ImportResult importStatus(ImportHandle handle) {
        return imports.status(handle);
    }

    // ---------------------------------------------------------------------------------------------- since-date reads

    /** The since-date reads, which {@link DelegatedActivityReads} forwards to. */
    @Override
    public ActivityReads activityReads() {
        return reads;
    }

    /** The v2 contact body; data fields as {@code [{key, value}]}. */
    static ObjectNode contactBody(Contact c) {
        ObjectNode body = RestCalls.MAPPER.createObjectNode();
        if (c.id() > 0) {
            body.put("id", c.id());
        }
        body.put("email", c.email());
        if (c.optInType() != null) {
            body.put("optInType", c.optInType());
        }
        if (c.emailType() != null) {
            body.put("emailType", c.emailType());
        }
        ArrayNode fields = body.putArray("dataFields");
        for (Map.Entry<String, String> f : c.dataFields().entrySet()) {
            ObjectNode kv = fields.addObject();
            kv.put("key", f.getKey());
            kv.put("value", f.getValue());
        }
        return body;
    }

    @Override
    public String toString() {
        return "RestDotdigitalClient{" + calls.baseUrl() + ", " + calls.http().auth().describe() + "}";
    }
}
