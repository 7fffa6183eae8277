package io.dynamicsdotdigital.dataverse.client.webapi;

import io.dynamicsdotdigital.common.http.HttpClientFactory;
import io.dynamicsdotdigital.common.http.HttpSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.Supplier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * The Dataverse transport for Windows authentication: the {@link HttpClient} API the connectors' shared
 * {@code ApiHttpClient} speaks, carried by the JDK's {@link HttpURLConnection}, because {@code java.net.http} speaks
 * neither NTLM nor Kerberos while {@code HttpURLConnection} runs both itself: NTLMv2 in pure Java (with the
 * {@link Authenticator}'s user and password) and Kerberos/SPNEGO through JGSS (a keytab or ticket cache and
 * {@code krb5.conf}), answering the server's {@code WWW-Authenticate: Negotiate|NTLM} challenges on the same
 * keep-alive connection. It is part of the JDK, so it is maintained with it and adds no dependency (Apache
 * HttpClient 5 has deprecated its NTLM support).
 *
 * <p>Only synchronous sends with the GET and POST requests the Dataverse client makes are supported; request bodies
 * are buffered so that the handshake can send them again.
 */
final class UrlConnectionHttpClient extends HttpClient {
    private final HttpSettings settings;
    private final SSLContext sslContext;
    private final Supplier<Authenticator> authenticators;
    private final Runnable onAccepted;

    /**
     * @param authenticators a fresh authenticator per request: it answers once, so a refused password is not retried
     * @param onAccepted     told of every answer other than 401: the server took the credentials
     */
    UrlConnectionHttpClient(HttpSettings settings, Supplier<Authenticator> authenticators, Runnable onAccepted) {
        this.settings = settings;
        this.sslContext = HttpClientFactory.sslContext(settings);
        this.authenticators = authenticators;
        this.onAccepted = onAccepted;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException,
            InterruptedException {
        URL url = request.uri().toURL();
        HttpURLConnection c = (HttpURLConnection) url.openConnection(HttpClientFactory.proxy(settings));
        if (c instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(sslContext.getSocketFactory());
        }
        c.setAuthenticator(requestAuthenticator(authenticators.get()));
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setConnectTimeout((int) settings.connectTimeout().toMillis());
        c.setReadTimeout((int) request.timeout().orElse(settings.requestTimeout()).toMillis());
        c.setRequestMethod(request.method());
        request.headers().map().forEach((name, values) -> values.forEach(v -> c.addRequestProperty(name, v)));
        byte[] body = request.bodyPublisher().isPresent() ? collect(request.bodyPublisher().get()) : null;
        boolean sendsBody = body != null && (body.length > 0 || !request.method().equals("GET"));
        c.setDoOutput(sendsBody);
        connect(c);
        if (sendsBody) {
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
        }
        int status = c.getResponseCode();
        if (status != 401) {
            onAccepted.run();
        }
        HttpHeaders headers = headers(c);
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        HttpResponse.BodySubscriber<T> subscriber = handler.apply(new Info(status, headers));
        subscriber.onSubscribe(new StreamSubscription(in == null ? InputStream.nullInputStream() : in, subscriber));
        T value;
        try {
            value = subscriber.getBody().toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
        return new Response<>(status, request, headers, value, request.uri());
    }

    /**
     * Opens the connection (TCP, a proxy tunnel, TLS) before any byte of the request is written, so that a failure
     * here says the server never saw the request. It is reported as java.net.http reports it, which is what
     * ApiHttpClient takes for "never sent" (and so safe to send again even for a creation): a timeout as
     * {@link HttpConnectTimeoutException} (HttpURLConnection's own is a plain SocketTimeoutException, which a read
     * timeout after the request was sent also is); a refused connection or an unknown host as they are.
     */
    private static void connect(HttpURLConnection c) throws IOException {
        try {
            c.connect();
        } catch (SocketTimeoutException e) {
            HttpConnectTimeoutException timeout = new HttpConnectTimeoutException("HTTP connect timed out: "
                    + e.getMessage());
            timeout.initCause(e);
            throw timeout;
        }
    }

    /** The server's challenges go to the Windows credentials, a proxy's to the proxy credentials. */
    private Authenticator requestAuthenticator(Authenticator server) {
        return new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                if (getRequestorType() == RequestorType.PROXY) {
                    return settings.proxyUser().isBlank() ? null : new PasswordAuthentication(settings.proxyUser(),
                            settings.proxyPassword().value().toCharArray());
                }
                return server.requestPasswordAuthenticationInstance(getRequestingHost(), getRequestingSite(),
                        getRequestingPort(), getRequestingProtocol(), getRequestingPrompt(), getRequestingScheme(),
                        getRequestingURL(), getRequestorType());
            }
        };
    }

