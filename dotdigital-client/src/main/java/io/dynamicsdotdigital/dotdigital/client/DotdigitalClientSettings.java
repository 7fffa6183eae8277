package io.dynamicsdotdigital.dotdigital.client;

import java.util.Objects;
import org.apache.kafka.common.config.types.Password;

/**
 * What a client needs besides the HTTP and retry settings.
 *
 * @param apiUser      the API user (email-shaped)
 * @param apiPassword  its password
 * @param endpoint     the regional API base URL; blank to discover it through account-info on {@code discoveryUrl}
 * @param discoveryUrl where account-info is asked when {@code endpoint} is blank
 * @param transport    REST or SOAP
 * @param soapUrl      the SOAP service URL; blank for {@code <endpoint>/v2/Api.svc} (the WSDL's service path)
 */
public record DotdigitalClientSettings(String apiUser, Password apiPassword, String endpoint, String discoveryUrl,
                                       DotdigitalTransport transport, String soapUrl) {
    public static final String DEFAULT_DISCOVERY_URL = "https://r1-api.dotdigital.com";
    public static final String SOAP_PATH = "/v2/Api.svc";

    public DotdigitalClientSettings {
        Objects.requireNonNull(apiUser, "apiUser");
        Objects.requireNonNull(apiPassword, "apiPassword");
        endpoint = trimSlash(endpoint);
        discoveryUrl = discoveryUrl == null || discoveryUrl.isBlank() ? DEFAULT_DISCOVERY_URL : trimSlash(discoveryUrl);
        transport = transport == null ? DotdigitalTransport.REST : transport;
        soapUrl = soapUrl == null ? "" : soapUrl.trim();
    }

    /** REST settings with a known endpoint (no discovery). */
    public static DotdigitalClientSettings rest(String apiUser, Password apiPassword, String endpoint) {
        return new DotdigitalClientSettings(apiUser, apiPassword, endpoint, null, DotdigitalTransport.REST, "");
    }

    public DotdigitalClientSettings withTransport(DotdigitalTransport newTransport) {
        return new DotdigitalClientSettings(apiUser, apiPassword, endpoint, discoveryUrl, newTransport, soapUrl);
    }

    public DotdigitalClientSettings withEndpoint(String newEndpoint) {
        return new DotdigitalClientSettings(apiUser, apiPassword, newEndpoint, discoveryUrl, transport, soapUrl);
    }

    public DotdigitalClientSettings withDiscoveryUrl(String newDiscoveryUrl) {
        return new DotdigitalClientSettings(apiUser, apiPassword, endpoint, newDiscoveryUrl, transport, soapUrl);
    }

    public DotdigitalClientSettings withSoapUrl(String newSoapUrl) {
        return new DotdigitalClientSettings(apiUser, apiPassword, endpoint, discoveryUrl, transport, newSoapUrl);
    }

    public boolean discoversEndpoint() {
        return endpoint.isEmpty();
    }

    /** The SOAP URL for a known REST endpoint. */
    public String soapUrlFor(String resolvedEndpoint) {
        return soapUrl.isEmpty() ? trimSlash(resolvedEndpoint) + SOAP_PATH : soapUrl;
    }

    private static String trimSlash(String url) {
        String v = url == null ? "" : url.trim();
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        return v;
    }

    @Override
    public String toString() {
        return "DotdigitalClientSettings{apiUser=" + apiUser + ", apiPassword=[hidden], endpoint="
                + (endpoint.isEmpty() ? "(discover via " + discoveryUrl + ")" : endpoint)
                + ", transport=" + transport + ", soapUrl=" + (soapUrl.isEmpty() ? "(default)" : soapUrl) + "}";
    }
}
