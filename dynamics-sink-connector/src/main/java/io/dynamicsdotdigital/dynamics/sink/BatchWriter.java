package io.dynamicsdotdigital.dynamics.sink;

import io.dynamicsdotdigital.common.http.ApiException;
import io.dynamicsdotdigital.common.dataverse.ODataRequests;
import io.dynamicsdotdigital.common.http.ApiHttpClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * Sends writes as one {@code POST $batch} with {@code Prefer: odata.continue-on-error}, so every request gets its own
 * answer. The shared HTTP client retries the whole call on 429 (honouring Retry-After), 5xx and dropped connections;
 * upserts and deletes are idempotent, so a repeated batch changes nothing.
 */
final class BatchWriter {
    private final ApiHttpClient http;
    private final URI webApiRoot;

    BatchWriter(ApiHttpClient http, URI webApiRoot) {
        this.http = http;
        this.webApiRoot = webApiRoot;
    }

    /** One answer per operation, in order; fewer when the service stopped early (the rest were not run). */
    List<BatchCodec.Result> write(List<WriteOperation> operations) {
        String boundary = "batch_" + UUID.randomUUID();
        byte[] body = BatchCodec.encode(operations, boundary, webApiRoot.toString());
        HttpRequest.Builder request = ODataRequests.request(webApiRoot.resolve("$batch"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "multipart/mixed; boundary=" + boundary)
                .header("Prefer", "odata.continue-on-error");
        HttpResponse<String> response;
        try {
            response = http.sendForString(request, "batch");
        } catch (ApiException e) {
            int s = e.statusCode();
            if (s == 0 || s == 429 || s >= 500) {
                // Retries exhausted on a transient failure: the worker delivers the records again after a pause.
                throw new RetriableException(e.getMessage(), e);
            }
            throw e;
        }
        if (response.statusCode() != 200) {
            throw new ConnectException("Dataverse $batch of " + operations.size() + " writes failed with HTTP "
                    + response.statusCode() + ": " + abbreviate(response.body()));
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        return BatchCodec.decode(response.body(), BatchCodec.boundaryOf(contentType));
    }

    static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }
}
