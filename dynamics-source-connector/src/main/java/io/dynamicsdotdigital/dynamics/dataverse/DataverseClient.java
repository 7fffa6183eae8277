package io.dynamicsdotdigital.dynamics.dataverse;

import io.dynamicsdotdigital.common.http.ApiHttpClient;
import io.dynamicsdotdigital.dynamics.schema.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's calls to the Dataverse Web API over the shared {@link ApiHttpClient} (which retries 429 and 5xx
 * and refreshes the token after a 401), each inside the connector's concurrency gate. Non-success answers become
 * {@link DataverseApiException}s naming the call; an expired delta token becomes
 * {@link DeltaTokenExpiredException}.
 */
public final class DataverseClient {
    private static final Logger log = LoggerFactory.getLogger(DataverseClient.class);
    /** The scale of Decimal and Money columns whose precision the service does not report. */
    public static final int DEFAULT_DECIMAL_SCALE = 2;
    private final ApiHttpClient http;
    private final DataverseRequests requests;
    private final RequestGate gate;
    private final long gateTimeoutMillis;
    /** Set once the service refused the fuller attribute $select, so later metadata reads skip that attempt. */
    private volatile boolean basicMetadataOnly;
    /** Set once the service refused a precision cast, so the warning is not repeated on every metadata refresh. */
    private volatile boolean precisionWarned;

    public DataverseClient(ApiHttpClient http, DataverseRequests requests, RequestGate gate, long gateTimeoutMillis) {
        this.http = http;
        this.requests = requests;
        this.gate = gate;
        this.gateTimeoutMillis = gateTimeoutMillis;
    }

    public DataverseRequests requests() {
        return requests;
    }

    /** Reads a table's metadata, with Decimal and Money precision. */
    public EntityMetadata metadata(String logicalName) {
        byte[] body = null;
        try {
            if (!basicMetadataOnly) {
                body = getBytes(requests.entityDefinition(logicalName), "metadata",
                        "metadata read of table " + logicalName);
            }
        } catch (DataverseApiException e) {
            if (e.status() != 400) {
                throw e;
            }
            basicMetadataOnly = true;
            // AttributeOf and IsValidForRead only skip helper columns; a service that does not know them can still
            // describe the table.
            log.info("Dataverse refused the attribute properties AttributeOf/IsValidForRead for table {} ({});"
                    + " reading its metadata without them", logicalName, e.getMessage());
        }
        if (body == null) {
            body = getBytes(requests.entityDefinitionBasic(logicalName), "metadata",
                    "metadata read of table " + logicalName);
        }
        EntityMetadata m;
        try {
            m = MetadataReader.parseDefinition(body);
        } catch (IOException e) {
            throw new ConnectException("Dataverse metadata of table " + logicalName + " is not valid JSON", e);
        }
        boolean missing = m.attributes().stream().anyMatch(a -> a.precision() == null
                && (a.attributeType().equals("Decimal") || a.attributeType().equals("Money")));
        if (missing) {
            Map<String, Integer> precisions = new HashMap<>();
            for (String type : new String[] {"DecimalAttributeMetadata", "MoneyAttributeMetadata"}) {
                byte[] answer;
                try {
                    answer = getBytes(requests.attributePrecisions(logicalName, type), "metadata",
                            "precision read (" + type + ") of table " + logicalName);
                } catch (DataverseApiException e) {
                    if (e.status() != 400 && e.status() != 404 && e.status() != 501) {
                        throw e;
                    }
                    if (!precisionWarned) {
                        precisionWarned = true;
                        log.warn("Dataverse does not say the precision of {} columns of table {} ({}); such columns"
                                + " get scale {}", type, logicalName, e.getMessage(), DEFAULT_DECIMAL_SCALE);
                    }
                    continue;
                }
                try {
                    precisions.putAll(MetadataReader.parsePrecisions(answer));
                } catch (IOException e) {
                    throw new ConnectException("Dataverse " + type + " of table " + logicalName
                            + " is not valid JSON", e);
                }
            }
            m = MetadataReader.withPrecisions(m, precisions);
        }
        return m;
    }

    /**
     * Sends a page request and streams its rows into {@code handler}.
     *
     * @param what names the call in errors, e.g. "snapshot page of contacts"
     */
    public PageResult readPage(HttpRequest.Builder request, TableSchema schema, PageHandler handler, String what) {
        gate.acquire(gateTimeoutMillis);
        try {
            HttpResponse<InputStream> response = http.sendForStream(request, schema.entitySetName());
            applyDopHint(response);
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw failure(what, response.statusCode(), DataverseError.read(body));
                }
                return absoluteLinks(PageParser.parse(body, schema, handler), response.uri());
            }
        } catch (IOException e) {
            throw new RetriableException("Dataverse " + what + " broke off while reading: " + e.getMessage(), e);
        } finally {
            gate.release();
        }
    }

    /**
     * Links as absolute URLs, so offsets never depend on which page they came from: Microsoft's service returns
     * absolute links, but OData allows relative ones.
     */
    static PageResult absoluteLinks(PageResult page, URI requestUri) {
        String next = resolve(page.nextLink(), requestUri);
        String delta = resolve(page.deltaLink(), requestUri);
        if (java.util.Objects.equals(next, page.nextLink()) && java.util.Objects.equals(delta, page.deltaLink())) {
            return page;
        }
        return new PageResult(page.items(), next, delta, page.unknownColumns());
    }

    private static String resolve(String link, URI base) {
        return link == null ? null : base.resolve(link).toString();
    }

    private byte[] getBytes(HttpRequest.Builder request, String family, String what) {
        gate.acquire(gateTimeoutMillis);
        try {
            HttpResponse<InputStream> response = http.sendForStream(request, family);
            applyDopHint(response);
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw failure(what, response.statusCode(), DataverseError.read(body));
                }
                return body.readAllBytes();
            }
        } catch (IOException e) {
            throw new RetriableException("Dataverse " + what + " broke off while reading: " + e.getMessage(), e);
        } finally {
            gate.release();
        }
    }

    private void applyDopHint(HttpResponse<?> response) {
        response.headers().firstValue("x-ms-dop-hint").ifPresent(v -> {
            try {
                gate.applyHint(Integer.parseInt(v.trim()));
            } catch (NumberFormatException ignored) {
                // A malformed hint is no reason to fail a read.
            }
        });
    }

    private static DataverseApiException failure(String what, int status, DataverseError error) {
        if (error.isExpiredDeltaToken()) {
            return new DeltaTokenExpiredException(what, status, error);
        }
        return new DataverseApiException(what, status, error);
    }
}
