package io.dynamicsdotdigital.dotdigital.sink.preference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.common.http.HttpSettings;
import io.dynamicsdotdigital.common.http.ResilienceSettings;
import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClientSettings;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClients;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalTransport;
import io.dynamicsdotdigital.dotdigital.client.model.ConsentRecord;
import io.dynamicsdotdigital.dotdigital.sink.DotdigitalSinkConfig;
import io.dynamicsdotdigital.dotdigital.sink.record.RejectedRecordException;
import io.dynamicsdotdigital.dotdigital.sink.support.MutableClock;
import io.dynamicsdotdigital.emulator.common.SelfSignedTls;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalEmulator;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalSeed;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Preference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The preference rules against the emulator through the real REST client, without a Connect worker. */
class PreferenceApplierTest {
    static DotdigitalEmulator emu;
    static DotdigitalClient client;
    static Preference news;
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    ConnectorMetrics connectorMetrics;
    PreferenceMetrics metrics;
    PreferenceApplier applier;

    @BeforeAll
    static void startEmulator() throws Exception {
        emu = DotdigitalEmulator.builder().port(0).https(true).soap(false).seed(DotdigitalSeed.empty()).build()
                .start();
        news = emu.state().addPreference("News", 0, Instant.parse("2024-01-01T00:00:00Z"));
        Path trust = SelfSignedTls.shared().writeTrustStore(Files.createDirectories(Path.of("target", "pref-tls"))
                .resolve("truststore.p12"), "changeit");
        HttpSettings http = HttpSettings.builder().connectTimeout(Duration.ofSeconds(5))
                .requestTimeout(Duration.ofSeconds(30)).trustStore(trust.toString(), new Password("changeit"), "PKCS12")
                .build();
        client = DotdigitalClients.create(new DotdigitalClientSettings(emu.apiUser(), new Password(emu.apiPassword()),
                        emu.baseUrl(), null, DotdigitalTransport.REST, ""), http,
                new ResilienceSettings(2, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1), 0, 0,
                        50f, 100, Duration.ofSeconds(1)), null);
    }

    @AfterAll
    static void stop() {
        client.close();
        emu.close();
    }

    @BeforeEach
    void newApplier() {
        Map<String, String> props = new HashMap<>();
        props.put("dotdigital.api.user", emu.apiUser());
        props.put("dotdigital.api.password", emu.apiPassword());
        props.put("dotdigital.api.endpoint", emu.baseUrl());
        props.put(PreferenceConfig.CACHE_TTL_MS, "60000");
        connectorMetrics = new ConnectorMetrics(null, Map.of());
        metrics = new PreferenceMetrics(connectorMetrics);
        applier = new PreferenceApplier(client, PreferenceConfig.from(new DotdigitalSinkConfig(props)), metrics,
                clock);
    }

    private static CrmPreferences change(String email, boolean optedIn, Instant modifiedOn) {
        return new CrmPreferences(email, List.of(new PreferenceChange(news.id(), optedIn, modifiedOn, "test")), null,
                null);
    }

    private static long puts(String email) {
        return emu.requests().count("PUT /v2/contacts/" + email + "/preferences");
    }

    /**
     * Dotdigital stamps this task's own write with the time of the write, later than the Dynamics change it carried;
     * the next Dynamics change is compared with the change written, so it is not taken for an older one.
     */
    @Test
    void aLaterDynamicsChangeWinsOverThisTasksOwnEarlierWrite() {
        String email = "own-write@applier.example";
        emu.state().setOptIn(email, news.id(), false, Instant.now().minusSeconds(3600));
        Instant first = Instant.now().minusSeconds(600);
        applier.apply(change(email, true, first), "r1");
        applier.apply(change(email, false, first.plusSeconds(60)), "r2");
        assertEquals(Boolean.FALSE, emu.state().optInsOf(email).get(news.id()));
        assertEquals(2, puts(email));
    }

    /**
     * The same after a restart (a new applier, nothing in memory): the sink's own write is found in the contact's
     * data field (preferences.written.datafield) with Dotdigital's stamp of it, so the later Dynamics change, stamped
     * before that write, is still compared with the change written and wins. A change made in Dotdigital after the
     * write (another stamp) is compared with Dotdigital's time again.
     */
    @Test
    void aLaterDynamicsChangeWinsOverTheSinksOwnWriteAfterARestart() {
        String email = "restart@applier.example";
        emu.state().setOptIn(email, news.id(), false, Instant.now().minusSeconds(3600));
        Instant first = Instant.now().minusSeconds(600);
        withOwnWritesDataField().apply(change(email, true, first), "r1");
        assertTrue(emu.state().contact(email).orElseThrow().dataFields().get("CRM_PREF_WRITES").toString()
                .startsWith(news.id() + "=1@"));

        withOwnWritesDataField().apply(change(email, false, first.plusSeconds(60)), "r2");
        assertEquals(Boolean.FALSE, emu.state().optInsOf(email).get(news.id()), "skipped against our own write");
        assertEquals(2, puts(email));

        // The contact opts in in Dotdigital after that: an older Dynamics change is skipped again.
        emu.state().setOptIn(email, news.id(), true, Instant.now().plusSeconds(5));
        PreferenceApplier restarted = withOwnWritesDataField();
        restarted.apply(change(email, false, first.plusSeconds(120)), "r3");
        assertEquals(Boolean.TRUE, emu.state().optInsOf(email).get(news.id()));
        assertEquals(2, puts(email));
    }

    private PreferenceApplier withOwnWritesDataField() {
        Map<String, String> props = new HashMap<>();
        props.put("dotdigital.api.user", emu.apiUser());
        props.put("dotdigital.api.password", emu.apiPassword());
        props.put("dotdigital.api.endpoint", emu.baseUrl());
        props.put(PreferenceConfig.WRITTEN_DATAFIELD, "CRM_PREF_WRITES");
        return new PreferenceApplier(client, PreferenceConfig.from(new DotdigitalSinkConfig(props)), metrics, clock);
    }

    /** Within the TTL the cache still says opted in; after it, Dotdigital's opt-out is read and a newer opt-in wins. */
    @Test
    void aChangeMadeInDotdigitalIsSeenOnceTheCacheExpires() {
        String email = "ttl@applier.example";
        emu.state().setOptIn(email, news.id(), false, Instant.now().minusSeconds(3600));
        applier.apply(change(email, true, Instant.now().minusSeconds(600)), "r1");
        emu.state().setOptIn(email, news.id(), false, Instant.now().minusSeconds(120));
        clock.advance(Duration.ofMinutes(2));
        applier.apply(change(email, true, Instant.now().minusSeconds(30)), "r2");
        assertEquals(Boolean.TRUE, emu.state().optInsOf(email).get(news.id()));
        assertEquals(2, puts(email));
    }

    /**
     * The loop of issue 18: the contact opts out in Dotdigital while the cache still holds its opt-in; the write-back
     * brings the opt-out to Dynamics, whose row comes here as a newer Dynamics change. Dotdigital already holds it, so
     * nothing is written back (the cache alone would have taken it for a change).
     */
    @Test
    void aChangeMadeInDotdigitalWithinTheTtlIsNotWrittenBack() {
        String email = "within-ttl@applier.example";
        emu.state().setOptIn(email, news.id(), true, Instant.now().minusSeconds(3600));
        applier.apply(change(email, true, Instant.now().minusSeconds(600)), "r1");
        emu.state().setOptIn(email, news.id(), false, Instant.now().minusSeconds(5));
        applier.apply(change(email, false, Instant.now()), "r2");
        assertEquals(0, puts(email), "the opt-out Dotdigital holds was written back to it");
        assertEquals(2, metrics.unchanged.value());
        assertEquals(0, metrics.written.value());
    }

    @Test
    void aChangeOlderThanDotdigitalsIsSkippedAndCounted() {
        String email = "older@applier.example";
        Instant dotdigitalTime = Instant.now().minusSeconds(60);
        emu.state().setOptIn(email, news.id(), true, dotdigitalTime);
        applier.apply(change(email, false, dotdigitalTime.minusSeconds(1)), "r1");
        assertEquals(Boolean.TRUE, emu.state().optInsOf(email).get(news.id()));
        assertEquals(0, puts(email));
        assertEquals(1, metrics.olderSkipped.value());
    }

    @Test
    void noOptInRecordCountsAsOptedOutSoAnOptOutWritesNothing() {
        String email = "never@applier.example";
        emu.state().upsertContact(email, Map.of());
        applier.apply(change(email, false, Instant.now()), "r1");
        assertEquals(0, puts(email));
        assertTrue(emu.state().optInsOf(email).isEmpty());
    }

    @Test
    void theSameConsentEvidenceIsAddedOnce() {
        String email = "consent-once@applier.example";
        emu.state().upsertContact(email, Map.of());
        ConsentRecord consent = new ConsentRecord("Yes", Instant.parse("2024-01-02T03:04:05Z"), "https://x.example",
                "192.0.2.1", "UA");
        applier.apply(new CrmPreferences(email, List.of(), consent, null), "r1");
        applier.apply(new CrmPreferences(email, List.of(), consent, null), "r2");
        clock.advance(Duration.ofMinutes(5));
        applier.apply(new CrmPreferences(email, List.of(), consent, null), "r3");
        assertEquals(1, emu.state().consentsOf(email).size());
    }

    @Test
    void anUnknownPreferenceOrContactIsRejectedNamingIt() {
        CrmPreferences unknownPref = new CrmPreferences("any@applier.example",
                List.of(new PreferenceChange(424242, true, Instant.now(), "column 'esc_x' of the record at t-0@1")),
                null, null);
        RejectedRecordException e = assertThrows(RejectedRecordException.class, () -> applier.apply(unknownPref, "r"));
        assertEquals("UnknownPreference", e.code());
        assertTrue(e.getMessage().contains("424242") && e.getMessage().contains("esc_x"), e.getMessage());
        RejectedRecordException missing = assertThrows(RejectedRecordException.class,
                () -> applier.apply(change("nobody@applier.example", true, Instant.now()), "the record at t-0@2"));
        assertEquals("UnknownContact", missing.code());
    }
}
