package io.dynamicsdotdigital.dataverse.client.webapi;

import io.dynamicsdotdigital.common.http.ApiHttpClient;
import io.dynamicsdotdigital.common.http.ApiOutcomeUnknownException;
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
 * connections, except for a batch holding a creation (POST), which a second run would create twice.
 *
 * <p>Such a batch is sent again only where the service surely did not run it: a 429 (service protection limits
 * refuse a request before it executes and say how long to wait; concurrency refusals come "at once", see the
 * Dataverse API notes, /work/shared/reference/dataverse/API-NOTES.md, "Service protection limits"), a 401 answered
 * with a fresh token ("Authentication") and a connection that was never made. After a timeout, a dropped connection
 * or 502/503/504 the service may have run the batch (the notes list 503 among its answers, and a gateway answers
 * 502/504 whatever happened behind it); creations have no key to look the rows up by, so the call ends with
 * {@link ApiOutcomeUnknownException} and the caller reports the records instead of creating them twice.
 */
final class BatchWriter {
    private final ApiHttpClient http;
    private final URI webApiRoot;

    BatchWriter(ApiHttpClient http, URI webApiRoot) {
        this.http = http;
        this.webApiRoot = webApiRoot;
    }

    /**
     * One answer per request, matched by Content-ID, in request order; null where the service stopped early (the
     * rest were not run).
     *
     * @throws ApiOutcomeUnknownException for a batch with a creation whose outcome no answer tells (see above)
     */
    List<WriteResult> write(List<WriteRequest> requests) {
        String boundary = "batch_" + UUID.randomUUID();
        byte[] body = BatchCodec.encode(requests, boundary, webApiRoot.toString());
        HttpRequest.Builder request = ODataRequests.request(webApiRoot.resolve("$batch"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "multipart/mixed; boundary=" + boundary)
                .header("Prefer", "odata.continue-on-error");
        boolean creates = requests.stream().anyMatch(r -> r.method().equals("POST"));
        HttpResponse<String> response = creates ? http.sendUnrepeatableForString(request, "batch")
                : http.sendForString(request, "batch");
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
