package io.dynamicsdotdigital.dataverse.client.webapi;

import io.dynamicsdotdigital.common.http.ApiHttpClient;
import io.dynamicsdotdigital.dataverse.client.DataverseApiException;
import io.dynamicsdotdigital.dataverse.client.DataverseError;
import io.dynamicsdotdigital.dataverse.client.WriteRequest;
import io.dynamicsdotdigital.dataverse.client.WriteResult;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * Sends writes as one {@code POST $batch} with {@code Prefer: odata.continue-on-error}, so every request gets its own
 * answer. The shared HTTP client retries the whole call on 429 (honouring Retry-After), 502-504 and dropped
 * connections.
 */
final class BatchWriter {
    private final ApiHttpClient http;
    private final URI webApiRoot;

    BatchWriter(ApiHttpClient http, URI webApiRoot) {
        this.http = http;
        this.webApiRoot = webApiRoot;
    }

    /** One answer per request, matched by Content-ID, in request order; null where the service stopped early (the rest were not run). */
    List<WriteResult> write(List<WriteRequest> requests) {
        String boundary = "batch_" + UUID.randomUUID();
        byte[] body = BatchCodec.encode(requests, boundary, webApiRoot.toString());
        HttpRequest.Builder request = ODataRequests.request(webApiRoot.resolve("$batch"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "multipart/mixed; boundary=" + boundary)
                .header("Prefer", "odata.continue-on-error");
        HttpResponse<String> response = http.sendForString(request, "batch");
        if (response.statusCode() != 200) {
            throw new DataverseApiException("$batch of " + requests.size() + " writes", response.statusCode(),
                    DataverseError.read(response.body() == null ? new byte[0]
                            : response.body().getBytes(StandardCharsets.UTF_8)));
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        return BatchCodec.match(BatchCodec.decode(response.body(), BatchCodec.boundaryOf(contentType)),
                requests.size());
    }
}
