package io.dynamicsdotdigital.dotdigital.client.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamicsdotdigital.common.http.ApiException;
import io.dynamicsdotdigital.common.http.ApiHttpClient;
import io.dynamicsdotdigital.dotdigital.client.CsvReader;
import io.dynamicsdotdigital.dotdigital.client.AddressBookPaging;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalApiException;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.ImportBodies;
import io.dynamicsdotdigital.dotdigital.client.model.AccountInfo;
import io.dynamicsdotdigital.dotdigital.client.model.AddressBook;
import io.dynamicsdotdigital.dotdigital.client.model.Campaign;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignActivity;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignClick;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignOpen;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignPageView;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignRoiDetail;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignSummary;
import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import io.dynamicsdotdigital.dotdigital.client.model.ContactImport;
import io.dynamicsdotdigital.dotdigital.client.model.ContactPreferenceOptIns;
import io.dynamicsdotdigital.dotdigital.client.model.ContactSuppression;
import io.dynamicsdotdigital.dotdigital.client.model.DataField;
import io.dynamicsdotdigital.dotdigital.client.model.ImportApi;
import io.dynamicsdotdigital.dotdigital.client.model.ImportFailure;
import io.dynamicsdotdigital.dotdigital.client.model.ImportHandle;
import io.dynamicsdotdigital.dotdigital.client.model.ImportResult;
import io.dynamicsdotdigital.dotdigital.client.model.ImportSummary;
import io.dynamicsdotdigital.dotdigital.client.model.Preference;
import io.dynamicsdotdigital.dotdigital.client.model.Survey;
import io.dynamicsdotdigital.dotdigital.client.model.SurveyResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The REST transport: v2 JSON calls plus the v3 contact import, over connect-common's {@link ApiHttpClient}
 * (which retries throttling and transient failures and adds HTTP Basic credentials).
 */
public final class RestDotdigitalClient implements DotdigitalClient {
    /** Path dates as real clients send them: {@code 2024-05-01T10:00:00+00:00}. */
    static final DateTimeFormatter PATH_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx")
            .withZone(ZoneOffset.UTC);
    /** A finished import whose report is not readable yet is reported as still running, so callers poll again. */
    public static final String REPORT_NOT_READY = "ERROR_IMPORT_REPORT_NOT_YET_READY";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ApiHttpClient http;
    private final String baseUrl;

    /** @param baseUrl the regional endpoint, for example {@code https://r1-api.dotdigital.com} */
    public RestDotdigitalClient(ApiHttpClient http, String baseUrl) {
        this.http = http;
        String b = baseUrl.trim();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        this.baseUrl = b;
    }

    public String baseUrl() {
        return baseUrl;
    }

    // ---------------------------------------------------------------------------------------------- account

    @Override
    public AccountInfo accountInfo() {
        return RestModelReader.accountInfo(getJson("/v2/account-info", "GET /v2/account-info", "account"));
    }

    // ---------------------------------------------------------------------------------------------- data fields

    @Override
    public List<DataField> dataFields() {
        return RestModelReader.list(getJson("/v2/data-fields", "GET /v2/data-fields", "data-fields"),
                RestModelReader::dataField);
    }

    @Override
    public void createDataField(DataField field) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("name", field.name());
        body.put("type", field.type());
        body.put("visibility", field.visibility() == null ? "Private" : field.visibility());
        if (field.defaultValue() != null) {
            body.put("defaultValue", field.defaultValue());
        }
        String call = "POST /v2/data-fields (" + field.name() + ")";
        HttpResponse<String> r = send(request("/v2/data-fields").POST(json(body)), "data-fields");
        if (isSuccess(r)) {
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
        return AddressBookPaging.readAll(skip -> RestModelReader.list(getJson("/v2/address-books"
                + paging(AddressBookPaging.PAGE_SIZE, skip), "GET /v2/address-books", "address-books"),
                RestModelReader::addressBook), "GET /v2/address-books");
    }

