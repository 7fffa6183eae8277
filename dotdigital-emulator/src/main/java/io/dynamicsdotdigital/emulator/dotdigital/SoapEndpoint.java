package io.dynamicsdotdigital.emulator.dotdigital;

import io.dynamicsdotdigital.dotdigital.soap.v2.ApiService;
import io.dynamicsdotdigital.emulator.common.SelfSignedTls;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.configuration.jsse.TLSServerParameters;
import org.apache.cxf.configuration.security.AuthorizationPolicy;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.jaxws.JaxWsServerFactoryBean;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.transport.http.AbstractHTTPDestination;
import org.apache.cxf.transport.http_jetty.JettyHTTPServerEngineFactory;

/**
 * Publishes {@link DotdigitalSoapService} with CXF on its own Jetty port at {@code /v2/api.svc} (Dotdigital's SOAP
 * path), HTTPS with the emulator certificate, HTTP Basic auth checked against the API user.
 */
final class SoapEndpoint implements AutoCloseable {
    static final String PATH = "/v2/Api.svc";

    private final Bus bus;
    private final Server server;
    private final String url;

    private SoapEndpoint(Bus bus, Server server, String url) {
        this.bus = bus;
        this.server = server;
        this.url = url;
    }

    static SoapEndpoint start(DotdigitalEmulator emu, int port, boolean https) {
        int p = port == 0 ? freePort() : port;
        Bus bus = BusFactory.newInstance().createBus();
        try {
            if (https) {
                TLSServerParameters tls = new TLSServerParameters();
                tls.setKeyManagers(keyManagers(SelfSignedTls.shared()));
                tls.setSecureSocketProtocol("TLSv1.2");
                bus.getExtension(JettyHTTPServerEngineFactory.class).setTLSServerParametersForPort("127.0.0.1", p, tls);
            }
            String url = (https ? "https" : "http") + "://127.0.0.1:" + p + PATH;
            JaxWsServerFactoryBean factory = new JaxWsServerFactoryBean();
            factory.setBus(bus);
            factory.setServiceClass(ApiService.class);
            factory.setServiceBean(new DotdigitalSoapService(emu));
            factory.setAddress(url);
            factory.getInInterceptors().add(new BasicAuth(emu));
            Server server = factory.create();
            return new SoapEndpoint(bus, server, url);
        } catch (GeneralSecurityException | IOException e) {
            bus.shutdown(false);
            throw new IllegalStateException("Could not configure TLS for the SOAP endpoint", e);
        } catch (RuntimeException e) {
            bus.shutdown(false);
            throw e;
        }
    }

    /**
     * emulator-common exposes the certificate's SSLContext but not its key managers, which CXF's Jetty engine
     * needs; the key store is read reflectively until emulator-common offers it (see the README).
     */
    private static KeyManager[] keyManagers(SelfSignedTls tls) throws GeneralSecurityException {
        try {
            Field ks = SelfSignedTls.class.getDeclaredField("keyStore");
            Field pw = SelfSignedTls.class.getDeclaredField("password");
            ks.setAccessible(true);
            pw.setAccessible(true);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init((KeyStore) ks.get(tls), (char[]) pw.get(tls));
            return kmf.getKeyManagers();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("emulator-common's SelfSignedTls no longer has the expected fields", e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for the SOAP endpoint", e);
        }
    }

    String url() {
        return url;
    }

    @Override
    public void close() {
        server.stop();
        server.destroy();
        bus.shutdown(true);
    }

    /** Rejects calls without the API user's Basic credentials with HTTP 401 before any operation runs. */
    private static final class BasicAuth extends AbstractPhaseInterceptor<Message> {
        private final DotdigitalEmulator emu;

        BasicAuth(DotdigitalEmulator emu) {
            super(Phase.RECEIVE);
            this.emu = emu;
        }

        @Override
        public void handleMessage(Message message) {
            emu.requests().record("SOAP " + PATH);
            AuthorizationPolicy policy = message.get(AuthorizationPolicy.class);
            if (policy != null && emu.apiUser().equals(policy.getUserName())
                    && emu.apiPassword().equals(policy.getPassword())) {
                return;
            }
            Object response = message.get(AbstractHTTPDestination.HTTP_RESPONSE);
            if (response instanceof HttpServletResponse http) {
                try {
                    http.setStatus(401);
                    http.setHeader("WWW-Authenticate", "Basic realm=\"Dotdigital API\"");
                    http.setContentType("text/plain; charset=utf-8");
                    http.getOutputStream().write("Authorization has been denied for this request."
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    http.flushBuffer();
                } catch (IOException e) {
                    throw new Fault(e);
                }
                message.getInterceptorChain().abort();
                return;
            }
            throw new Fault(new SecurityException("Authorization has been denied for this request."));
        }
    }
}
