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
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Reads the emulators' state through their public HTTP APIs, as a user checking Dotdigital or Dataverse would:
 * v2 REST with Basic auth for Dotdigital, the Web API with a client-credentials token for Dataverse.
 */
final class EmulatorQueries {
    private final Map<String, String> info;
    private final HttpClient http;
    private final String dotdigitalAuth;
    private String dataverseToken;

    EmulatorQueries(Map<String, String> info) throws Exception {
        this.info = info;
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(info.get("TRUSTSTORE_PATH")))) {
            trust.load(in, info.get("TRUSTSTORE_PASSWORD").toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
        dotdigitalAuth = "Basic " + Base64.getEncoder().encodeToString((info.get("DOTDIGITAL_API_USER") + ":"
                + info.get("DOTDIGITAL_API_PASSWORD")).getBytes(StandardCharsets.UTF_8));
    }

    // --- Dotdigital -----------------------------------------------------------------------------------------------

    /** The v2 ApiContact with this email, or empty when Dotdigital has none. */
    Optional<JsonNode> dotdigitalContact(String email) throws IOException, InterruptedException {
        return dotdigital("v2/contacts/" + URLEncoder.encode(email, StandardCharsets.UTF_8).replace("+", "%20"));
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

    Optional<Long> addressBookId(String name) throws IOException, InterruptedException {
        for (JsonNode book : dotdigital("v2/address-books?select=1000").orElseThrow()) {
            if (book.path("name").asText().equalsIgnoreCase(name)) {
                return Optional.of(book.path("id").asLong());
            }
        }
        return Optional.empty();
    }

    /** Lower-cased emails of the address book's members; empty when there is no such book. */
    Set<String> addressBookMembers(String name) throws IOException, InterruptedException {
        Set<String> emails = new HashSet<>();
        Optional<Long> id = addressBookId(name);
        if (id.isEmpty()) {
            return emails;
        }
        for (int skip = 0; ; skip += 1000) {
            JsonNode page = dotdigital("v2/address-books/" + id.get() + "/contacts?select=1000&skip=" + skip)
                    .orElseThrow();
            page.forEach(c -> emails.add(c.path("email").asText().toLowerCase(java.util.Locale.ROOT)));
            if (page.size() < 1000) {
                return emails;
            }
        }
    }

    private Optional<JsonNode> dotdigital(String path) throws IOException, InterruptedException {
        URI uri = URI.create(info.get("DOTDIGITAL_API_ENDPOINT") + "/" + path);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Authorization", dotdigitalAuth)
                .header("Accept", "application/json").timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + uri + " answered " + r.statusCode() + ": " + r.body());
        }
        return Optional.of(ConnectRest.JSON.readTree(r.body()));
    }

    // --- Dataverse ------------------------------------------------------------------------------------------------

    /** The row of esc_emailsendsummaries with this alternate key, or empty. */
    Optional<JsonNode> sendSummary(long campaignId, long contactId) throws IOException, InterruptedException {
        URI uri = URI.create(withSlash(info.get("DATAVERSE_WEB_API_URL"))
                + "esc_emailsendsummaries(esc_campaignid=" + campaignId + ",esc_contactid=" + contactId + ")");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + dataverseToken()).header("Accept", "application/json")
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 401) {
            dataverseToken = null;
            return sendSummary(campaignId, contactId);
        }
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + uri + " answered " + r.statusCode() + ": " + r.body());
        }
        return Optional.of(ConnectRest.JSON.readTree(r.body()));
    }

    private String dataverseToken() throws IOException, InterruptedException {
        if (dataverseToken == null) {
            String authority = withSlash(info.get("DATAVERSE_AUTHORITY"));
            String form = "grant_type=client_credentials&client_id=" + enc(info.get("DATAVERSE_CLIENT_ID"))
                    + "&client_secret=" + enc(info.get("DATAVERSE_CLIENT_SECRET"))
                    + "&scope=" + enc(info.get("DATAVERSE_URL") + "/.default");
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(authority + "oauth2/v2.0/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("The Dataverse token endpoint answered " + r.statusCode() + ": " + r.body());
            }
            dataverseToken = ConnectRest.JSON.readTree(r.body()).path("access_token").asText();
        }
        return dataverseToken;
    }

    private static String withSlash(String url) {
        return url.endsWith("/") ? url : url + "/";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
