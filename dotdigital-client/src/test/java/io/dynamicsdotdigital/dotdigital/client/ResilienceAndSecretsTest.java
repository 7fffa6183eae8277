package io.dynamicsdotdigital.dotdigital.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.common.http.ApiCallListener;
import io.dynamicsdotdigital.common.http.HttpSettings;
import io.dynamicsdotdigital.dotdigital.client.model.AddressBook;
import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import io.dynamicsdotdigital.dotdigital.client.model.ContactImport;
import io.dynamicsdotdigital.dotdigital.client.model.MergeOption;
import io.dynamicsdotdigital.emulator.common.Fault;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalEmulator;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalSeed;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Throttling and transient failures are retried as the server asks; secrets never show up in text. */
class ResilienceAndSecretsTest {
    private static final String SOAP_COUNTER = "SOAP ";

    @TempDir
    static Path dir;
    static DotdigitalEmulator emu;
    static HttpSettings http;

    /** Records the retries ApiHttpClient and the SOAP policy announce. */
    static final class Retries implements ApiCallListener {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onRetry(String endpointFamily, int status, long waitMillis, boolean serverAsked) {
            seen.add(endpointFamily + " " + status + " " + waitMillis + " " + serverAsked);
        }
    }

    @BeforeAll
    static void start() {
        emu = DotdigitalEmulator.builder().port(0).https(true).seed(DotdigitalSeed.empty().contacts(3).addressBooks(1))
                .build().start();
        http = EmulatorSupport.httpSettings(dir);
    }

    @AfterAll
    static void stop() {
        if (emu != null) {
            emu.close();
        }
    }

    private static DotdigitalClient client(DotdigitalTransport t, ApiCallListener listener) {
        return DotdigitalClients.create(EmulatorSupport.settings(emu, t), http, EmulatorSupport.fastRetries(),
                listener);
    }

    @Test
    void rest429WithRetryAfterIsRetriedAfterTheAskedWait() {
        Retries retries = new Retries();
        try (DotdigitalClient client = client(DotdigitalTransport.REST, retries)) {
            long before = emu.requests().count("GET /v2/address-books");
            emu.faults().add(Fault.tooManyRequests(1).onPath("/v2/address-books"), 2);
            List<AddressBook> books = client.addressBooks();
            assertEquals(1, books.size());
            assertEquals(3, emu.requests().count("GET /v2/address-books") - before);
            assertEquals(List.of("address-books 429 1000 true", "address-books 429 1000 true"), retries.seen);
        }
    }

    @Test
    void restGivesUpAfterMaxAttemptsWithADotdigitalException() {
        try (DotdigitalClient client = client(DotdigitalTransport.REST, null)) {
            long before = emu.requests().count("GET /v2/data-fields");
            emu.faults().add(Fault.status(503).onPath("/v2/data-fields"), 10);
            DotdigitalApiException e = assertThrows(DotdigitalApiException.class, client::dataFields);
            assertEquals(503, e.statusCode());
            assertEquals(4, emu.requests().count("GET /v2/data-fields") - before);
            emu.faults().clear();
        }
    }

    @Test
    void soap429WithRetryAfterIsRetried() throws Exception {
        Retries retries = new Retries();
        try (SoapRelay relay = new SoapRelay(emu.soapUrl());
             DotdigitalClient client = DotdigitalClients.create(EmulatorSupport.settings(emu, DotdigitalTransport.SOAP)
                     .withSoapUrl(relay.url()), http, EmulatorSupport.fastRetries(), retries)) {
            long before = emu.requests().countStartingWith(SOAP_COUNTER);
            relay.failNext(SoapRelay.tooManyRequests(1), 2);
            assertEquals(1, client.addressBooks().size());
            assertEquals(3, relay.received());
            assertEquals(1, emu.requests().countStartingWith(SOAP_COUNTER) - before);
            assertEquals(2, retries.seen.size(), retries.seen.toString());
            assertTrue(retries.seen.stream().allMatch(r -> r.startsWith("soap-GetAddressBooks 429 ")), retries.seen.toString());
            assertEquals(List.of("soap-GetAddressBooks 429 1000 true", "soap-GetAddressBooks 429 1000 true"),
                    retries.seen);
        }
    }

