package io.dynamicsdotdigital.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * What the emulators hold, read through their public HTTP APIs as any client would (the Dataverse Web API with a
 * client-credentials token, Dotdigital v2 REST with Basic auth), trusting the emulators' certificate from the trust
 * store they wrote.
 */
final class EmulatorApis {
    private static final int DOTDIGITAL_PAGE = 1000;

    private final Map<String, String> info;
    private final HttpClient http;
    private final String dotdigitalAuth;
    private String dataverseToken;

    EmulatorApis(Map<String, String> info) throws IOException, GeneralSecurityException {
        this.info = info;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).sslContext(trusting(info)).build();
        this.dotdigitalAuth = "Basic " + Base64.getEncoder().encodeToString(
                (info.get("DOTDIGITAL_API_USER") + ":" + info.get("DOTDIGITAL_API_PASSWORD"))
                        .getBytes(StandardCharsets.UTF_8));
    }

    private static SSLContext trusting(Map<String, String> info) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(info.get("TRUSTSTORE_PATH")))) {
            store.load(in, info.get("TRUSTSTORE_PASSWORD").toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    // ------------------------------------------------------------------------------------------------- Dotdigital

    /** The id of the address book with this name, if it exists yet. */
    Optional<Long> addressBookId(String name) throws IOException, InterruptedException {
        for (JsonNode book : dotdigital("/v2/address-books?select=1000&skip=0")) {
            if (name.equalsIgnoreCase(book.path("name").asText())) {
                return Optional.of(book.path("id").asLong());
            }
        }
        return Optional.empty();
    }

    /** Emails of the book's members, lower-cased, one entry per membership (a duplicate would show twice). */
    List<String> addressBookMembers(long bookId) throws IOException, InterruptedException {
        return emails("/v2/address-books/" + bookId + "/contacts?select=" + DOTDIGITAL_PAGE + "&skip=");
    }

    /** Members of the address book with this name (none while it does not exist yet). */
    List<String> addressBookMembers(String name) throws IOException, InterruptedException {
        Optional<Long> id = addressBookId(name);
        return id.isPresent() ? addressBookMembers(id.get()) : List.of();
    }

    /** The v2 ApiContact with this email, or empty when Dotdigital has none. */
    Optional<JsonNode> dotdigitalContact(String email) throws IOException, InterruptedException {
        return found(HttpRequest.newBuilder(URI.create(info.get("DOTDIGITAL_API_ENDPOINT") + "/v2/contacts/"
                + URLEncoder.encode(email, StandardCharsets.UTF_8).replace("+", "%20")))
                .header("Authorization", dotdigitalAuth).GET());
    }

    /** The contact's status in Dotdigital (Subscribed, Unsubscribed, ...), or empty when there is no such contact. */
    Optional<String> dotdigitalStatus(String email) throws IOException, InterruptedException {
        return dotdigitalContact(email).map(c -> c.path("status").asText());
    }

    /** {@code POST /v2/contacts/unsubscribe}: the account-wide unsubscribe a contact makes from an email's link. */
    void unsubscribe(String email) throws IOException, InterruptedException {
        dotdigitalPost("/v2/contacts/unsubscribe", email);
    }

    /** {@code POST /v2/address-books/{id}/contacts/unsubscribe}: unsubscribes the contact from that book only. */
    void unsubscribeFromAddressBook(long bookId, String email) throws IOException, InterruptedException {
        dotdigitalPost("/v2/address-books/" + bookId + "/contacts/unsubscribe", email);
    }

    private void dotdigitalPost(String path, String email) throws IOException, InterruptedException {
        String body = ConnectRest.JSON.writeValueAsString(Map.of("email", email));
        send(HttpRequest.newBuilder(URI.create(info.get("DOTDIGITAL_API_ENDPOINT") + path))
                .header("Authorization", dotdigitalAuth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A data field's value of the contact, null when unset or when there is no such contact. */
    JsonNode dataField(String email, String field) throws IOException, InterruptedException {
        Optional<JsonNode> contact = dotdigitalContact(email);
        if (contact.isEmpty()) {
            return null;
        }
        for (JsonNode f : contact.get().path("dataFields")) {
            if (f.path("key").asText().equalsIgnoreCase(field)) {
                return f.path("value").isNull() ? null : f.path("value");
            }
        }
        return null;
    }

    /** Emails of every contact in the account, lower-cased, one entry per contact. */
    List<String> contacts() throws IOException, InterruptedException {
        return emails("/v2/contacts?select=" + DOTDIGITAL_PAGE + "&skip=");
    }

    /** Rows every campaign's activity report lists since 2000-01-01 (what the source's campaign-activities reads). */
    int campaignActivityRows() throws IOException, InterruptedException {
        int rows = 0;
        for (JsonNode campaign : dotdigital("/v2/campaigns?select=1000&skip=0")) {
            for (int skip = 0; ; skip += DOTDIGITAL_PAGE) {
                JsonNode page = dotdigital("/v2/campaigns/" + campaign.path("id").asLong()
                        + "/activities/since-date/2000-01-01?select=" + DOTDIGITAL_PAGE + "&skip=" + skip);
                rows += page.size();
                if (page.size() < DOTDIGITAL_PAGE) {
                    break;
                }
            }
        }
        return rows;
    }

    /** Ids of the account's marketing preferences (not their categories), in the order the tree lists them. */
    List<Long> preferenceIds() throws IOException, InterruptedException {
        List<Long> ids = new ArrayList<>();
        flattenPreferences(dotdigital("/v2/preferences"), (id, node) -> ids.add(id));
        return ids;
    }

    /** {@code GET /v2/contacts/{email}/preferences}: the contact's opt-in to each preference (false without one). */
    Map<Long, Boolean> contactOptIns(String email) throws IOException, InterruptedException {
        Map<Long, Boolean> optIns = new java.util.LinkedHashMap<>();
        flattenPreferences(dotdigital("/v2/contacts/" + URLEncoder.encode(email, StandardCharsets.UTF_8)
                .replace("+", "%20") + "/preferences"), (id, node) -> optIns.put(id, node.path("isOptedIn")
                .asBoolean()));
        return optIns;
    }

    /** {@code PUT /v2/contacts/{email}/preferences}: the contact opts in or out, as from a preference centre. */
    void setContactPreferences(String email, Map<Long, Boolean> optIns) throws IOException, InterruptedException {
        List<Map<String, Object>> body = new ArrayList<>();
        optIns.forEach((id, in) -> body.add(Map.of("id", id, "isOptedIn", in)));
        send(HttpRequest.newBuilder(URI.create(info.get("DOTDIGITAL_API_ENDPOINT") + "/v2/contacts/"
                        + URLEncoder.encode(email, StandardCharsets.UTF_8).replace("+", "%20") + "/preferences"))
                .header("Authorization", dotdigitalAuth).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(ConnectRest.JSON.writeValueAsString(body))));
    }

    /**
     * Dotdigital's time of the contact's last opt-in change per preference ({@code dateModifed} of
     * {@code GET /v2/contacts/with-preference/{id}/opt-ins-since/2000-01-01}), as text; absent without an opt-in.
     */
    Map<Long, String> optInTimes(String email, List<Long> preferenceIds) throws IOException, InterruptedException {
        Map<Long, String> times = new java.util.LinkedHashMap<>();
        for (long id : preferenceIds) {
            for (JsonNode row : dotdigital("/v2/contacts/with-preference/" + id
                    + "/opt-ins-since/2000-01-01?select=1000&skip=0")) {
                if (email.equalsIgnoreCase(row.path("contact").path("email").asText())) {
                    row.path("marketingPreferenceOptIns").forEach(o -> times.put(id, o.path("dateModifed").asText()));
                }
            }
        }
        return times;
    }

    private static void flattenPreferences(JsonNode nodes, java.util.function.BiConsumer<Long, JsonNode> each) {
        for (JsonNode n : nodes) {
            if (n.path("isPreference").asBoolean()) {
                each.accept(n.path("id").asLong(), n);
            }
            flattenPreferences(n.path("preferences"), each);
        }
    }

    private List<String> emails(String pathBeforeSkip) throws IOException, InterruptedException {
        List<String> emails = new ArrayList<>();
        for (int skip = 0; ; skip += DOTDIGITAL_PAGE) {
            JsonNode page = dotdigital(pathBeforeSkip + skip);
            page.forEach(c -> emails.add(c.path("email").asText().toLowerCase(Locale.ROOT)));
            if (page.size() < DOTDIGITAL_PAGE) {
                return emails;
            }
        }
    }

    private JsonNode dotdigital(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(info.get("DOTDIGITAL_API_ENDPOINT") + path))
                .header("Authorization", dotdigitalAuth).GET());
    }

    // -------------------------------------------------------------------------------------------------- Dataverse

    /** Every row of an entity set, only the named columns, following the server's paging. */
    List<JsonNode> dataverseRows(String entitySet, String columns) throws IOException, InterruptedException {
        String token = dataverseToken();
        List<JsonNode> rows = new ArrayList<>();
        String next = info.get("DATAVERSE_WEB_API_URL") + entitySet + "?$select=" + columns;
        while (next != null) {
            JsonNode page = send(HttpRequest.newBuilder(URI.create(next)).header("Authorization", "Bearer " + token)
                    .header("Prefer", "odata.maxpagesize=5000").GET());
            page.path("value").forEach(rows::add);
            next = page.hasNonNull("@odata.nextLink") ? page.path("@odata.nextLink").asText() : null;
        }
        return rows;
    }

    /**
     * {@code POST} of a new row to an entity set through the Web API; returns its id from the
     * {@code OData-EntityId} header. Lookups go in the body as {@code name@odata.bind: "/set(id)"}.
     */
    String createRow(String entitySet, Map<String, ?> columns) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(info.get("DATAVERSE_WEB_API_URL") + entitySet))
                .header("Authorization", "Bearer " + dataverseToken()).header("Content-Type", "application/json")
                .header("OData-Version", "4.0").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(ConnectRest.JSON.writeValueAsString(columns))).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        String entityId = response.headers().firstValue("OData-EntityId").orElse("");
        if (response.statusCode() != 204 && response.statusCode() != 201 || !entityId.endsWith(")")) {
            throw new AssertionError("POST " + request.uri() + " answered " + response.statusCode() + " "
                    + response.headers().map() + ": " + response.body());
        }
        return entityId.substring(entityId.lastIndexOf('(') + 1, entityId.length() - 1);
    }

    /** {@code PATCH} of some columns of an existing row through the Web API, as a CRM user's edit (204). */
    void updateRow(String entitySet, String id, Map<String, ?> columns) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(info.get("DATAVERSE_WEB_API_URL") + entitySet + "("
                        + id + ")"))
                .header("Authorization", "Bearer " + dataverseToken()).header("Content-Type", "application/json")
                .header("OData-Version", "4.0").header("If-Match", "*").timeout(Duration.ofSeconds(60))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(ConnectRest.JSON.writeValueAsString(columns)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 204) {
            throw new AssertionError("PATCH " + request.uri() + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    /** One row by id with the named columns, or empty when it does not exist. */
    Optional<JsonNode> dataverseRow(String entitySet, String id, String columns)
            throws IOException, InterruptedException {
        return found(HttpRequest.newBuilder(URI.create(info.get("DATAVERSE_WEB_API_URL") + entitySet + "(" + id
                        + ")?$select=" + columns))
                .header("Authorization", "Bearer " + dataverseToken()).GET());
    }

    /** The write-back's send-summary rows in Dataverse, as campaignId/contactId, one entry per row. */
    List<String> writtenBackKeys() throws IOException, InterruptedException {
        return dataverseRows(FailoverConnectors.WRITE_BACK_SET, "esc_campaignid,esc_contactid").stream()
                .map(r -> r.path("esc_campaignid").asText() + "/" + r.path("esc_contactid").asText()).toList();
    }

    /** The row of esc_emailsendsummaries with this alternate key, or empty. */
    Optional<JsonNode> sendSummary(long campaignId, long contactId) throws IOException, InterruptedException {
        return found(HttpRequest.newBuilder(URI.create(info.get("DATAVERSE_WEB_API_URL")
                        + "esc_emailsendsummaries(esc_campaignid=" + campaignId + ",esc_contactid=" + contactId + ")"))
                .header("Authorization", "Bearer " + dataverseToken()).GET());
    }

    /** Deletes every row of an entity set, so a later case counts only what it wrote. */
    void deleteAllRows(String entitySet, String idColumn) throws IOException, InterruptedException {
        String token = dataverseToken();
        for (JsonNode row : dataverseRows(entitySet, idColumn)) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(info.get("DATAVERSE_WEB_API_URL") + entitySet
                            + "(" + row.path(idColumn).asText() + ")"))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).DELETE().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 204) {
                throw new AssertionError("DELETE " + request.uri() + " answered " + response.statusCode() + ": "
                        + response.body());
            }
        }
    }

    /** A token for the Web API, fetched once (the emulator's tokens outlive any test). */
    private String dataverseToken() throws IOException, InterruptedException {
        if (dataverseToken == null) {
            dataverseToken = newDataverseToken();
        }
        return dataverseToken;
    }

    private String newDataverseToken() throws IOException, InterruptedException {
        String form = "grant_type=client_credentials"
                + "&client_id=" + enc(info.get("DATAVERSE_CLIENT_ID"))
                + "&client_secret=" + enc(info.get("DATAVERSE_CLIENT_SECRET"))
                + "&scope=" + enc(info.get("DATAVERSE_URL") + "/.default");
        JsonNode token = send(HttpRequest.newBuilder(URI.create(info.get("DATAVERSE_AUTHORITY") + "oauth2/v2.0/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        return token.path("access_token").asText();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return found(request).orElseThrow(() -> new AssertionError(request.build().uri() + " answered 404"));
    }

    /** The answer's body, or empty on 404; any other status than 200 fails the test. */
    private Optional<JsonNode> found(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpRequest built = request.header("Accept", "application/json").timeout(Duration.ofSeconds(60)).build();
        HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            // The URI carries no secret (the token and the password travel in headers and the form body).
            throw new AssertionError(built.method() + " " + built.uri() + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return Optional.of(ConnectRest.JSON.readTree(response.body()));
    }
}
