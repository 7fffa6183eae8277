package io.dynamicsdotdigital.dataverse.client.webapi;

import io.dynamicsdotdigital.common.http.ApiException;
import io.dynamicsdotdigital.common.http.ApiHttpClient;
import io.dynamicsdotdigital.dataverse.client.DataverseApiException;
import io.dynamicsdotdigital.dataverse.client.DataverseError;
import io.dynamicsdotdigital.dataverse.client.RequestGate;
import io.dynamicsdotdigital.dataverse.client.auth.CredentialRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the client asks the server once: whether it accepts the credentials, and whether its Web API tracks changes. */
final class ServerChecks {
    private static final Logger log = LoggerFactory.getLogger(ServerChecks.class);
    private final ApiHttpClient http;
    private final WebApiRequests requests;
    private final RequestGate gate;
    private final long gateTimeoutMillis;
    private final HttpResponse.BodyHandler<InputStream> boundedBody;
    private volatile Boolean webApiTracking;

    ServerChecks(ApiHttpClient http, WebApiRequests requests, RequestGate gate, long gateTimeoutMillis,
                 HttpResponse.BodyHandler<InputStream> boundedBody) {
        this.http = http;
        this.requests = requests;
        this.gate = gate;
        this.gateTimeoutMillis = gateTimeoutMillis;
        this.boundedBody = boundedBody;
    }

    /** @param signIn null when the client was built around a given ApiHttpClient (tests): only the token is checked */
    void verifyCredentials(SignIn signIn) {
        try {
            http.auth().verify();
        } catch (CredentialRejectedException e) {
            throw new ConfigException(e.setting(), "(not shown)", e.getMessage());
        }
        if (signIn == null || !signIn.checkWhoAmI()) {
            return;
        }
        int status;
        gate.acquire(gateTimeoutMillis);
        try {
            HttpResponse<InputStream> response = http.send(requests.whoAmI(), boundedBody, "metadata");
            status = response.statusCode();
            response.body().close();
        } catch (CredentialRejectedException e) {
            throw new ConfigException(e.setting(), "(not shown)", e.getMessage());
        } catch (IOException | ApiException e) {
            // Throttling or an outage proves nothing about the credentials; the reads that follow report it.
            log.debug("WhoAmI gave no answer while checking credentials: {}", e.getMessage());
            return;
        } finally {
            gate.release();
        }
        if (status == 401) {
            throw new ConfigException(signIn.unauthorizedSetting(), "(not shown)", "Dataverse at "
                    + requests.webApiRoot() + " answered 401 to WhoAmI as " + http.auth().describe() + ". "
                    + signIn.unauthorizedHint());
        }
    }

    /** One probe per client: the server answers for all its tables. */
    boolean changeTrackingThroughWebApi(String entitySet) {
        Boolean known = webApiTracking;
        if (known != null) {
            return known;
        }
        gate.acquire(gateTimeoutMillis);
        try {
            HttpResponse<InputStream> response = http.send(requests.trackingProbe(entitySet), boundedBody, entitySet);
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new DataverseApiException("change-tracking probe of " + entitySet, response.statusCode(),
                            DataverseError.read(body));
                }
            }
            known = response.headers().allValues("Preference-Applied").stream()
                    .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("odata.track-changes"));
            webApiTracking = known;
            return known;
        } catch (IOException e) {
            throw new RetriableException("Dataverse change-tracking probe broke off: " + e.getMessage(), e);
        } finally {
            gate.release();
        }
    }
}
