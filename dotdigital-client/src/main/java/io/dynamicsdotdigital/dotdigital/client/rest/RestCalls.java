package io.dynamicsdotdigital.dotdigital.client.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamicsdotdigital.common.http.ApiException;
import io.dynamicsdotdigital.common.http.ApiHttpClient;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalApiException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;

/**
 * How the REST transport sends a call: request building, path encoding, paging, JSON bodies, and turning answers
 * into JSON or a {@link DotdigitalApiException} naming the call.
 */
final class RestCalls {
    /** Path dates as real clients send them: {@code 2024-05-01T10:00:00+00:00}. */
    static final DateTimeFormatter PATH_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx")
            .withZone(ZoneOffset.UTC);
    static final ObjectMapper MAPPER = new ObjectMapper();

    private final ApiHttpClient http;
    private final ApiHttpClient nonRepeatable;
    private final String baseUrl;

    /**
     * @param nonRepeatable sends calls that must not be repeated after a timeout or a 502-504, when the first
     *                      attempt may have been applied (imports, creations): configured with one attempt
     */
    RestCalls(ApiHttpClient http, ApiHttpClient nonRepeatable, String baseUrl) {
        this.http = http;
        this.nonRepeatable = nonRepeatable;
        this.baseUrl = baseUrl;
    }

    ApiHttpClient http() {
        return http;
    }

    String baseUrl() {
        return baseUrl;
    }

    <T> List<T> page(String pathOrPathWithQuery, int select, int skip, String call, String family,
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

    static String paging(int select, int skip) {
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

    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).header("Accept", "application/json");
    }

    static HttpRequest.BodyPublisher json(JsonNode body) {
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
    HttpResponse<String> send(HttpRequest.Builder request, String family) {
        return send(http, request, family);
    }

    /** Sends once: the caller decides whether repeating the call is safe (see the constructor). */
    JsonNode sendJsonOnce(HttpRequest.Builder request, String call, String family) {
        HttpResponse<String> r = send(nonRepeatable, request, family);
        if (!isSuccess(r)) {
            throw RestErrors.toException(call, r.statusCode(), r.body());
        }
        return parse(r.body(), call);
    }

    private static HttpResponse<String> send(ApiHttpClient client, HttpRequest.Builder request, String family) {
        HttpRequest probe = request.copy().build();
        if (probe.bodyPublisher().isPresent() && probe.headers().firstValue("Content-Type").isEmpty()) {
            request.header("Content-Type", "application/json");
        }
        try {
            return client.sendForString(request, family);
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

    JsonNode getJson(String pathAndQuery, String call, String family) {
        return sendJson(request(pathAndQuery).GET(), call, family);
    }

    JsonNode sendJson(HttpRequest.Builder request, String call, String family) {
        HttpResponse<String> r = send(request, family);
        if (!isSuccess(r)) {
            throw RestErrors.toException(call, r.statusCode(), r.body());
        }
        return parse(r.body(), call);
    }

    static JsonNode parse(String body, String call) {
        try {
            return body == null || body.isBlank() ? MAPPER.nullNode() : MAPPER.readTree(body);
        } catch (IOException e) {
            throw new DotdigitalApiException("Dotdigital " + call + " answered with JSON that could not be read: "
                    + e.getMessage(), 200, "", e);
        }
    }

    static boolean isSuccess(HttpResponse<?> r) {
        return r.statusCode() >= 200 && r.statusCode() < 300;
    }
}
