package io.dynamicsdotdigital.emulator.common;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * The request of a real exchange, with an answer that is kept here instead of sent: a {@link Fault#afterApplying()}
 * fault lets the emulator carry the request out and then loses or delays its answer.
 */
final class CapturedAnswerExchange extends HttpExchange {
    private final HttpExchange real;
    private final Headers responseHeaders = new Headers();
    private final ByteArrayOutputStream responseBody = new ByteArrayOutputStream();
    private int responseCode = -1;

    CapturedAnswerExchange(HttpExchange real) {
        this.real = real;
    }

    /** Sends the kept answer on the real exchange. */
    void forward() throws IOException {
        real.getResponseHeaders().putAll(responseHeaders);
        byte[] bytes = responseBody.toByteArray();
        real.sendResponseHeaders(responseCode < 0 ? 500 : responseCode, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = real.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Sends the kept answer's status, headers and first half, then waits {@code stall} without sending more. */
    void forwardHalf(java.time.Duration stall) throws IOException {
        real.getResponseHeaders().putAll(responseHeaders);
        byte[] bytes = responseBody.toByteArray();
        real.sendResponseHeaders(responseCode < 0 ? 500 : responseCode, Math.max(2, bytes.length));
        OutputStream out = real.getResponseBody();
        out.write(bytes, 0, bytes.length / 2);
        out.flush();
        try {
            Thread.sleep(stall.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Headers getRequestHeaders() {
        return real.getRequestHeaders();
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return real.getRequestURI();
    }

    @Override
    public String getRequestMethod() {
        return real.getRequestMethod();
    }

    @Override
    public HttpContext getHttpContext() {
        return real.getHttpContext();
    }

    @Override
    public void close() {
        // The real exchange is closed by the server once the fault has answered.
    }

    @Override
    public InputStream getRequestBody() {
        return real.getRequestBody();
    }

    @Override
    public OutputStream getResponseBody() {
        return responseBody;
    }

    @Override
    public void sendResponseHeaders(int rCode, long responseLength) {
        responseCode = rCode;
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return real.getRemoteAddress();
    }

    @Override
    public int getResponseCode() {
        return responseCode;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return real.getLocalAddress();
    }

    @Override
    public String getProtocol() {
        return real.getProtocol();
    }

    @Override
    public Object getAttribute(String name) {
        return real.getAttribute(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        real.setAttribute(name, value);
    }

    @Override
    public void setStreams(InputStream i, OutputStream o) {
        real.setStreams(i, o);
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return real.getPrincipal();
    }
}
