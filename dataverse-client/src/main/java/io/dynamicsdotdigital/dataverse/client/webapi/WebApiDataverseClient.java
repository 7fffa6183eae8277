package io.dynamicsdotdigital.dataverse.client.webapi;

import io.dynamicsdotdigital.common.http.ApiCallListener;
import io.dynamicsdotdigital.common.http.ApiHttpClient;
import io.dynamicsdotdigital.common.http.ResilienceSettings;
import io.dynamicsdotdigital.dataverse.client.DataverseApiException;
import io.dynamicsdotdigital.dataverse.client.DataverseClient;
import io.dynamicsdotdigital.dataverse.client.DataverseConnectionConfig;
import io.dynamicsdotdigital.dataverse.client.DataverseError;
import io.dynamicsdotdigital.dataverse.client.DeltaTokenExpiredException;
import io.dynamicsdotdigital.dataverse.client.EntityKeys;
import io.dynamicsdotdigital.dataverse.client.EntityMetadata;
import io.dynamicsdotdigital.dataverse.client.FetchXmlPage;
import io.dynamicsdotdigital.dataverse.client.PageQuery;
import io.dynamicsdotdigital.dataverse.client.PageResult;
import io.dynamicsdotdigital.dataverse.client.RequestGate;
import io.dynamicsdotdigital.dataverse.client.RowReader;
import io.dynamicsdotdigital.dataverse.client.WebApiLinks;
import io.dynamicsdotdigital.dataverse.client.WriteRequest;
import io.dynamicsdotdigital.dataverse.client.WriteResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DataverseClient} over the Dataverse Web API and the shared {@link ApiHttpClient} (which retries 429 and 5xx
 * and refreshes the token after a 401), each read inside the connector's concurrency gate. Non-success answers
 * become {@link DataverseApiException}s naming the call; an expired delta token becomes
 * {@link DeltaTokenExpiredException}.
 */
public final class WebApiDataverseClient implements DataverseClient {
    private static final Logger log = LoggerFactory.getLogger(WebApiDataverseClient.class);
    /** The scale of Decimal and Money columns whose precision the service does not report. */
    public static final int DEFAULT_DECIMAL_SCALE = EntityMetadata.DEFAULT_DECIMAL_SCALE;
    private final ApiHttpClient http;
    private final WebApiRequests requests;
    private final RequestGate gate;
    private final long gateTimeoutMillis;
    private final HttpResponse.BodyHandler<InputStream> boundedBody;
    private final BatchWriter batches;
    /** Set once the service refused the fuller attribute $select, so later metadata reads skip that attempt. */
    private volatile boolean basicMetadataOnly;
    /** How the client signs in; null in tests that build the client around their own ApiHttpClient. */
    private SignIn signIn;
    private boolean version8;
    private final ServerChecks checks;
    /** Set once the service refused a precision cast, so the warning is not repeated on every metadata refresh. */
    private volatile boolean precisionWarned;

    WebApiDataverseClient(ApiHttpClient http, URI webApiRoot, int pageSize, RequestGate gate, long gateTimeoutMillis) {
        this.http = http;
        this.requests = new WebApiRequests(webApiRoot, pageSize);
        this.gate = gate;
        this.gateTimeoutMillis = gateTimeoutMillis;
        this.boundedBody = DeadlineBody.handler(http.httpSettings().requestTimeout());
        this.batches = new BatchWriter(http, requests.webApiRoot());
        this.checks = new ServerChecks(http, requests, gate, gateTimeoutMillis, boundedBody);
    }

    /**
     * A client of the configured organisation, authenticated as the configured application.
     *
     * @param resilience the retry settings (validation uses fewer attempts than tasks)
     * @param budgetKey  the key of the client-side call budget shared in this worker
     * @param listener   observes every call (metrics); null for none
     * @param gate       the concurrency gate of the connector
     * @param pageSize   rows per page read
     */
    public static WebApiDataverseClient create(DataverseConnectionConfig config, ResilienceSettings resilience,
                                               String budgetKey, ApiCallListener listener, RequestGate gate,
                                               int pageSize) {
        SignIn signIn = SignIn.of(config);
        ApiHttpClient http = new ApiHttpClient("Dataverse", signIn.transport(), config.httpSettings(), resilience,
                signIn.auth(), budgetKey, listener);
        WebApiDataverseClient client = new WebApiDataverseClient(http, config.webApiRoot(), pageSize, gate,
                config.httpSettings().requestTimeout().toMillis());
        client.signIn = signIn;
        client.version8 = config.webApiVersion8();
        return client;
    }

