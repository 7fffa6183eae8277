package io.dynamicsdotdigital.dotdigital.client.soap;

import io.dynamicsdotdigital.common.http.HttpClientFactory;
import io.dynamicsdotdigital.common.http.HttpSettings;
import org.apache.cxf.configuration.jsse.TLSClientParameters;
import org.apache.cxf.configuration.security.AuthorizationPolicy;
import org.apache.cxf.configuration.security.ProxyAuthorizationPolicy;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.apache.cxf.transports.http.configuration.ProxyServerType;
import org.apache.kafka.common.config.types.Password;

/** Credentials, TLS, timeouts and proxy of the CXF HTTP conduit the SOAP proxy sends through. */
final class SoapConduit {
    private SoapConduit() {
    }

    static void configure(Client client, String user, Password password, HttpSettings settings) {
        HTTPConduit conduit = (HTTPConduit) client.getConduit();
        AuthorizationPolicy auth = new AuthorizationPolicy();
        auth.setAuthorizationType("Basic");
        auth.setUserName(user);
        auth.setPassword(password.value());
        conduit.setAuthorization(auth);

        TLSClientParameters tls = new TLSClientParameters();
        tls.setSslContext(HttpClientFactory.sslContext(settings));
        conduit.setTlsClientParameters(tls);

        HTTPClientPolicy http = new HTTPClientPolicy();
        http.setConnectionTimeout(settings.connectTimeout().toMillis());
        http.setReceiveTimeout(settings.requestTimeout().toMillis());
        http.setAutoRedirect(false);
        if (settings.usesProxy()) {
            http.setProxyServer(settings.proxyHost());
            http.setProxyServerPort(settings.proxyPort());
            http.setProxyServerType(ProxyServerType.HTTP);
            if (!settings.proxyUser().isBlank()) {
                ProxyAuthorizationPolicy proxyAuth = new ProxyAuthorizationPolicy();
                proxyAuth.setUserName(settings.proxyUser());
                proxyAuth.setPassword(settings.proxyPassword().value());
                conduit.setProxyAuthorization(proxyAuth);
            }
        }
        conduit.setClient(http);
    }
}