    @Test
    void soapThrottlingFaultIsRetriedButOtherFaultsAreNot() throws Exception {
        try (SoapRelay relay = new SoapRelay(emu.soapUrl());
             DotdigitalClient client = DotdigitalClients.create(EmulatorSupport.settings(emu, DotdigitalTransport.SOAP)
                     .withSoapUrl(relay.url()), http, EmulatorSupport.fastRetries(), null)) {
            relay.failNext(SoapRelay.soapFault("Your account has generated excess API activity and is being"
                    + " temporarily capped. ERROR_APIUSAGE_EXCEEDED"), 1);
            assertEquals(1, client.addressBooks().size());
            assertEquals(2, relay.received());

            relay.failNext(SoapRelay.soapFault("Contact is suppressed. ERROR_CONTACT_SUPPRESSED"), 1);
            DotdigitalApiException e = assertThrows(DotdigitalApiException.class, client::addressBooks);
            assertEquals("ERROR_CONTACT_SUPPRESSED", e.errorCode());
            assertTrue(e.getMessage().contains("GetAddressBooks"), e.getMessage());
            assertEquals(3, relay.received());

            relay.failNext(new SoapRelay.Scripted(503, Map.of(), "text/plain", "busy"), 10);
            DotdigitalApiException gaveUp = assertThrows(DotdigitalApiException.class, client::dataFields);
            assertEquals(503, gaveUp.statusCode());
            assertTrue(gaveUp.getMessage().contains("after 4 attempts"), gaveUp.getMessage());
            assertEquals(7, relay.received());
        }
    }

    @ParameterizedTest
    @EnumSource(DotdigitalTransport.class)
    void tooManyActiveImportsIsRecognisable(DotdigitalTransport t) {
        try (DotdigitalClient client = client(t, null)) {
            long book = client.addressBooks().get(0).id();
            emu.importProcessingDelay(Duration.ofMinutes(5));
            try {
                int started = 0;
                DotdigitalApiException busy = null;
                for (int i = 0; i < 30 && busy == null; i++) {
                    try {
                        client.startImport(ContactImport.v2Csv(book, MergeOption.OVERWRITE,
                                List.of(Contact.of("busy" + i + "@client.example", Map.of()))));
                        started++;
                    } catch (DotdigitalApiException e) {
                        busy = e;
                    }
                }
                assertEquals(25, started);
                assertTrue(busy != null && busy.isTooManyActiveImports(), String.valueOf(busy));
                DotdigitalApiException v3 = assertThrows(DotdigitalApiException.class, () -> client.startImport(
                        ContactImport.v3(null, null, List.of(Contact.of("busy-v3@client.example", Map.of())))));
                assertTrue(v3.isTooManyActiveImports(), v3.getMessage());
                assertEquals(429, v3.statusCode());
            } finally {
                emu.importProcessingDelay(Duration.ofMillis(50));
                emu.processPendingImports();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DotdigitalTransport.class)
    void aWrongPasswordFailsWithoutRevealingIt(DotdigitalTransport t) {
        String secret = "Wr0ng-" + t + "-P4ss";
        DotdigitalClientSettings settings = new DotdigitalClientSettings(emu.apiUser(), new Password(secret),
                emu.baseUrl(), null, t, t == DotdigitalTransport.SOAP ? emu.soapUrl() : "");
        assertFalse(settings.toString().contains(secret), settings.toString());
        try (DotdigitalClient client = DotdigitalClients.create(settings, http, EmulatorSupport.fastRetries(), null)) {
            assertFalse(client.toString().contains(secret), client.toString());
            DotdigitalApiException e = assertThrows(DotdigitalApiException.class, client::accountInfo);
            assertEquals(401, e.statusCode());
            for (Throwable x = e; x != null; x = x.getCause()) {
                assertFalse(String.valueOf(x.getMessage()).contains(secret), x.toString());
                assertFalse(x.toString().contains(secret), x.toString());
            }
        }
    }

    @Test
    void sinceDateReadsSendTheDateAsDotdigitalExpects() {
        try (DotdigitalClient client = client(DotdigitalTransport.REST, null)) {
            client.unsubscribedSince(Instant.parse("2024-05-01T10:00:00Z"), 10, 0);
            assertEquals(1, emu.requests().count("GET /v2/contacts/unsubscribed-since/2024-05-01T10:00:00%2B00:00"));
        }
    }
}