    private static HttpHeaders headers(HttpURLConnection c) {
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        c.getHeaderFields().forEach((k, v) -> {
            if (k != null) {
                map.put(k, v);
            }
        });
        return HttpHeaders.of(map, (k, v) -> true);
    }

    /** The bytes of a request body publisher (the Dataverse client's bodies are small: JSON and $batch parts). */
    static byte[] collect(HttpRequest.BodyPublisher publisher) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Void> done = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] bytes = new byte[item.remaining()];
                item.get(bytes);
                out.writeBytes(bytes);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the request body", e);
        } catch (ExecutionException e) {
            throw new IOException("could not read the request body: " + e.getCause(), e.getCause());
        }
        return out.toByteArray();
    }

    /** Feeds the response stream to the body subscriber in the threads that ask for it; re-entrant calls queue. */
    private static final class StreamSubscription implements Flow.Subscription {
        private final InputStream in;
        private final HttpResponse.BodySubscriber<?> subscriber;
        private long demand;
        private boolean pumping;
        private volatile boolean finished;

        StreamSubscription(InputStream in, HttpResponse.BodySubscriber<?> subscriber) {
            this.in = in;
            this.subscriber = subscriber;
        }

        @Override
        public synchronized void request(long n) {
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            if (pumping) {
                return;
            }
            pumping = true;
            try {
                while (demand > 0 && !finished) {
                    byte[] chunk = new byte[16 * 1024];
                    int read;
                    try {
                        read = in.read(chunk);
                    } catch (IOException e) {
                        finish();
                        subscriber.onError(e);
                        return;
                    }
                    if (read < 0) {
                        finish();
                        subscriber.onComplete();
                        return;
                    }
                    demand--;
                    subscriber.onNext(List.of(ByteBuffer.wrap(chunk, 0, read)));
                }
            } finally {
                pumping = false;
            }
        }

        @Override
        public void cancel() {
            finish();
        }

        private void finish() {
            if (!finished) {
                finished = true;
                try {
                    in.close();
                } catch (IOException ignored) {
                    // Nothing more is read from it.
                }
            }
        }
    }

    private record Info(int statusCode, HttpHeaders headers) implements HttpResponse.ResponseInfo {
        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }

    private record Response<T>(int statusCode, HttpRequest request, HttpHeaders headers, T body, URI uri)
            implements HttpResponse<T> {
        @Override
        public Optional<HttpResponse<T>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
                                                            HttpResponse.BodyHandler<T> handler) {
        throw new UnsupportedOperationException("the Windows-authentication transport only sends synchronously");
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> push) {
        return sendAsync(request, handler);
    }

    @Override
    public Optional<java.net.CookieHandler> cookieHandler() {
        return Optional.empty();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return Optional.of(settings.connectTimeout());
    }

    @Override
    public Redirect followRedirects() {
        return Redirect.NEVER;
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return Optional.empty();
    }

    @Override
    public SSLContext sslContext() {
        return sslContext;
    }

    @Override
    public SSLParameters sslParameters() {
        return sslContext.getDefaultSSLParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return Optional.empty();
    }

    @Override
    public HttpClient.Version version() {
        return HttpClient.Version.HTTP_1_1;
    }

    @Override
    public Optional<Executor> executor() {
        return Optional.empty();
    }
}
