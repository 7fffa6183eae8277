package io.dynamicsdotdigital.common.http;

import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.common.config.types.Password;

/** Transport settings: timeouts, proxy, TLS trust and whether plain HTTP is allowed. Immutable. */
public final class HttpSettings {
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final String proxyHost;
    private final int proxyPort;
    private final String proxyUser;
    private final Password proxyPassword;
    private final String trustStorePath;
    private final Password trustStorePassword;
    private final String trustStoreType;
    private final boolean allowPlainHttp;

    private HttpSettings(Builder b) {
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.proxyHost = b.proxyHost;
        this.proxyPort = b.proxyPort;
        this.proxyUser = b.proxyUser;
        this.proxyPassword = b.proxyPassword;
        this.trustStorePath = b.trustStorePath;
        this.trustStorePassword = b.trustStorePassword;
        this.trustStoreType = b.trustStoreType;
        this.allowPlainHttp = b.allowPlainHttp;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** Blank when no proxy is used. */
    public String proxyHost() {
        return proxyHost;
    }

    public int proxyPort() {
        return proxyPort;
    }

    public String proxyUser() {
        return proxyUser;
    }

    public Password proxyPassword() {
        return proxyPassword;
    }

    /** Blank for the JVM's default trust. */
    public String trustStorePath() {
        return trustStorePath;
    }

    public Password trustStorePassword() {
        return trustStorePassword;
    }

    public String trustStoreType() {
        return trustStoreType;
    }

    public boolean allowPlainHttp() {
        return allowPlainHttp;
    }

    public boolean usesProxy() {
        return proxyHost != null && !proxyHost.isBlank();
    }

    @Override
    public String toString() {
        return "HttpSettings{connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", proxy=" + (usesProxy() ? proxyHost + ":" + proxyPort : "none")
                + ", proxyUser=" + (proxyUser == null || proxyUser.isBlank() ? "none" : proxyUser)
                + ", trustStore=" + (trustStorePath == null || trustStorePath.isBlank() ? "default" : trustStorePath)
                + ", allowPlainHttp=" + allowPlainHttp + "}";
    }

    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private String proxyHost = "";
        private int proxyPort = 0;
        private String proxyUser = "";
        private Password proxyPassword = new Password("");
        private String trustStorePath = "";
        private Password trustStorePassword = new Password("");
        private String trustStoreType = "PKCS12";
        private boolean allowPlainHttp;

        public Builder connectTimeout(Duration v) {
            this.connectTimeout = Objects.requireNonNull(v);
            return this;
        }

        public Builder requestTimeout(Duration v) {
            this.requestTimeout = Objects.requireNonNull(v);
            return this;
        }

        public Builder proxy(String host, int port) {
            this.proxyHost = host == null ? "" : host;
            this.proxyPort = port;
            return this;
        }

        public Builder proxyCredentials(String user, Password password) {
            this.proxyUser = user == null ? "" : user;
            this.proxyPassword = password == null ? new Password("") : password;
            return this;
        }

        public Builder trustStore(String path, Password password, String type) {
            this.trustStorePath = path == null ? "" : path;
            this.trustStorePassword = password == null ? new Password("") : password;
            this.trustStoreType = type == null || type.isBlank() ? "PKCS12" : type;
            return this;
        }

        public Builder allowPlainHttp(boolean v) {
            this.allowPlainHttp = v;
            return this;
        }

        public HttpSettings build() {
            return new HttpSettings(this);
        }
    }
}
