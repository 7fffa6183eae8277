package io.dynamicsdotdigital.dotdigital.client;

import io.dynamicsdotdigital.common.auth.BasicAuthProvider;
import io.dynamicsdotdigital.common.http.ApiCallListener;
import io.dynamicsdotdigital.common.http.ApiHttpClient;
import io.dynamicsdotdigital.common.http.HttpClientFactory;
import io.dynamicsdotdigital.common.http.HttpSettings;
import io.dynamicsdotdigital.common.http.ResilienceSettings;
import io.dynamicsdotdigital.dotdigital.client.rest.RestDotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.soap.SoapDotdigitalClient;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds a {@link DotdigitalClient} for the configured transport, discovering the regional endpoint if needed. */
public final class DotdigitalClients {
    private static final Logger log = LoggerFactory.getLogger(DotdigitalClients.class);
    /** Names the API in errors and keys its shared call budget; REST and SOAP use the same. */
    public static final String API_NAME = "Dotdigital";

    private DotdigitalClients() {
    }

    /**
     * @param listener metrics listener (for example connect-common's ConnectorMetrics), or null
     * @throws org.apache.kafka.common.config.ConfigException for a URL the HTTP settings refuse
     * @throws DotdigitalApiException when discovery fails
     */
    public static DotdigitalClient create(DotdigitalClientSettings settings, HttpSettings httpSettings,
                                          ResilienceSettings resilience, ApiCallListener listener) {
        ApiHttpClient http = new ApiHttpClient(API_NAME, httpSettings, resilience,
                new BasicAuthProvider(settings.apiUser(), settings.apiPassword()), settings.apiUser(), listener);
        String endpoint = resolveEndpoint(settings, httpSettings, http);
        // Imports and creations are not repeated by the HTTP layer after a timeout or 502-504: the first attempt
        // may have been applied, and only the caller knows whether sending again is safe.
        ApiHttpClient once = new ApiHttpClient(API_NAME, httpSettings, resilience.withMaxAttempts(1),
                new BasicAuthProvider(settings.apiUser(), settings.apiPassword()), settings.apiUser(), listener);
        RestDotdigitalClient rest = new RestDotdigitalClient(http, once, endpoint);
        if (settings.transport() == DotdigitalTransport.REST) {
            return rest;
        }
        String soapUrl = settings.soapUrlFor(endpoint);
        HttpClientFactory.requireAllowedScheme(URI.create(soapUrl), httpSettings,
                settings.soapUrl().isEmpty() ? DotdigitalConfigDefs.API_ENDPOINT : DotdigitalConfigDefs.SOAP_URL);
        return new SoapDotdigitalClient(soapUrl, settings.apiUser(), settings.apiPassword(), httpSettings, resilience,
                listener, rest);
    }

    /** The configured endpoint, or the ApiEndpoint account-info reports on the discovery URL. */
    public static String resolveEndpoint(DotdigitalClientSettings settings, HttpSettings httpSettings,
                                         ApiHttpClient http) {
        if (!settings.discoversEndpoint()) {
            HttpClientFactory.requireAllowedScheme(URI.create(settings.endpoint()), httpSettings,
                    DotdigitalConfigDefs.API_ENDPOINT);
            return settings.endpoint();
        }
        HttpClientFactory.requireAllowedScheme(URI.create(settings.discoveryUrl()), httpSettings,
                DotdigitalConfigDefs.DISCOVERY_URL);
        RestDotdigitalClient discovery = new RestDotdigitalClient(http, settings.discoveryUrl());
        String endpoint = discovery.accountInfo().apiEndpoint().orElseThrow(() -> new DotdigitalApiException(
                "Dotdigital GET /v2/account-info on " + settings.discoveryUrl() + " (" + DotdigitalConfigDefs.DISCOVERY_URL
                        + ") returned no ApiEndpoint property; set " + DotdigitalConfigDefs.API_ENDPOINT
                        + " explicitly", 200, ""));
        HttpClientFactory.requireAllowedScheme(URI.create(endpoint), httpSettings, DotdigitalConfigDefs.API_ENDPOINT);
        log.info("Dotdigital account of API user {} lives at {} (discovered through {})", settings.apiUser(),
                endpoint, settings.discoveryUrl());
        return endpoint;
    }
}
