package io.dynamicsdotdigital.emulator.common;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A real HTTP(S) server on 127.0.0.1 that applies the {@link FaultPlan} and counts requests before handing each
 * exchange to the emulator's handler.
 */
public final class EmulatorHttpServer implements AutoCloseable {

    /** Handles one request; the emulator's routing lives behind this. */
    @FunctionalInterface
    public interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    /** Thrown out of the server's handler on purpose so that the JDK server drops the connection. */
    private static final class ConnectionResetFault extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConnectionResetFault() {
            super("emulated connection reset", null, false, false);
        }
    }

    /**
     * Throw this from a handler, after the request has had its effect, to drop the connection without an answer:
     * the client cannot tell whether the call was applied (an ambiguous outcome).
     */
    public static RuntimeException connectionDropped() {
        return new ConnectionResetFault();
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI baseUri;

    private EmulatorHttpServer(HttpServer server, ExecutorService executor, URI baseUri) {
        this.server = server;
        this.executor = executor;
        this.baseUri = baseUri;
    }

    /**
     * @param port       0 for any free port
     * @param https      serve TLS with {@link SelfSignedTls#shared()}
     * @param errorBody  the emulated API's error body for a status (used by status faults without a body)
     */
    public static EmulatorHttpServer start(String name, int port, boolean https, FaultPlan faults, RequestLog log,
                                           IntFunction<String> errorBody, Handler handler) throws IOException {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        HttpServer server;
        if (https) {
            HttpsServer httpsServer = HttpsServer.create(address, 256);
            httpsServer.setHttpsConfigurator(new HttpsConfigurator(SelfSignedTls.shared().serverContext()));
            server = httpsServer;
        } else {
            server = HttpServer.create(address, 256);
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name + "-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try {
                String path = exchange.getRequestURI().getRawPath();
                log.record(exchange.getRequestMethod() + " " + path);
                Optional<Fault> fault = faults.take(exchange.getRequestMethod(), path);
                if (fault.isPresent() && fault.get().isAfterApplying()) {
                    CapturedAnswerExchange applied = new CapturedAnswerExchange(exchange);
                    handler.handle(applied);
                    if (fault.get().kind() == Fault.Kind.STALL) {
                        applied.forwardHalf(fault.get().delay());
                        throw new ConnectionResetFault();
                    }
                    if (!apply(fault.get(), exchange, errorBody)) {
                        applied.forward(); // a delay: the answer comes late
                    }
                    exchange.close();
                    return;
                }
                if (fault.isPresent() && apply(fault.get(), exchange, errorBody)) {
                    return;
                }
                handler.handle(exchange);
            } catch (ConnectionResetFault reset) {
                throw reset;
            } catch (RuntimeException | IOException e) {
                sendQuietly(exchange, 500, errorBody.apply(500));
                exchange.close();
                return;
            }
            exchange.close();
        });
        server.start();
        String scheme = https ? "https" : "http";
        URI base = URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
        return new EmulatorHttpServer(server, executor, base);
    }

    /** @return true when the fault answered the request itself */
    private static boolean apply(Fault fault, HttpExchange exchange, IntFunction<String> errorBody) throws IOException {
        switch (fault.kind()) {
            case DELAY:
                try {
                    Thread.sleep(fault.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return false;
            case RESET:
                // The JDK server offers no socket access, but it drops the connection of a handler that throws
                // before answering: the client sees the connection closed with no response, as after a reset.
                throw new ConnectionResetFault();
            case STALLED_BODY:
                stallMidBody(fault, exchange);
                throw new ConnectionResetFault();
            case MALFORMED_BODY:
            case STATUS:
            default:
                fault.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
                String body = fault.body() != null ? fault.body() : errorBody.apply(fault.status());
                if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
                    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
                }
                sendQuietly(exchange, fault.status(), body);
                return true;
        }
    }

    /** Sends the headers and the partial body (chunked, so the client cannot know its end), then hangs. */
    private static void stallMidBody(Fault fault, HttpExchange exchange) {
        fault.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        try {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(fault.body().getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(fault.delay().toMillis());
        } catch (IOException ignored) {
            // The client gave up first: what this fault is for.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sendQuietly(HttpExchange exchange, int status, String body) {
        try {
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // The response was already (partly) sent; nothing more can be said to this client.
        }
    }

    public URI baseUri() {
        return baseUri;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
