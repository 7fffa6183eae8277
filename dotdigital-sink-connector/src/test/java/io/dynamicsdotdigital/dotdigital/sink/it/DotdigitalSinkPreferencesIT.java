package io.dynamicsdotdigital.dotdigital.sink.it;

import static io.dynamicsdotdigital.dotdigital.sink.it.SinkCluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.dotdigital.sink.DotdigitalSinkTask;
import io.dynamicsdotdigital.dotdigital.sink.preference.PreferenceMetrics;
import io.dynamicsdotdigital.emulator.dotdigital.ContactConsents;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalEmulator;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalSeed;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalState;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Preference;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.AttributeNotFoundException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dynamics preferences, consent and opt-in type reaching Dotdigital through a Connect worker, with newer-wins (and
 * its clock-skew tolerance), no echo, opt-in type only moving up, and bad values in the dead-letter queue. One
 * connector takes every case at once to keep the cluster time down.
 */
class DotdigitalSinkPreferencesIT {
    private static final String CONNECTOR = "prefs";
    private static final String CONTACTS = "pref-contacts";
    private static final String SUBSCRIPTIONS = "pref-subscriptions";
    private static final String CONSENTS = "pref-consents";
    private static final String DLQ = "pref-dlq";
    private static final String OFFERS_GUID = "6f1c2c9e-0000-4000-8000-00000000000a";
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private static SinkCluster cluster;
    private static DotdigitalEmulator emu;
    private static Preference news;
    private static Preference offers;

