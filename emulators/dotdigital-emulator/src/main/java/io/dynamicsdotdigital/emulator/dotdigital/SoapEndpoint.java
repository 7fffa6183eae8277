package io.dynamicsdotdigital.emulator.dotdigital;

import io.dynamicsdotdigital.dotdigital.soap.v2.ApiService;
import io.dynamicsdotdigital.emulator.common.SelfSignedTls;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManager;
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
 * Publishes {@link SoapContactOperations} and {@link SoapCampaignOperations} (through
 * {@link SoapOperationDispatcher}) with CXF on its own Jetty port at {@code /v2/api.svc} (Dotdigital's SOAP
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
                tls.setKeyManagers(SelfSignedTls.shared().keyManagers());
                tls.setSecureSocketProtocol("TLSv1.2");
                bus.getExtension(JettyHTTPServerEngineFactory.class).setTLSServerParametersForPort("127.0.0.1", p, tls);
            }
            String url = (https ? "https" : "http") + "://127.0.0.1:" + p + PATH;
            JaxWsServerFactoryBean factory = new JaxWsServerFactoryBean();
            factory.setBus(bus);
            factory.setServiceClass(ApiService.class);
            factory.setServiceBean(SoapOperationDispatcher.serving(new SoapContactOperations(emu),
                    new SoapCampaignOperations(emu)));
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

    /**
     * Before any operation runs: counts the call (request log key {@code SOAP <Operation>}), checks the API user's
     * Basic credentials (HTTP 401), applies the account's per-minute rate limit (HTTP 429 with Retry-After) and the
     * scripted faults matched against the path {@code /v2/Api.svc/<Operation>}.
     */
    private static final class BasicAuth extends AbstractPhaseInterceptor<Message> {
        private final DotdigitalEmulator emu;

        BasicAuth(DotdigitalEmulator emu) {
            super(Phase.RECEIVE);
            this.emu = emu;
        }

        static String operation(Message message) {
            Object headers = message.get(Message.PROTOCOL_HEADERS);
            if (headers instanceof java.util.Map<?, ?> map) {
                for (java.util.Map.Entry<?, ?> e : map.entrySet()) {
                    if (String.valueOf(e.getKey()).equalsIgnoreCase("SOAPAction")
                            && e.getValue() instanceof java.util.List<?> values && !values.isEmpty()) {
                        String action = String.valueOf(values.get(0)).replace("\"", "");
                        return action.substring(action.lastIndexOf('/') + 1);
                    }
                }
            }
            return "Unknown";
        }

        @Override
        public void handleMessage(Message message) {
            String operation = operation(message);
            emu.requests().record("SOAP " + operation);
            Object response = message.get(AbstractHTTPDestination.HTTP_RESPONSE);
            HttpServletResponse http = response instanceof HttpServletResponse r ? r : null;
            AuthorizationPolicy policy = message.get(AuthorizationPolicy.class);
            if (policy == null || !emu.apiUser().equals(policy.getUserName())
                    || !emu.apiPassword().equals(policy.getPassword())) {
                answer(message, http, 401, java.util.Map.of("WWW-Authenticate", "Basic realm=\"Dotdigital API\""),
                        "text/plain; charset=utf-8", "Authorization has been denied for this request.");
                return;
            }
            RateLimiter.Window w = emu.rateLimiter().acquire();
            if (!w.allowed()) {
                answer(message, http, 429, java.util.Map.of("Retry-After", Long.toString(w.secondsUntilReset())),
                        "text/plain; charset=utf-8", "Your account has generated excess API activity and is being "
                                + "temporarily capped. ERROR_APIUSAGE_EXCEEDED");
                return;
            }
            java.util.Optional<io.dynamicsdotdigital.emulator.common.Fault> fault =
                    emu.faults().take("POST", PATH + "/" + operation);
            if (fault.isEmpty()) {
                return;
            }
            io.dynamicsdotdigital.emulator.common.Fault f = fault.get();
            switch (f.kind()) {
                case DELAY -> {
                    try {
                        Thread.sleep(f.delay().toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                case RESET -> answer(message, http, 500, java.util.Map.of("Connection", "close"), null, null);
                default -> answer(message, http, f.status(), f.headers(),
                        f.body() != null ? "text/xml; charset=utf-8" : "text/plain; charset=utf-8",
                        f.body() != null ? f.body() : "Emulated HTTP " + f.status());
            }
        }

        private static void answer(Message message, HttpServletResponse http, int status,
                                   java.util.Map<String, String> headers, String contentType, String body) {
            if (http == null) {
                throw new Fault(new IllegalStateException("HTTP " + status));
            }
            try {
                http.setStatus(status);
                headers.forEach(http::setHeader);
                if (body != null) {
                    http.setContentType(contentType);
                    http.getOutputStream().write(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                http.flushBuffer();
            } catch (IOException e) {
                throw new Fault(e);
            }
            message.getInterceptorChain().abort();
        }
    }
}