    @Override
    public AddressBook createAddressBook(String name, String visibility) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("name", name);
        body.put("visibility", visibility == null ? "Private" : visibility);
        return RestModelReader.addressBook(sendJson(request("/v2/address-books").POST(json(body)),
                "POST /v2/address-books (" + name + ")", "address-books"));
    }

    // ---------------------------------------------------------------------------------------------- contacts

    @Override
    public Optional<Contact> contact(String emailOrId) {
        HttpResponse<String> r = send(request("/v2/contacts/" + segment(emailOrId)).GET(), "contacts");
        if (isSuccess(r)) {
            return Optional.ofNullable(RestModelReader.contact(parse(r.body(), "GET /v2/contacts/{emailOrId}")));
        }
        DotdigitalApiException e = RestErrors.toException("GET /v2/contacts/{emailOrId}", r.statusCode(), r.body());
        if (r.statusCode() == 404 || "ERROR_CONTACT_NOT_FOUND".equals(e.errorCode())) {
            return Optional.empty();
        }
        throw e;
    }

    @Override
    public Contact upsertContact(Contact contact) {
        return RestModelReader.contact(sendJson(request("/v2/contacts").POST(json(contactBody(contact))),
                "POST /v2/contacts", "contacts"));
    }

    @Override
    public Contact addContactToAddressBook(long addressBookId, Contact contact) {
        String path = "/v2/address-books/" + addressBookId + "/contacts";
        return RestModelReader.contact(sendJson(request(path).POST(json(contactBody(contact))), "POST " + path,
                "address-book-contacts"));
    }

    /** A contact that is not in the book counts as removed (ERROR_CONTACT_NOT_FOUND); a missing book fails. */
    @Override
    public void removeContactFromAddressBook(long addressBookId, long contactId) {
        String path = "/v2/address-books/" + addressBookId + "/contacts/" + contactId;
        HttpResponse<String> r = send(request(path).DELETE(), "address-book-contacts");
        if (isSuccess(r)) {
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
        ObjectNode body = MAPPER.createObjectNode().put("email", email);
        return RestModelReader.suppression(sendJson(request("/v2/contacts/unsubscribe").POST(json(body)),
                "POST /v2/contacts/unsubscribe", "contacts"));
    }

    @Override
    public ContactSuppression unsubscribeFromAddressBook(long addressBookId, String email) {
        String path = "/v2/address-books/" + addressBookId + "/contacts/unsubscribe";
        ObjectNode body = MAPPER.createObjectNode().put("email", email);
        return RestModelReader.suppression(sendJson(request(path).POST(json(body)), "POST " + path,
                "address-book-contacts"));
    }

    // ---------------------------------------------------------------------------------------------- imports

    @Override
    public ImportHandle startImport(ContactImport request) {
        return request.api() == ImportApi.V3_JSON ? startV3Import(request) : startV2CsvImport(request);
    }

    private ImportHandle startV3Import(ContactImport request) {
        byte[] body = ImportBodies.v3Body(request);
        requireWithinLimit(body.length, request);
        JsonNode n = sendJson(request("/contacts/v3/import").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)), "PUT /contacts/v3/import", "imports");
        String id = Json.text(n, "importId");
        if (id == null || id.isBlank()) {
            throw new DotdigitalApiException("Dotdigital PUT /contacts/v3/import accepted the import but returned"
                    + " no importId", 202, "");
        }
        return new ImportHandle(id, ImportApi.V3_JSON);
    }

    /** Sends the CSV as the JSON envelope {@code {fileName, data}} with base64 data. */
    private ImportHandle startV2CsvImport(ContactImport request) {
        byte[] csv = ImportBodies.csv(request.contacts());
        long envelope = (csv.length + 2L) / 3 * 4 + 64;
        requireWithinLimit(envelope, request);
        ObjectNode body = MAPPER.createObjectNode();
        body.put("fileName", "contacts-" + System.currentTimeMillis() + ".csv");
        body.put("data", Base64.getEncoder().encodeToString(csv));
        String path = "/v2/address-books/" + request.addressBookId() + "/contacts/import/with-merge-option/"
                + request.mergeOption().v2Name();
        JsonNode n = sendJson(request(path).POST(json(body)), "POST " + path, "imports");
        String id = Json.text(n, "id");
        if (id == null || id.isBlank()) {
            throw new DotdigitalApiException("Dotdigital POST " + path + " accepted the import but returned no id",
                    202, "");
        }
        return new ImportHandle(id, ImportApi.V2_CSV);
    }

    private static void requireWithinLimit(long bytes, ContactImport request) {
        if (bytes > ImportBodies.MAX_IMPORT_BODY_BYTES) {
            throw new IllegalArgumentException("the " + request.api() + " import of " + request.contacts().size()
                    + " contacts is " + bytes + " bytes, above Dotdigital's limit of "
                    + ImportBodies.MAX_IMPORT_BODY_BYTES + " bytes; send smaller batches");
        }
    }

    @Override
    public ImportResult importStatus(ImportHandle handle) {
        String id = segment(handle.importId());
        if (handle.api() == ImportApi.V3_JSON) {
            return RestModelReader.v3ImportStatus(getJson("/contacts/v3/import/" + id,
                    "GET /contacts/v3/import/{importId}", "imports"));
        }
        JsonNode progress = getJson("/v2/contacts/import/" + id, "GET /v2/contacts/import/{importId}", "imports");
        String status = Json.text(progress, "status");
        if (!ImportResult.FINISHED.equalsIgnoreCase(status)) {
            return new ImportResult(handle.importId(), status, ImportSummary.EMPTY, List.of());
        }
        try {
            ImportSummary summary = RestModelReader.v2ImportReport(getJson("/v2/contacts/import/" + id + "/report",
                    "GET /v2/contacts/import/{importId}/report", "imports"));
            String faultsPath = "/v2/contacts/import/" + id + "/report-faults";
            HttpResponse<String> r = send(request(faultsPath).header("Accept", "text/csv, application/json").GET(),
                    "imports");
            if (!isSuccess(r)) {
                throw RestErrors.toException("GET /v2/contacts/import/{importId}/report-faults", r.statusCode(),
                        r.body());
            }
            return new ImportResult(handle.importId(), status, summary, parseFaultReport(r.body()));
        } catch (DotdigitalApiException e) {
            if (REPORT_NOT_READY.equals(e.errorCode())) {
                return new ImportResult(handle.importId(), ImportResult.NOT_FINISHED, ImportSummary.EMPTY, List.of());
            }
            throw e;
        }
    }

    /**
     * The v2 fault report: CSV with a {@code Reason} column and an {@code Email} column (any case), sometimes sent
     * as a JSON string or base64 text.
     */
    public static List<ImportFailure> parseFaultReport(String body) {
        String csv = body == null ? "" : body.trim();
        if (csv.startsWith("\"")) {
            try {
                csv = MAPPER.readValue(csv, String.class).trim();
            } catch (IOException e) {
                // Not a JSON string after all: a CSV whose first field is quoted.
            }
        }
        if (!csv.isEmpty() && !csv.contains(",") && csv.matches("[A-Za-z0-9+/=\\s]+")) {
            try {
                csv = new String(Base64.getMimeDecoder().decode(csv), StandardCharsets.UTF_8).trim();
            } catch (IllegalArgumentException e) {
                // Leave as is; the header check below reports it.
            }
        }
        List<List<String>> rows = CsvReader.parse(csv);
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> header = rows.get(0);
        int reason = indexOfIgnoreCase(header, "Reason");
        int email = indexOfIgnoreCase(header, "Email");
        if (reason < 0 || email < 0) {
            throw new DotdigitalApiException("Dotdigital import fault report has no Reason and Email columns; header: "
                    + header, 200, "");
        }
        List<ImportFailure> failures = new ArrayList<>(rows.size() - 1);
        for (List<String> row : rows.subList(1, rows.size())) {
            String r = reason < row.size() ? row.get(reason) : "";
            String e = email < row.size() ? row.get(email) : "";
            failures.add(new ImportFailure(e, r, r));
        }
        return failures;
    }

    private static int indexOfIgnoreCase(List<String> header, String name) {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).trim().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------------------------------------- since-date reads

    @Override
    public List<ContactSuppression> unsubscribedSince(Instant since, int select, int skip) {
        return page("/v2/contacts/unsubscribed-since/" + date(since), select, skip,
                "GET /v2/contacts/unsubscribed-since/{date}", "unsubscribes", RestModelReader::suppression);
    }

    @Override
    public List<ContactSuppression> suppressedSince(Instant since, int select, int skip) {
        return page("/v2/contacts/suppressed-since/" + date(since), select, skip,
                "GET /v2/contacts/suppressed-since/{date}", "suppressions", RestModelReader::suppression);
    }

    @Override
    public List<ContactSuppression> addressBookUnsubscribedSince(long addressBookId, Instant since, int select,
                                                                 int skip) {
        return page("/v2/address-books/" + addressBookId + "/contacts/unsubscribed-since/" + date(since), select,
                skip, "GET /v2/address-books/" + addressBookId + "/contacts/unsubscribed-since/{date}",
                "unsubscribes", RestModelReader::suppression);
    }

    @Override
    public List<Contact> modifiedContactsSince(Instant since, int select, int skip) {
        return page("/v2/contacts/modified-since/" + date(since) + "?withFullData=true&", select, skip,
                "GET /v2/contacts/modified-since/{date}", "contacts", RestModelReader::contact);
    }

    @Override
    public List<Campaign> campaigns(int select, int skip) {
        return page("/v2/campaigns", select, skip, "GET /v2/campaigns", "campaigns", RestModelReader::campaign);
    }

    @Override
    public List<Campaign> campaignsWithActivitySince(Instant since, int select, int skip) {
        return page("/v2/campaigns/with-activity-since/" + date(since), select, skip,
                "GET /v2/campaigns/with-activity-since/{date}", "campaigns", RestModelReader::campaign);
    }

    @Override
    public CampaignSummary campaignSummary(long campaignId) {
        String path = "/v2/campaigns/" + campaignId + "/summary";
        return RestModelReader.campaignSummary(campaignId, getJson(path, "GET " + path, "campaign-summary"));
    }

    @Override
    public List<CampaignActivity> campaignActivitiesSince(long campaignId, Instant since, int select, int skip) {
        return campaignPage(campaignId, "activities", since, select, skip, RestModelReader::campaignActivity);
    }

    @Override
    public List<CampaignClick> campaignClicksSince(long campaignId, Instant since, int select, int skip) {
        return campaignPage(campaignId, "clicks", since, select, skip, RestModelReader::campaignClick);
    }

    @Override
    public List<CampaignOpen> campaignOpensSince(long campaignId, Instant since, int select, int skip) {
        return campaignPage(campaignId, "opens", since, select, skip, RestModelReader::campaignOpen);
    }

    @Override
    public List<CampaignPageView> campaignPageViewsSince(long campaignId, Instant since, int select, int skip) {
        return campaignPage(campaignId, "page-views", since, select, skip, RestModelReader::campaignPageView);
    }

    @Override
    public List<CampaignRoiDetail> campaignRoiDetailsSince(long campaignId, Instant since, int select, int skip) {
        return campaignPage(campaignId, "roi-details", since, select, skip, RestModelReader::campaignRoiDetail);
    }

    private <T> List<T> campaignPage(long campaignId, String kind, Instant since, int select, int skip,
                                     Function<JsonNode, T> reader) {
        String base = "/v2/campaigns/" + campaignId + "/" + kind + "/since-date/";
        return page(base + date(since), select, skip, "GET " + base + "{date}", "campaign-" + kind, reader);
    }

    @Override
    public List<Contact> campaignHardBouncingContacts(long campaignId, int select, int skip) {
        String path = "/v2/campaigns/" + campaignId + "/hard-bouncing-contacts";
        return page(path + "?withFullData=true&", select, skip, "GET " + path, "campaign-hard-bounces",
                RestModelReader::contact);
    }

    @Override
    public List<Survey> surveysWithActivitySince(Instant since, int select, int skip) {
        return page("/v2/surveys/with-activity-since/" + date(since), select, skip,
                "GET /v2/surveys/with-activity-since/{date}", "surveys", RestModelReader::survey);
    }

    @Override
    public List<SurveyResponse> surveyResponsesSince(long surveyId, Instant since, int select, int skip) {
        String base = "/v2/surveys/" + surveyId + "/responses/with-activity-since/";
        return page(base + date(since), select, skip, "GET " + base + "{date}", "survey-responses",
                RestModelReader::surveyResponse);
    }

    @Override
    public List<ContactPreferenceOptIns> preferenceOptInsSince(long preferenceId, Instant since, int select,
                                                               int minContactId) {
        String base = "/v2/contacts/with-preference/" + preferenceId + "/opt-ins-since/";
        String path = base + date(since) + (minContactId > 0 ? "?minContactId=" + minContactId : "");
        return RestModelReader.list(getJson(path, "GET " + base + "{date}", "preference-opt-ins"),
                RestModelReader::preferenceOptIns);
    }

    @Override
    public List<Preference> preferences() {
        return RestModelReader.list(getJson("/v2/preferences", "GET /v2/preferences", "preferences"),
                RestModelReader::preference);
    }

    // ---------------------------------------------------------------------------------------------- plumbing

    private <T> List<T> page(String pathOrPathWithQuery, int select, int skip, String call, String family,
                             Function<JsonNode, T> reader) {
        requirePaging(select, skip);
        String path = pathOrPathWithQuery.endsWith("&")
                ? pathOrPathWithQuery + "select=" + select + "&skip=" + skip
                : pathOrPathWithQuery + paging(select, skip);
        return RestModelReader.list(getJson(path, call, family), reader);
    }

    static void requirePaging(int select, int skip) {
        if (select < 1 || select > 5000) {
            throw new IllegalArgumentException("select must be 1..5000 (Dotdigital allows at most 1000 on most"
                    + " calls) but was " + select);
        }
        if (skip < 0) {
            throw new IllegalArgumentException("skip must not be negative but was " + skip);
        }
    }

    private static String paging(int select, int skip) {
        return "?select=" + select + "&skip=" + skip;
    }

    /** The path form of a date, percent-encoded so the '+' of the offset survives. */
    public static String date(Instant since) {
        if (since == null) {
            throw new IllegalArgumentException("a since-date is required");
        }
        return segment(PATH_DATE.format(since));
    }

    /** Percent-encodes one path segment; ':' and '@' stay literal as RFC 3986 allows in segments. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%3A", ":")
                .replace("%40", "@");
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).header("Accept", "application/json");
    }

    private static HttpRequest.BodyPublisher json(JsonNode body) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException("could not write a JSON body", e);
        }
    }

    /**
     * Sends through connect-common's client, which retries 429/502/503/504 and transport failures; when it gives
     * up, its ApiException becomes a {@link DotdigitalApiException}. A 429 that outlasts the retries on an import
     * call is reported as too many active imports, the limit Dotdigital answers 429 for there.
     */
    private HttpResponse<String> send(HttpRequest.Builder request, String family) {
        HttpRequest probe = request.copy().build();
        if (probe.bodyPublisher().isPresent() && probe.headers().firstValue("Content-Type").isEmpty()) {
            request.header("Content-Type", "application/json");
        }
        try {
            return http.sendForString(request, family);
        } catch (DotdigitalApiException e) {
            throw e;
        } catch (ApiException e) {
            boolean importBusy = e.statusCode() == 429 && "imports".equals(family)
                    && "PUT".equals(probe.method());
            throw new DotdigitalApiException(e.getMessage() + (importBusy
                    ? " (Dotdigital answers 429 to an import when 25 imports are active or the rate limit is hit;"
                    + " wait for running imports to finish and resubmit)" : ""), e.statusCode(),
                    importBusy ? DotdigitalApiException.TOO_MANY_ACTIVE_IMPORTS_V3 : "", e);
        }
    }

    private JsonNode getJson(String pathAndQuery, String call, String family) {
        return sendJson(request(pathAndQuery).GET(), call, family);
    }

    private JsonNode sendJson(HttpRequest.Builder request, String call, String family) {
        HttpResponse<String> r = send(request, family);
        if (!isSuccess(r)) {
            throw RestErrors.toException(call, r.statusCode(), r.body());
        }
        return parse(r.body(), call);
    }

    private static JsonNode parse(String body, String call) {
        try {
            return body == null || body.isBlank() ? MAPPER.nullNode() : MAPPER.readTree(body);
        } catch (IOException e) {
            throw new DotdigitalApiException("Dotdigital " + call + " answered with JSON that could not be read: "
                    + e.getMessage(), 200, "", e);
        }
    }

    private static boolean isSuccess(HttpResponse<?> r) {
        return r.statusCode() >= 200 && r.statusCode() < 300;
    }

    /** The v2 contact body; data fields as {@code [{key, value}]}. */
    static ObjectNode contactBody(Contact c) {
        ObjectNode body = MAPPER.createObjectNode();
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
        return "RestDotdigitalClient{" + baseUrl + ", " + http.auth().describe() + "}";
    }
}
