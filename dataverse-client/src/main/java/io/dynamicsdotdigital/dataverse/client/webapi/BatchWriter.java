package io.dynamicsdotdigital.dataverse.client.webapi;

import io.dynamicsdotdigital.common.http.ApiHttpClient;
import io.dynamicsdotdigital.common.http.ApiOutcomeUnknownException;
import io.dynamicsdotdigital.dataverse.client.DataverseApiException;
import io.dynamicsdotdigital.dataverse.client.DataverseError;
import io.dynamicsdotdigital.dataverse.client.WriteRequest;
import io.dynamicsdotdigital.dataverse.client.WriteResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.connect.errors.RetriableException;

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
    /** The whole answer must arrive within the request timeout: a body that stalls half way never blocks put(). */
    private final HttpResponse.BodyHandler<InputStream> boundedBody;

    BatchWriter(ApiHttpClient http, URI webApiRoot) {
        this.http = http;
        this.webApiRoot = webApiRoot;
        this.boundedBody = DeadlineBody.handler(http.httpSettings().requestTimeout());
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
        HttpResponse<InputStream> response = creates ? http.sendUnrepeatable(request, boundedBody, "batch")
                : http.send(request, boundedBody, "batch");
        String what = "$batch of " + requests.size() + " writes";
        String answer;
        try (InputStream in = response.body()) {
            answer = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw unreadable(what, creates, response.statusCode(), "its body broke off: " + e.getMessage(), e);
        }
        if (response.statusCode() != 200) {
            throw new DataverseApiException(what, response.statusCode(),
                    DataverseError.read(answer.getBytes(StandardCharsets.UTF_8)));
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        try {
            return BatchCodec.match(BatchCodec.decode(answer, BatchCodec.boundaryOf(contentType)), requests.size());
        } catch (RuntimeException e) {
            // An HTML page or truncated text from a proxy with status 200: no request can be matched to an answer.
            throw unreadable(what, creates, 200, e.getMessage() + "; it starts: " + DataverseError.abbreviate(answer),
                    e);
        }
    }

    /**
     * An answer that cannot be read: idempotent writes are simply written again (a retriable failure), creations may
     * have been applied and are reported as of unknown outcome.
     */
    private static RuntimeException unreadable(String what, boolean creates, int status, String problem,
                                               Exception cause) {
        if (creates) {
            return new ApiOutcomeUnknownException("Dataverse " + what + " answered HTTP " + status
                    + " but the answer cannot be read (" + problem + "); not sent again, its creations may have"
                    + " been applied", status, cause);
        }
        return new RetriableException("Dataverse " + what + " answered HTTP " + status + " but the answer cannot be"
                + " read (" + problem + "); the writes are idempotent and are sent again", cause);
    }
}
