package io.dynamicsdotdigital.emulator.dataverse;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/** One operation of a {@code $batch}, run through the normal routing with its answer captured in memory. */
final class BatchExchange extends HttpExchange {
    private final HttpExchange parent;
    private final String method;
    private final URI uri;
    private final Headers requestHeaders = new Headers();
    private final Headers responseHeaders = new Headers();
    private InputStream body;
    private OutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream captured = (ByteArrayOutputStream) out;
    private final Map<String, Object> attributes = new HashMap<>();
    private int status = -1;

    BatchExchange(HttpExchange parent, String method, URI uri, Map<String, String> headers, byte[] body) {
        this.parent = parent;
        this.method = method;
        this.uri = uri;
        headers.forEach(requestHeaders::add);
        this.body = new ByteArrayInputStream(body);
    }

    /** The real connection's exchange (for the origin URL). */
    HttpExchange parent() {
        return parent;
    }

    int status() {
        return status;
    }

    byte[] responseBody() {
        return captured.toByteArray();
    }

    @Override
    public Headers getRequestHeaders() {
        return requestHeaders;
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return uri;
    }

    @Override
    public String getRequestMethod() {
        return method;
    }

    @Override
    public HttpContext getHttpContext() {
        return parent.getHttpContext();
    }

    @Override
    public void close() {
        // Nothing to release: everything is in memory.
    }

    @Override
    public InputStream getRequestBody() {
        return body;
    }

    @Override
    public OutputStream getResponseBody() {
        return out;
    }

    @Override
    public void sendResponseHeaders(int rCode, long responseLength) {
        this.status = rCode;
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return parent.getRemoteAddress();
    }

    @Override
    public int getResponseCode() {
        return status;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return parent.getLocalAddress();
    }

    @Override
    public String getProtocol() {
        return "HTTP/1.1";
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public void setStreams(InputStream i, OutputStream o) {
        if (i != null) {
            body = i;
        }
        if (o != null) {
            out = o;
        }
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return null;
    }
}
