package io.dynamicsdotdigital.dotdigital.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.dynamicsdotdigital.emulator.common.SelfSignedTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTPS relay in front of the emulator's SOAP endpoint that first answers with scripted failures (the emulator
 * injects faults into REST only), then passes requests through unchanged.
 */
final class SoapRelay implements AutoCloseable {
    record Scripted(int status, Map<String, String> headers, String contentType, String body) {
    }

    private final HttpsServer server;
    private final URI target;
    private final HttpClient forward;
    private final ConcurrentLinkedQueue<Scripted> script = new ConcurrentLinkedQueue<>();
    private final AtomicInteger received = new AtomicInteger();

    SoapRelay(String targetSoapUrl) throws IOException {
        this.target = URI.create(targetSoapUrl);
        this.forward = HttpClient.newBuilder().sslContext(SelfSignedTls.shared().clientContext()).build();
        this.server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(SelfSignedTls.shared().serverContext()));
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "soap-relay");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort() + target.getPath();
    }

    void failNext(Scripted failure, int times) {
        for (int i = 0; i < times; i++) {
            script.add(failure);
        }
    }

    static Scripted tooManyRequests(int retryAfterSeconds) {
        return new Scripted(429, Map.of("Retry-After", Integer.toString(retryAfterSeconds)), "text/plain",
                "Too Many Requests");
    }

    static Scripted soapFault(String faultString) {
        return new Scripted(500, Map.of(), "text/xml; charset=utf-8",
                "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault>"
                        + "<faultcode>s:Client</faultcode><faultstring>" + faultString + "</faultstring>"
                        + "</s:Fault></s:Body></s:Envelope>");
    }

    int received() {
        return received.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        received.incrementAndGet();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Scripted failure = script.poll();
        if (failure != null) {
            failure.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.getResponseHeaders().set("Content-Type", failure.contentType());
            respond(exchange, failure.status(), failure.body().getBytes(StandardCharsets.UTF_8));
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (String h : new String[] {"Content-Type", "SOAPAction", "Authorization"}) {
            String v = exchange.getRequestHeaders().getFirst(h);
            if (v != null) {
                request.header(h, v);
            }
        }
        try {
            HttpResponse<byte[]> response = forward.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().firstValue("Content-Type")
                    .ifPresent(v -> exchange.getResponseHeaders().set("Content-Type", v));
            respond(exchange, response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            respond(exchange, 502, new byte[0]);
        }
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
