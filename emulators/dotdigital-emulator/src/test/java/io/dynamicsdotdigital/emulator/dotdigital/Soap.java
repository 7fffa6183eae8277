package io.dynamicsdotdigital.emulator.dotdigital;

import io.dynamicsdotdigital.dotdigital.soap.v2.ApiService;
import io.dynamicsdotdigital.emulator.common.SelfSignedTls;
import java.security.GeneralSecurityException;
import javax.net.ssl.TrustManagerFactory;
import org.apache.cxf.configuration.jsse.TLSClientParameters;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;

/** A real CXF JAX-WS client of the generated ApiService over HTTPS with Basic auth. */
final class Soap {
    private Soap() {
    }

    static ApiService client(DotdigitalEmulator emu, String user, String password) {
        // Built from the annotations rather than ApiService_Service's WSDL: the WSDL carries WS-Policy
        // (sp:TransportBinding) assertions that CXF cannot satisfy without WS-Security, failing client creation.
        JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
        factory.setServiceClass(ApiService.class);
        factory.setAddress(emu.soapUrl());
        factory.setUsername(user);
        factory.setPassword(password);
        ApiService port = (ApiService) factory.create();
        Client client = ClientProxy.getClient(port);
        HTTPConduit conduit = (HTTPConduit) client.getConduit();
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(SelfSignedTls.shared().trustStore());
            TLSClientParameters tls = new TLSClientParameters();
            tls.setTrustManagers(tmf.getTrustManagers());
            conduit.setTlsClientParameters(tls);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
        return port;
    }
}
