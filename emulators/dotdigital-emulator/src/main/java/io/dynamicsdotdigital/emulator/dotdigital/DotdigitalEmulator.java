package io.dynamicsdotdigital.emulator.dotdigital;

import io.dynamicsdotdigital.emulator.common.EmulatorHttpServer;
import io.dynamicsdotdigital.emulator.common.FaultPlan;
import io.dynamicsdotdigital.emulator.common.RequestLog;
import io.dynamicsdotdigital.emulator.common.SelfSignedTls;
import io.dynamicsdotdigital.emulator.dotdigital.Model.CampaignSend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * An in-memory Dotdigital account behind real servers on 127.0.0.1: v2 and v3 REST on {@link #baseUrl()} (and, for
 * an account in region 2, on {@link #accountRegionUrl()}), v2 SOAP on {@link #soapUrl()}.
 */
public final class DotdigitalEmulator implements AutoCloseable {

    /** Configures and builds an emulator; {@link DotdigitalEmulator#start()} opens the ports. */
    public static final class Builder {
        private int port;
        private boolean https = true;
        private String apiUser = "apiuser-demo@apiconnector.com";
        private String apiPassword = "demo-password";
        private int region = 1;
        private int rateLimitPerMinute;
        private boolean resetAsSeconds;
        private boolean resubscribeWithoutChallenge;
        private boolean soap = true;
        private int soapPort;
        private DotdigitalSeed seed;
        private Duration importDelay = Duration.ofMillis(50);

        private Builder() {
        }

        /** The r1 REST port; 0 for any free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** HTTPS (default) with {@link SelfSignedTls#shared()}, for REST and SOAP; false for plain HTTP. */
        public Builder https(boolean https) {
            this.https = https;
            return this;
        }

        public Builder apiUser(String user, String password) {
            this.apiUser = Objects.requireNonNull(user);
            this.apiPassword = Objects.requireNonNull(password);
            return this;
        }

        /**
         * 1: the account lives on r1. 2: it lives on a second server ("r2") that the emulator starts; r1 then
         * answers only {@code /v2/account-info} (reporting r2 as ApiEndpoint) and 403 to everything else.
         */
        public Builder accountRegion(int region) {
            if (region != 1 && region != 2) {
                throw new IllegalArgumentException("accountRegion must be 1 or 2, was " + region);
            }
            this.region = region;
            return this;
        }

        /** 0 (default) = unlimited; else X-RateLimit-* headers on every REST call and 429 past the budget. */
        public Builder rateLimitPerMinute(int limit) {
            if (limit < 0) {
                throw new IllegalArgumentException("rateLimitPerMinute must be >= 0");
            }
            this.rateLimitPerMinute = limit;
            return this;
        }

        /** X-RateLimit-Reset as seconds until the window resets instead of the default epoch seconds. */
        public Builder rateLimitResetAsSeconds(boolean seconds) {
            this.resetAsSeconds = seconds;
            return this;
        }

        /**
         * Resubscribing a contact who unsubscribed answers ContactChallenged by default (Dotdigital emails a
         * confirmation); true makes it ContactAdded and Subscribed at once. Other suppressions are never lifted.
         */
        public Builder resubscribeWithoutChallenge(boolean value) {
            this.resubscribeWithoutChallenge = value;
            return this;
        }

        /** Offer the SOAP endpoint (default true); it starts on the first {@link DotdigitalEmulator#soapUrl()}. */
        public Builder soap(boolean soap) {
            this.soap = soap;
            return this;
        }

        /** The SOAP port; 0 (default) for any free port. */
        public Builder soapPort(int port) {
            this.soapPort = port;
            return this;
        }

        public Builder seed(DotdigitalSeed seed) {
            this.seed = seed;
            return this;
        }

        public Builder importProcessingDelay(Duration delay) {
            this.importDelay = Objects.requireNonNull(delay);
            return this;
        }

        public DotdigitalEmulator build() {
            return new DotdigitalEmulator(this);
        }
    }

    private final Builder config;
    private final DotdigitalState state = new DotdigitalState();
    private final ContactImports imports = new ContactImports(state);
    private final FaultPlan faults = new FaultPlan();
    private final RequestLog requests = new RequestLog();
    private final RateLimiter rateLimiter;
    private final CampaignSends sends = new CampaignSends(state);
    private volatile Duration importDelay;
    private final java.util.concurrent.atomic.AtomicLong restHandlerCpuNanos = new java.util.concurrent.atomic.AtomicLong();
    private EmulatorHttpServer r1;
    private EmulatorHttpServer r2;
    private SoapEndpoint soap;
    private boolean closed;

    private DotdigitalEmulator(Builder config) {
        this.config = config;
        this.rateLimiter = new RateLimiter(config.rateLimitPerMinute, Clock.systemUTC());
        this.importDelay = config.importDelay;
        imports.delay(importDelay);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Seeds the state, then opens the REST (and SOAP) ports. */
    public synchronized DotdigitalEmulator start() {
        if (r1 != null) {
            throw new IllegalStateException("already started");
        }
        if (config.seed != null) {
            config.seed.apply(state);
        }
        try {
            r1 = EmulatorHttpServer.start("dotdigital-r1", config.port, config.https, faults, requests,
                    RestFrontEnd::errorBody, new RestFrontEnd(this, config.region == 1));
            if (config.region == 2) {
                r2 = EmulatorHttpServer.start("dotdigital-r2", 0, config.https, faults, requests,
                        RestFrontEnd::errorBody, new RestFrontEnd(this, true));
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("Could not start the Dotdigital emulator", e);
        }
        return this;
    }

    /** r1's base URL without a trailing slash, e.g. {@code https://127.0.0.1:PORT}. */
    public String baseUrl() {
        return r1.baseUri().toString();
    }

    /**
     * The {@code ApiEndpoint} value of {@code /v2/account-info}: the account's region base URL WITH a trailing slash,
     * as Dotdigital reports it ({@code https://r1-api.dotdigital.com/}).
     */
    public String accountRegionUrl() {
        return (r2 != null ? r2.baseUri() : r1.baseUri()) + "/";
    }

    /**
     * The SOAP endpoint address (POST SOAP 1.1 envelopes; {@code ?wsdl} serves the WSDL). The CXF endpoint starts on
     * the first call, so emulators used only over REST do not pay CXF's start-up time.
     */
    public synchronized String soapUrl() {
        if (!config.soap) {
            throw new IllegalStateException("SOAP is disabled (builder.soap(false))");
        }
        if (r1 == null || closed) {
            throw new IllegalStateException(closed ? "the emulator is closed" : "start() the emulator first");
        }
        if (soap == null) {
            soap = SoapEndpoint.start(this, config.soapPort, config.https);
        }
        return soap.url();
    }

    public String apiUser() {
        return config.apiUser;
    }

    public String apiPassword() {
        return config.apiPassword;
    }

    public boolean https() {
        return config.https;
    }

    /** A client TLS context trusting the emulator's certificate. */
    public SSLContext clientSslContext() {
        return SelfSignedTls.shared().clientContext();
    }

    public DotdigitalState state() {
        return state;
    }

    public FaultPlan faults() {
        return faults;
    }

    public RequestLog requests() {
        return requests;
    }

    /** The next import (v2 or v3, REST or SOAP) ends in {@code status} (e.g. Failed, RejectedByWatchdog). */
    public void failNextImport(String status) {
        imports.failNext(status);
    }

    /** Imports stay NotFinished this long (default 50 ms); applies to imports submitted afterwards. */
    public void importProcessingDelay(Duration delay) {
        this.importDelay = Objects.requireNonNull(delay);
        imports.delay(delay);
    }

    /** Finishes every NotFinished import now. */
    public void processPendingImports() {
        imports.processAllNow();
    }

    /** Changes the per-minute budget at run time (0 = unlimited) and starts a fresh one-minute window. */
    public void rateLimitPerMinute(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("rateLimitPerMinute must be >= 0");
        }
        rateLimiter.limit(limit);
    }

    /** Campaign sends report Sending this long before Sent (default 50 ms). */
    public void sendProcessingDelay(Duration delay) {
        sends.delay(delay);
    }

    /** Every campaign send received so far (REST and SOAP), oldest first, with its resolved recipients. */
    public List<Model.RecordedSend> campaignSends() {
        return sends.recorded();
    }

    /** Sends received with no address book and no contact: the real API mails every contact of the account. */
    public List<Model.RecordedSend> emptyTargetSends() {
        return sends.recorded().stream().filter(Model.RecordedSend::emptyTarget).toList();
    }

    /** While true, sends stay Sending ("stuck in Processing"); false lets them finish. */
    public void holdSendsInSending(boolean hold) {
        sends.holdInSending(hold);
    }

    /** The next send accepted ends in {@code status} (NotSent, Cancelled, ...) instead of Sent. */
    public void endNextSendIn(String status) {
        sends.endNextIn(status);
    }

    /**
     * The next {@code count} REST sends are applied (recorded, they will go out) but the connection is then dropped
     * without an answer: the caller cannot know whether its call went through.
     */
    public void dropAnswerOfNextSends(int count) {
        sends.dropNextAnswers(count);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (soap != null) {
            soap.close();
            soap = null;
        }
        if (r2 != null) {
            r2.close();
        }
        if (r1 != null) {
            r1.close();
        }
        imports.close();
    }

    /** CPU time spent in REST handler threads so far (request parsing, routing, JSON, TLS writes). */
    public Duration restHandlerCpuTime() {
        return Duration.ofNanos(restHandlerCpuNanos.get());
    }

    // ---------------------------------------------------------------- package-private collaborators

    void addRestHandlerCpu(long nanos) {
        restHandlerCpuNanos.addAndGet(nanos);
    }

    ContactImports imports() {
        return imports;
    }

    RateLimiter rateLimiter() {
        return rateLimiter;
    }

    boolean rateLimitResetAsSeconds() {
        return config.resetAsSeconds;
    }

    boolean resubscribeWithoutChallenge() {
        return config.resubscribeWithoutChallenge;
    }

    int region() {
        return config.region;
    }

    int accountId() {
        return 424242;
    }

    String baseUrlFor(HttpCall call) {
        int port = call.exchange.getLocalAddress().getPort();
        return r2 != null && r2.port() == port ? r2.baseUri().toString() : r1.baseUri().toString();
    }

    CampaignSends sends() {
        return sends;
    }

    Optional<CampaignSend> sendProgress(String id) {
        return sends.progress(id);
    }
}