    /**
     * Checks that the credentials give a token, then that the Web API accepts them ({@code WhoAmI}). A refused
     * credential becomes a {@link org.apache.kafka.common.config.ConfigException} on the setting at fault (the
     * password, the client secret, {@code dynamics.auth.mode} for an app-only token on premises), free of secrets.
     */
    public void verifyCredentials() {
        checks.verifyCredentials(signIn);
    }

    /**
     * Whether the Web API tracks changes ({@code Prefer: odata.track-changes}). Microsoft documents it from 9.0, so
     * with a v9.x root it is taken as given; with v8.x (Dynamics 2016, 8.x on premises, or a 9.x server reached
     * through a v8.x path) one probe of {@code entitySet} asks, and the answer holds for the whole server.
     */
    @Override
    public boolean changeTrackingThroughWebApi(String entitySet) {
        return !version8 || checks.changeTrackingThroughWebApi(entitySet);
    }

    public URI webApiRoot() {
        return requests.webApiRoot();
    }

    @Override
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
        return missing ? withPrecisions(m, logicalName) : m;
    }

    private EntityMetadata withPrecisions(EntityMetadata m, String logicalName) {
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
        return MetadataReader.withPrecisions(m, precisions);
    }

    /** Empty when the service does not answer this metadata query (older services, restricted users). */
    @Override
    public Optional<EntityKeys> keys(String entitySet) {
        byte[] body;
        try {
            body = getBytes(requests.entityKeys(entitySet), "metadata", "key read of entity set " + entitySet);
        } catch (DataverseApiException e) {
            return Optional.empty();
        }
        try {
            return MetadataReader.parseKeys(body);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public PageResult readPage(PageQuery query, RowReader rows, String what) {
        String entitySet = query instanceof PageQuery.Snapshot s ? s.entitySet()
                : query instanceof PageQuery.Watermark w ? w.entitySet()
                : ((PageQuery.Follow) query).entitySet();
        if (query instanceof PageQuery.Follow f) {
            try {
                WebApiLinks.requireUnder(f.link(), requests.webApiRoot());
            } catch (IllegalArgumentException e) {
                throw new ConnectException("Dataverse " + what + ": refusing to follow a link that " + e.getMessage()
                        .replaceFirst("^the link ", ""));
            }
        }
        HttpRequest.Builder request = requests.page(query);
        gate.acquire(gateTimeoutMillis);
        try {
            HttpResponse<InputStream> response = http.send(request, boundedBody, entitySet);
            applyDopHint(response);
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw failure(what, response.statusCode(), DataverseError.read(body));
                }
                return absoluteLinks(PageParser.parse(body, entitySet, rows), response.uri());
            }
        } catch (IOException e) {
            throw new RetriableException("Dataverse " + what + " broke off while reading: " + e.getMessage(), e);
        } finally {
            gate.release();
        }
    }

    @Override
    public FetchXmlPage readFetchXmlPage(String entitySet, String fetchXml, String what) {
        byte[] body = getBytes(requests.fetchXml(entitySet, fetchXml), entitySet, what);
        try {
            return FetchXmlPageParser.parse(body);
        } catch (IOException e) {
            throw new ConnectException("Dataverse " + what + " answered with a body that is not valid JSON: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Map<String, Object>> readRow(String entitySet, String id, List<String> select, String what) {
        return SingleRow.read(() -> getBytes(requests.row(entitySet, id, select), entitySet, what), what);
    }

    @Override
    public void probeEntitySet(String entitySet) {
        getBytes(requests.probe(entitySet), "probe", "read of entity set '" + entitySet + "'");
    }

    @Override
    public List<WriteResult> write(List<WriteRequest> writes) {
        return batches.write(writes);
    }

    /**
     * Links as absolute URLs, so offsets never depend on which page they came from: Microsoft's service returns
     * absolute links, but OData allows relative ones.
     */
    static PageResult absoluteLinks(PageResult page, URI requestUri) {
        String next = resolve(page.nextLink(), requestUri);
        String delta = resolve(page.deltaLink(), requestUri);
        if (Objects.equals(next, page.nextLink()) && Objects.equals(delta, page.deltaLink())) {
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
            HttpResponse<InputStream> response = http.send(request, boundedBody, family);
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

    DataverseApiException failure(String what, int status, DataverseError error) {
        if (error.isExpiredDeltaToken()) {
            return new DeltaTokenExpiredException(what, status, error);
        }
        if (status == 401 && signIn != null) {
            return new DataverseApiException(what + " (" + signIn.unauthorizedHint() + ")", status, error);
        }
        return new DataverseApiException(what, status, error);
    }
}