    @BeforeAll
    static void start() throws Exception {
        emu = DotdigitalEmulator.builder().port(0).https(true).seed(DotdigitalSeed.empty()).build().start();
        cluster = new SinkCluster(emu);
        DotdigitalState s = emu.state();
        news = s.addPreference("News", 0, NOW.minus(30, ChronoUnit.DAYS));
        offers = s.addPreference("Offers", 0, NOW.minus(30, ChronoUnit.DAYS));
        s.setOptIn("flip@prefs.example", news.id(), false, NOW.minus(1, ChronoUnit.HOURS));
        s.setOptIn("older@prefs.example", news.id(), true, NOW);
        s.setOptIn("skew@prefs.example", news.id(), true, NOW);
        s.setOptIn("equal@prefs.example", news.id(), true, NOW.minus(1, ChronoUnit.HOURS));
        s.setOptInType("verified@prefs.example", "VerifiedDouble");
        s.setOptInType("single@prefs.example", "Single");
        cluster.createTopic(CONTACTS, 1);
        cluster.createTopic(SUBSCRIPTIONS, 1);
        cluster.createTopic(CONSENTS, 1);

        List<String[]> contacts = new ArrayList<>();
        // A flip made after Dotdigital's last change.
        contacts.add(contact("flip", "\"esc_newsletter\":true", NOW.minus(1, ChronoUnit.MINUTES)));
        // Made 10 minutes before Dotdigital's change: beyond the 60 s tolerance.
        contacts.add(contact("older", "\"esc_newsletter\":false", NOW.minus(10, ChronoUnit.MINUTES)));
        // Stamped 30 s before Dotdigital's change by a clock that is behind: within the 60 s tolerance.
        contacts.add(contact("skew", "\"esc_newsletter\":false", NOW.minus(30, ChronoUnit.SECONDS)));
        // The value Dotdigital holds already (what the write-back brings back): nothing is written.
        contacts.add(contact("equal", "\"esc_newsletter\":true", NOW));
        contacts.add(contact("verified", "\"esc_optintype\":\"Single\"", NOW));
        contacts.add(contact("single", "\"esc_optintype\":\"Double\"", NOW));
        contacts.add(contact("consent", "\"esc_consenttext\":\"Yes, send me the newsletter\","
                + "\"esc_consenturl\":\"https://example.com/signup\",\"esc_consentip\":\"192.0.2.44\","
                + "\"esc_consentuseragent\":\"Mozilla/5.0 (IT)\",\"esc_consentdate\":\"2024-02-03T04:05:06Z\"", NOW));
        contacts.add(new String[] {"badtime", "{\"contactid\":\"badtime\",\"emailaddress1\":\"badtime@prefs.example\","
                + "\"esc_newsletter\":true,\"modifiedon\":\"yesterday\"}"});
        cluster.produce(CONTACTS, contacts);

        Map<String, String> config = cluster.connectorConfig(CONTACTS + "," + SUBSCRIPTIONS + "," + CONSENTS);
        config.put("preferences.columns", "esc_newsletter:" + news.id());
        config.put("preferences.topic", SUBSCRIPTIONS);
        config.put("preferences.id.mapping", OFFERS_GUID + ":" + offers.id());
        config.put("preferences.clock.skew.tolerance.ms", "60000");
        config.put("consent.topic", CONSENTS);
        config.put("consent.text.column", "esc_consenttext");
        config.put("consent.url.column", "esc_consenturl");
        config.put("consent.ip.column", "esc_consentip");
        config.put("consent.useragent.column", "esc_consentuseragent");
        config.put("consent.date.column", "esc_consentdate");
        config.put("optintype.column", "esc_optintype");
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", DLQ);
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        cluster.startConnector(CONNECTOR, config);
        await(() -> emu.state().consentsOf("consent@prefs.example").size() == 1
                        && Boolean.TRUE.equals(emu.state().optInsOf("flip@prefs.example").get(news.id())),
                Duration.ofSeconds(60), "the contact records applied");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String[] contact(String name, String columns, Instant modifiedOn) {
        return new String[] {name, "{\"contactid\":\"" + name + "\",\"emailaddress1\":\"" + name + "@prefs.example\","
                + "\"firstname\":\"" + name + "\",\"lastname\":\"Pref\"," + columns + ",\"modifiedon\":\""
                + modifiedOn + "\"}"};
    }

    private static long putsFor(String email) {
        return emu.requests().count("PUT /v2/contacts/" + email + "/preferences");
    }

    @Test
    void aPreferenceFlippedInDynamicsReachesDotdigitalInOneCall() {
        assertEquals(Boolean.TRUE, emu.state().optInsOf("flip@prefs.example").get(news.id()));
        assertEquals(1, putsFor("flip@prefs.example"));
        assertTrue(metric(PreferenceMetrics.PREFERENCES_WRITTEN) >= 2, "flip and skew written");
    }

    @Test
    void aChangeOlderThanDotdigitalsIsSkippedAndCountedNeverWritten() {
        assertEquals(Boolean.TRUE, emu.state().optInsOf("older@prefs.example").get(news.id()));
        assertEquals(0, putsFor("older@prefs.example"));
        assertTrue(metric(PreferenceMetrics.PREFERENCES_OLDER_SKIPPED) >= 1);
    }

    @Test
    void aChangeStampedBySkewedClockWithinTheToleranceIsApplied() {
        assertEquals(Boolean.FALSE, emu.state().optInsOf("skew@prefs.example").get(news.id()));
        assertEquals(1, putsFor("skew@prefs.example"));
    }

    @Test
    void aValueDotdigitalHoldsAlreadyWritesNothing() {
        assertEquals(0, putsFor("equal@prefs.example"));
        assertTrue(metric(PreferenceMetrics.PREFERENCES_UNCHANGED) >= 1);
    }

    @Test
    void consentEvidenceIsStoredWithTheContact() {
        ContactConsents.Consent c = emu.state().consentsOf("consent@prefs.example").stream()
                .filter(x -> x.text().equals("Yes, send me the newsletter")).findFirst().orElseThrow();
        assertEquals("Yes, send me the newsletter", c.text());
        assertEquals("https://example.com/signup", c.url());
        assertEquals("192.0.2.44", c.ipAddress());
        assertEquals("Mozilla/5.0 (IT)", c.userAgent());
        assertEquals(Instant.parse("2024-02-03T04:05:06Z"), c.dateTimeConsented());
    }

    /**
     * consent.topic: a consent record keyed by the contact's email is stored with the contact once, though it comes
     * twice; one without its text goes to the dead-letter queue naming the field.
     */
    @Test
    void consentRecordsFromTheConsentTopicAreStoredOnceAndBadOnesGoToTheDeadLetterQueue() throws Exception {
        String consent = "{\"text\":\"Yes, from the preference centre\",\"date\":\"2024-03-04T05:06:07Z\","
                + "\"url\":\"https://example.com/centre\",\"ip\":\"192.0.2.45\",\"userAgent\":\"Topic UA\"}";
        cluster.produce(CONSENTS, List.of(new String[] {"consent@prefs.example", consent},
                new String[] {"consent@prefs.example", consent},
                new String[] {"consent@prefs.example", "{\"date\":\"2024-03-04T05:06:07Z\"}"}));
        String reason = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (reason == null && System.nanoTime() < deadline) {
            Thread.sleep(200);
            for (ConsumerRecord<byte[], byte[]> r : cluster.connect.kafka().consume(1, 60_000, DLQ)) {
                Map<String, String> h = headers(r);
                if ("MissingField".equals(h.get(DotdigitalSinkTask.HEADER_FAILURE_CODE))) {
                    reason = h.get(DotdigitalSinkTask.HEADER_FAILURE_DESCRIPTION);
                }
            }
        }
        assertTrue(reason != null && reason.contains("'text'") && reason.contains(CONSENTS), String.valueOf(reason));
        // The bad record came last on the partition: both copies of the good one were handled before it.
        List<ContactConsents.Consent> stored = emu.state().consentsOf("consent@prefs.example");
        assertEquals(2, stored.size(), "the column's consent and the topic's, once: " + stored);
        ContactConsents.Consent fromTopic = stored.stream().filter(c -> c.text().contains("preference centre"))
                .findFirst().orElseThrow();
        assertEquals("https://example.com/centre", fromTopic.url());
        assertEquals("192.0.2.45", fromTopic.ipAddress());
        assertEquals("Topic UA", fromTopic.userAgent());
        assertEquals(Instant.parse("2024-03-04T05:06:07Z"), fromTopic.dateTimeConsented());
    }

    @Test
    void theOptInTypeOnlyMovesUp() throws Exception {
        await(() -> "Double".equals(emu.state().optInTypeOf("single@prefs.example")), Duration.ofSeconds(20),
                "Single raised to Double");
        assertEquals("VerifiedDouble", emu.state().optInTypeOf("verified@prefs.example"));
        assertTrue(metric(PreferenceMetrics.OPTIN_TYPE_LOWER_IGNORED) >= 1);
    }

    @Test
    void subscriptionRowsApplyAndBadOnesGoToTheDeadLetterQueueWithTheirReason() throws Exception {
        cluster.produce(SUBSCRIPTIONS, List.of(
                new String[] {"s1", "{\"_esc_contactid_value\":\"flip\",\"_esc_marketingpreferenceid_value\":\""
                        + OFFERS_GUID + "\",\"esc_optedin\":true,\"modifiedon\":\"" + NOW + "\"}"},
                new String[] {"s2", "{\"_esc_contactid_value\":\"flip\",\"_esc_marketingpreferenceid_value\":"
                        + "\"999999\",\"esc_optedin\":true,\"modifiedon\":\"" + NOW + "\"}"}));
        await(() -> Boolean.TRUE.equals(emu.state().optInsOf("flip@prefs.example").get(offers.id())),
                Duration.ofSeconds(30), "the subscription row applied");
        Map<String, String> reasons = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : cluster.connect.kafka().consume(2, 30_000, DLQ)) {
            Map<String, String> h = headers(r);
            reasons.put(h.get(DotdigitalSinkTask.HEADER_FAILURE_CODE),
                    h.get(DotdigitalSinkTask.HEADER_FAILURE_DESCRIPTION));
        }
        // (the consent topic case may have put its own bad record there first)
        assertTrue(reasons.keySet().containsAll(Set.of("UnknownPreference", "UnparsableTime")), reasons.toString());
        assertTrue(reasons.get("UnknownPreference").contains("999999")
                && reasons.get("UnknownPreference").contains("_esc_marketingpreferenceid_value"), reasons.toString());
        assertTrue(reasons.get("UnparsableTime").contains("modifiedon"), reasons.toString());
    }

    private static long metric(String name) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            long sum = 0;
            for (ObjectName n : server.queryNames(new ObjectName("kafka.connect:type=plugins,connector="
                    + CONNECTOR + ",*"), null)) {
                try {
                    sum += ((Number) server.getAttribute(n, name)).longValue();
                } catch (AttributeNotFoundException notHere) {
                    // another metric group of the same task
                }
            }
            return sum;
        } catch (Exception e) {
            throw new AssertionError("could not read the metric " + name, e);
        }
    }

    private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> r) {
        Map<String, String> out = new HashMap<>();
        for (Header h : r.headers()) {
            out.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        return out;
    }
}
