package io.dynamicsdotdigital.emulator.dataverse;

import io.dynamicsdotdigital.emulator.common.EmulatorHttpServer;
import io.dynamicsdotdigital.emulator.common.FaultPlan;
import io.dynamicsdotdigital.emulator.common.RequestLog;
import io.dynamicsdotdigital.emulator.common.SelfSignedTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory Dataverse (Dynamics 365) Web API and Entra ID client-credentials token endpoint on 127.0.0.1.
 *
 * <pre>{@code
 * try (DataverseEmulator emu = DataverseEmulator.builder().seed(DataverseSeed.defaults()).build().start()) {
 *     String orgUrl = emu.orgUrl();          // Web API at orgUrl + "/api/data/v9.2/"
 *     String authority = emu.authorityUrl(); // msal4j authority
 * }
 * }</pre>
 */
public final class DataverseEmulator implements AutoCloseable {
    private final int port;
    private final boolean https;
    private final DataverseSeed seed;
    private final String tenantId;
    private final String clientId;
    private final String clientSecret;
    private final FaultPlan faults = new FaultPlan();
    private final RequestLog requests = new RequestLog();
    private final TokenService tokens;
    private final ServiceProtection serviceProtection = new ServiceProtection();
    private final DeltaTokens deltaTokens = new DeltaTokens();
    private final Privileges privileges = new Privileges();
    private final ManyToManyRelationships relationships = new ManyToManyRelationships();
    private final AtomicLong versions = new AtomicLong(72_200_000L);
    private final Random ids;
    private final String organizationId;
    private final String userId;
    private final String businessUnitId;
    private final Map<String, EmulatedTable> byLogicalName = new ConcurrentHashMap<>();
    private final Map<String, EmulatedTable> bySetName = new ConcurrentHashMap<>();
    private final List<EmulatedTable> tables = new CopyOnWriteArrayList<>();
    private final EmulatedTable.Context context;
    private volatile EmulatorHttpServer apiServer;
    private volatile EmulatorHttpServer tokenServer;
    private volatile Duration processingTime = Duration.ZERO;
    private volatile int dopHint = 4;
    private volatile boolean pagesLeaveOutDeletedRows;
    private final OnPremises onPremises;
    private final ServerVersion serverVersion;
    private volatile ApiAuthentication authentication;
    private volatile AdfsTokenEndpoint adfs;

