package io.dynamicsdotdigital.common.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;

/** Builds the one kind of {@link HttpClient} every connector uses, from {@link HttpSettings}. */
public final class HttpClientFactory {
    private HttpClientFactory() {
    }

    public static HttpClient create(HttpSettings settings) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(sslContext(settings));
        SSLParameters params = new SSLParameters();
        params.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        builder.sslParameters(params);
        if (settings.usesProxy()) {
            builder.proxy(ProxySelector.of(new InetSocketAddress(settings.proxyHost(), settings.proxyPort())));
            if (!settings.proxyUser().isBlank()) {
                builder.authenticator(proxyAuthenticator(settings));
            }
        }
        return builder.build();
    }

    /** The proxy as a {@link Proxy}, for libraries (msal4j) that take one. */
    public static Proxy proxy(HttpSettings settings) {
        if (!settings.usesProxy()) {
            return Proxy.NO_PROXY;
        }
        return new Proxy(Proxy.Type.HTTP, new InetSocketAddress(settings.proxyHost(), settings.proxyPort()));
    }

    /** The JVM's default trust, or exactly the configured trust store. */
    public static SSLContext sslContext(HttpSettings settings) {
        try {
            if (settings.trustStorePath().isBlank()) {
                return SSLContext.getDefault();
            }
            KeyStore trust = KeyStore.getInstance(settings.trustStoreType());
            Path path = Path.of(settings.trustStorePath());
            char[] password = settings.trustStorePassword().value().isEmpty()
                    ? null : settings.trustStorePassword().value().toCharArray();
            try (InputStream in = Files.newInputStream(path)) {
                trust.load(in, password);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            // The cause's message can name the store but never its password.
            throw new ConfigException(HttpConfigDefs.TRUSTSTORE_PATH, settings.trustStorePath(),
                    "could not load the trust store (" + settings.trustStoreType() + "): " + e.getMessage());
        }
    }

    /**
     * Refuses plain HTTP unless the settings allow it, so a typo cannot send credentials in clear text.
     *
     * @param setting the configuration key the URL came from, named in the error
     */
    public static void requireAllowedScheme(URI uri, HttpSettings settings, String setting) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (scheme.equals("https")) {
            return;
        }
        if (scheme.equals("http") && settings.allowPlainHttp()) {
            return;
        }
        if (scheme.equals("http")) {
            throw new ConfigException(setting, uri.toString(), "plain HTTP is refused; use https:// or set "
                    + HttpConfigDefs.ALLOW_PLAIN_HTTP + "=true (local emulators and tests only)");
        }
        throw new ConfigException(setting, uri.toString(), "must be an https:// URL");
    }

    private static Authenticator proxyAuthenticator(HttpSettings settings) {
        String user = settings.proxyUser();
        char[] password = settings.proxyPassword().value().toCharArray();
        return new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                if (getRequestorType() == RequestorType.PROXY) {
                    return new PasswordAuthentication(user, password);
                }
                return null;
            }
        };
    }
}