    private DataverseEmulator(Builder b) {
        this.port = b.port;
        this.https = b.https;
        this.seed = b.seed;
        Random identities = new Random(b.seed.randomSeed() * 31 + 7);
        this.tenantId = b.tenantId != null ? b.tenantId : Values.randomGuid(identities);
        this.clientId = b.clientId != null ? b.clientId : Values.randomGuid(identities);
        this.clientSecret = b.clientSecret != null ? b.clientSecret : "emu~" + Long.toHexString(identities.nextLong() & Long.MAX_VALUE)
                + Long.toHexString(identities.nextLong() & Long.MAX_VALUE);
        this.organizationId = Values.randomGuid(identities);
        this.userId = Values.randomGuid(identities);
        this.businessUnitId = Values.randomGuid(identities);
        this.ids = new Random(b.seed.randomSeed() ^ 0x5DEECE66DL);
        this.tokens = new TokenService(tenantId);
        tokens.registerSecret(clientId, clientSecret);
        this.onPremises = b.onPremises;
        this.serverVersion = b.serverVersion;
        this.context = new EmulatedTable.Context() {
            @Override
            public long nextVersion() {
                return versions.incrementAndGet();
            }

            @Override
            public long currentVersion() {
                return versions.get();
            }

            @Override
            public String newId() {
                synchronized (ids) {
                    return Values.randomGuid(ids);
                }
            }

            @Override
            public Instant now() {
                return Instant.now().truncatedTo(ChronoUnit.SECONDS);
            }
        };
        for (TableDefinition table : StandardTables.all()) {
            defineTable(table);
        }
        for (TableDefinition table : SendTables.all()) {
            defineTable(table);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Seeds the tables and starts the HTTP(S) server(s). */
    public DataverseEmulator start() {
        if (apiServer != null) {
            throw new IllegalStateException("The emulator is already started");
        }
        new SeedGenerator(this, seed.randomSeed()).generate(seed);
        WebApiHandler api = new WebApiHandler(this);
        try {
            apiServer = EmulatorHttpServer.start("dataverse", port, https, faults, requests,
                    DataverseEmulator::errorBodyForStatus, exchange -> {
                        if (tokens.isTokenPath(exchange.getRequestURI().getPath())) {
                            tokens.handle(exchange);
                        } else {
                            api.handle(exchange);
                        }
                    });
            if (!https) {
                // msal4j only accepts https authorities: the token endpoint keeps its own TLS server.
                tokenServer = EmulatorHttpServer.start("dataverse-token", 0, true, faults, requests,
                        DataverseEmulator::errorBodyForStatus, exchange -> {
                            if (tokens.isTokenPath(exchange.getRequestURI().getPath())) {
                                tokens.handle(exchange);
                            } else {
                                api.handle(exchange);
                            }
                        });
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("Could not start the Dataverse emulator on port " + port, e);
        }
        tokens.tokenUrlBase(tokenBase());
        authentication = new ApiAuthentication(this, onPremises);
        if (onPremises != null) {
            adfs = new AdfsTokenEndpoint(onPremises, tokens, orgUrl() + "/");
            tokens.adfs(adfs);
        }
        return this;
    }

    static String errorBodyForStatus(int status) {
        switch (status) {
            case 401:
                return JsonOut.errorBody("0x80072243", "The access token is missing or has expired.");
            case 412:
                return JsonOut.errorBody("0x80060882", "The version of the existing record doesn't match the RowVersion property provided.");
            case 413:
                return JsonOut.errorBody("0x80060888", "The request body is too large.");
            case 429:
                return JsonOut.errorBody(ServiceProtection.REQUESTS_CODE,
                        "Number of requests exceeded the limit of 6000 over time window of 300 seconds.");
            case 503:
                return JsonOut.errorBody("0x80040216", "The service is temporarily unavailable. Try again later.");
            default:
                return JsonOut.errorBody("0x80040216", "An unexpected error occurred (emulated status " + status + ").");
        }
    }

    private String tokenBase() {
        EmulatorHttpServer server = tokenServer != null ? tokenServer : apiServer;
        return "https://127.0.0.1:" + server.port();
    }

    private EmulatorHttpServer started() {
        EmulatorHttpServer server = apiServer;
        if (server == null) {
            throw new IllegalStateException("Call start() first");
        }
        return server;
    }

    // ---- addresses and credentials ----

    /** {@code https://127.0.0.1:PORT} (http when built with {@code https(false)}); the Web API is under /api/data/v9.2/. */
    public String orgUrl() {
        return started().baseUri().toString();
    }

    /** The Web API base, {@code orgUrl() + "/api/data/v9.2/"}. */
    public String webApiUrl() {
        return orgUrl() + "/api/data/v9.2/";
    }

    public int port() {
        return started().port();
    }

    /** The msal4j authority {@code https://127.0.0.1:PORT/<tenantId>/} (always HTTPS). */
    public String authorityUrl() {
        started();
        return tokenBase() + "/" + tenantId + "/";
    }

    /** Same as {@link #authorityUrl()}: with {@code https(false)} it points at the separate HTTPS token server. */
    public String tokenAuthority() {
        return authorityUrl();
    }

    /** The token endpoint: {@code authorityUrl() + "oauth2/v2.0/token"} with the tenant lower-cased, as msal4j posts. */
    public String tokenEndpointUrl() {
        started();
        return tokenBase() + "/" + tenantId.toLowerCase(java.util.Locale.ROOT) + "/oauth2/v2.0/token";
    }

    /** The scope clients request: {@code orgUrl() + "/.default"}. */
    public String scope() {
        return orgUrl() + "/.default";
    }

    /** An msal4j {@code aadInstanceDiscoveryResponse} that makes its token cache work on a non-443 port. */
    public String instanceDiscoveryResponse() {
        String host = "127.0.0.1";
        String withPort = host + ":" + Objects.requireNonNull(tokenBase()).substring(tokenBase().lastIndexOf(':') + 1);
        return "{\"tenant_discovery_endpoint\":\"" + authorityUrl() + "v2.0/.well-known/openid-configuration\","
                + "\"api-version\":\"1.1\",\"metadata\":[{\"preferred_network\":\"" + host + "\",\"preferred_cache\":\""
                + host + "\",\"aliases\":[\"" + host + "\",\"" + withPort + "\"]}]}";
    }

    // ---- on premises ----

    /** The AD FS authority {@code https://127.0.0.1:PORT/adfs/} (always HTTPS), as the 401 challenge names it. */
    public String adfsAuthority() {
        started();
        return tokenBase() + "/adfs/";
    }

    /** The AD FS token endpoint, {@code adfsAuthority() + "oauth2/token"}. */
    public String adfsTokenUrl() {
        return adfsAuthority() + "oauth2/token";
    }

    public ServerVersion serverVersion() {
        return serverVersion;
    }

    ApiAuthentication authentication() {
        return authentication;
    }

    /** AD FS password grants answered with a token so far (on premises with AD FS). */
    public int adfsPasswordGrants() {
        return adfs == null ? 0 : adfs.passwordGrants();
    }

    /** AD FS refresh_token grants answered with a token so far. */
    public int adfsRefreshGrants() {
        return adfs == null ? 0 : adfs.refreshGrants();
    }

    /** NTLM handshakes completed so far (on premises with Windows authentication). */
    public int windowsHandshakes() {
        NtlmChallenges ntlm = authentication == null ? null : authentication.ntlm();
        return ntlm == null ? 0 : ntlm.completedHandshakes();
    }

    /** Kerberos (Negotiate) sign-ins accepted so far (Windows authentication with {@code OnPremises.kerberos}). */
    public int kerberosHandshakes() {
        KerberosAcceptor kerberos = authentication == null ? null : authentication.kerberos();
        return kerberos == null ? 0 : kerberos.completedHandshakes();
    }

    /** The next NTLM handshake fails at its last step, as when the server recycles in the middle of it. */
    public DataverseEmulator loseNextWindowsChallenge() {
        NtlmChallenges ntlm = authentication == null ? null : authentication.ntlm();
        if (ntlm != null) {
            ntlm.loseNextChallenge();
        }
        return this;
    }

    /** Every connection must run the NTLM handshake again, as after an IIS application pool recycle. */
    public DataverseEmulator forgetWindowsSessions() {
        NtlmChallenges ntlm = authentication == null ? null : authentication.ntlm();
        if (ntlm != null) {
            ntlm.forgetSessions();
        }
        return this;
    }

    public String tenantId() {
        return tenantId;
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    String organizationId() {
        return organizationId;
    }

    String userId() {
        return userId;
    }

    String businessUnitId() {
        return businessUnitId;
    }

    /** Another application that may get tokens with a client secret. */
    public DataverseEmulator registerClient(String clientId, String secret) {
        tokens.registerSecret(clientId, secret);
        return this;
    }

    /** Lets {@code clientId} authenticate with a certificate: its RS256 client assertions are verified with it. */
    public DataverseEmulator registerClientCertificate(String clientId, X509Certificate certificate) {
        tokens.registerCertificate(clientId, certificate);
        return this;
    }

    /** {@code expires_in} of tokens issued from now on (msal4j refreshes tokens with 300 s or less left). */
    public DataverseEmulator tokenLifetime(Duration lifetime) {
        tokens.lifetime(lifetime);
        return this;
    }

    /** Every access token issued so far now answers 401. */
    public DataverseEmulator expireAllAccessTokens() {
        tokens.expireAll();
        return this;
    }

    /** Following any deltaLink issued so far for the table answers the 0x80044352 "perform a full sync" error. */
    public DataverseEmulator expireDeltaTokens(String logicalName) {
        deltaTokens.expire(table(logicalName));
        return this;
    }

    /** Delta tokens older than this answer the expired error (Dataverse's default: 7 days). */
    public DataverseEmulator deltaTokenLifetime(Duration lifetime) {
        deltaTokens.lifetime(lifetime);
        return this;
    }

    /** Per user (client id) limits over a sliding window; defaults are Dataverse's 6000 / 300 s / 52. */
    public DataverseEmulator serviceProtection(int requestsPerWindow, Duration window, int maxConcurrent) {
        serviceProtection.configure(requestsPerWindow, window, maxConcurrent);
        return this;
    }

    /** Combined execution time per user and window (default 1,200,000 ms per 300 s). */
    public DataverseEmulator executionTimeLimit(Duration perWindow) {
        serviceProtection.executionTimeLimit(perWindow);
        return this;
    }

    /**
     * Extra time every Web API request spends "executing" after admission: it holds a concurrency slot and counts
     * toward the execution-time limit, like slow queries on the real service. Zero by default.
     */
    public DataverseEmulator processingTime(Duration perRequest) {
        this.processingTime = perRequest;
        return this;
    }

    /**
     * Whether a page after the first leaves out the rows deleted since the first page was read. Off by default: the
     * emulator serves every page of a query from the result set of its first page. Dataverse pages by a paging
     * cookie (the last key read), so a row deleted before its page is read is not on it, and a page can come back
     * with no rows at all.
     */
    public DataverseEmulator pagesLeaveOutDeletedRows(boolean leaveOut) {
        this.pagesLeaveOutDeletedRows = leaveOut;
        return this;
    }

    boolean pagesLeaveOutDeletedRows() {
        return pagesLeaveOutDeletedRows;
    }

    /** The {@code x-ms-dop-hint} header (suggested parallelism) on Web API answers; 4 by default. */
    public DataverseEmulator dopHint(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("dop hint must be at least 1, was " + parallelism);
        }
        this.dopHint = parallelism;
        return this;
    }

    int dopHint() {
        return dopHint;
    }

    Duration processingTime() {
        return processingTime;
    }

    public FaultPlan faults() {
        return faults;
    }

    public RequestLog requests() {
        return requests;
    }

    // ---- tables ----

    /** A table by logical name ({@code contact}, {@code list}, ...). */
    public EmulatedTable table(String logicalName) {
        EmulatedTable table = byLogicalName.get(logicalName);
        if (table == null) {
            throw new NoSuchElementException("No table with logical name '" + logicalName + "'; known: " + byLogicalName.keySet());
        }
        return table;
    }

    EmulatedTable tableOrNull(String logicalName) {
        return byLogicalName.get(logicalName);
    }

    EmulatedTable tableBySetName(String setName) {
        return bySetName.get(setName);
    }

    List<EmulatedTable> tables() {
        return new ArrayList<>(tables);
    }

    /** Adds a (custom) table; it is immediately queryable and listed in metadata. */
    public EmulatedTable defineTable(TableDefinition definition) {
        if (byLogicalName.containsKey(definition.logicalName()) || bySetName.containsKey(definition.entitySetName())) {
            throw new IllegalArgumentException("A table named " + definition.logicalName() + " / "
                    + definition.entitySetName() + " already exists");
        }
        EmulatedTable table = new EmulatedTable(definition, context);
        byLogicalName.put(definition.logicalName(), table);
        bySetName.put(definition.entitySetName(), table);
        tables.add(table);
        return table;
    }

    /** A metadata change at run time: existing rows read null in the new column. */
    public DataverseEmulator addAttribute(String logicalName, String attribute, AttributeType type) {
        return addAttribute(logicalName, AttributeDefinition.of(attribute, type));
    }

    public DataverseEmulator addAttribute(String logicalName, AttributeDefinition attribute) {
        table(logicalName).addAttribute(attribute);
        return this;
    }

    public DataverseEmulator setChangeTracking(String logicalName, boolean enabled) {
        table(logicalName).setChangeTracking(enabled);
        return this;
    }

    /** Adds a row to a static marketing list's members ({@code listmember}) and returns the listmemberid. */
    public String addListMember(String listId, String entityLogicalName, String entityId) {
        if (!table("list").exists(listId)) {
            throw new NoSuchElementException("No list with id " + listId);
        }
        if (!table(entityLogicalName).exists(entityId)) {
            throw new NoSuchElementException("No " + entityLogicalName + " with id " + entityId);
        }
        return table("listmember").create(Map.of("listid", listId, "entityid", entityId, "entitytype", entityLogicalName));
    }

    /** True when the record is a member of the marketing list. */
    public boolean isListMember(String listId, String entityId) {
        EmulatedTable members = table("listmember");
        int listColumn = members.columnByName("_listid_value");
        int entityColumn = members.columnByName("_entityid_value");
        for (Row row : members.snapshot().rows) {
            if (Values.guid(listId).equals(row.get(listColumn)) && Values.guid(entityId).equals(row.get(entityColumn))) {
                return true;
            }
        }
        return false;
    }

    /** Removes a member from a marketing list; false when it was not a member. */
    public boolean removeListMember(String listId, String entityId) {
        EmulatedTable members = table("listmember");
        int listColumn = members.columnByName("_listid_value");
        int entityColumn = members.columnByName("_entityid_value");
        for (Row row : members.snapshot().rows) {
            if (Values.guid(listId).equals(row.get(listColumn)) && Values.guid(entityId).equals(row.get(entityColumn))) {
                members.delete(row.id);
                return true;
            }
        }
        return false;
    }

    /**
     * Relates two rows through an N:N relationship, as {@code POST <set>(id)/<relationship>/$ref} does, e.g.
     * {@code associate("esc_emailsend_list", emailSendId, listId)} (ids in the relationship's table order).
     */
    public DataverseEmulator associate(String relationship, String entity1Id, String entity2Id) {
        ManyToManyRelationships.Definition d = relationships.byName(relationship);
        if (!table(d.entity1()).exists(entity1Id) || !table(d.entity2()).exists(entity2Id)) {
            throw new NoSuchElementException("No " + d.entity1() + " " + entity1Id + " or no " + d.entity2() + " "
                    + entity2Id);
        }
        relationships.associate(d, d.entity1(), entity1Id, entity2Id);
        return this;
    }

    ManyToManyRelationships relationships() {
        return relationships;
    }

    /**
     * Takes a privilege from the application user's role, e.g. {@code prvReadLead} or {@code prvWriteEsc_EmailClick}
     * (prv + Read/Create/Write/Delete + the table's schema name): requests needing it answer 403 naming it.
     */
    public DataverseEmulator revokePrivilege(String privilege) {
        privileges.revoke(privilege);
        return this;
    }

    public DataverseEmulator grantAllPrivileges() {
        privileges.grantAll();
        return this;
    }

    Privileges privileges() {
        return privileges;
    }

    TokenService tokens() {
        return tokens;
    }

    ServiceProtection serviceProtection() {
        return serviceProtection;
    }

    DeltaTokens deltaTokens() {
        return deltaTokens;
    }

    @Override
    public void close() {
        if (apiServer != null) {
            apiServer.close();
        }
        if (tokenServer != null) {
            tokenServer.close();
        }
    }

    /** Runs standalone: {@code [port] [trust-store-path]}; prints the addresses and credentials to use. */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8443;
        DataverseEmulator emu = builder().port(port).seed(DataverseSeed.defaults().contacts(20_000).leads(2_000)
                .accounts(500).marketingLists(3).campaigns(5)).build().start();
        if (args.length > 1) {
            SelfSignedTls.shared().writeTrustStore(Path.of(args[1]), "changeit");
            System.out.println("trust store:   " + args[1] + " (PKCS12, password changeit)");
        }
        System.out.println("org url:       " + emu.orgUrl());
        System.out.println("authority:     " + emu.authorityUrl());
        System.out.println("tenant id:     " + emu.tenantId());
        System.out.println("client id:     " + emu.clientId());
        System.out.println("client secret: " + emu.clientSecret());
        Runtime.getRuntime().addShutdownHook(new Thread(emu::close));
        Thread.currentThread().join();
    }

    /** Settings for a new emulator. */
    public static final class Builder {
        private int port;
        private boolean https = true;
        private DataverseSeed seed = DataverseSeed.defaults();
        private String tenantId;
        private String clientId;
        private String clientSecret;
        private OnPremises onPremises;
        private ServerVersion serverVersion = ServerVersion.V9;

        private Builder() {
        }

        /** 0 (default) picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Default true; false serves the Web API over plain HTTP (the token endpoint stays HTTPS). */
        public Builder https(boolean https) {
            this.https = https;
            return this;
        }

        public Builder seed(DataverseSeed seed) {
            this.seed = Objects.requireNonNull(seed);
            return this;
        }

        public Builder tenantId(String tenantId) {
            this.tenantId = tenantId;
            return this;
        }

        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        public Builder clientSecret(String clientSecret) {
            this.clientSecret = clientSecret;
            return this;
        }

        /** Plays Dynamics 365 on premises: app-only tokens refused, users sign in through AD FS or Windows. */
        public Builder onPremises(OnPremises onPremises) {
            this.onPremises = onPremises;
            return this;
        }

        /** The Dynamics version played; {@link ServerVersion#V9} by default. */
        public Builder serverVersion(ServerVersion version) {
            this.serverVersion = version;
            return this;
        }

        public DataverseEmulator build() {
            return new DataverseEmulator(this);
        }
    }
}
