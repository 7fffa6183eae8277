package io.dynamicsdotdigital.dotdigital.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.common.http.HttpSettings;
import io.dynamicsdotdigital.dotdigital.client.model.AddressBook;
import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import io.dynamicsdotdigital.dotdigital.client.model.ContactImport;
import io.dynamicsdotdigital.dotdigital.client.model.MergeOption;
import io.dynamicsdotdigital.emulator.common.Fault;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalEmulator;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalSeed;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 13: calls whose first attempt may have been applied (imports, address-book creation) are not
 * repeated by the HTTP layer after a 502-504 or a timeout; the caller gets the error and decides.
 */
class NonRepeatableCallsTest {
    @TempDir
    static Path dir;
    static DotdigitalEmulator emu;
    static HttpSettings http;

    @BeforeAll
    static void start() {
        emu = DotdigitalEmulator.builder().port(0).https(true).seed(DotdigitalSeed.empty().addressBooks(1))
                .build().start();
        http = EmulatorSupport.httpSettings(dir);
    }

    @AfterAll
    static void stop() {
        if (emu != null) {
            emu.close();
        }
    }

    @AfterEach
    void clearFaults() {
        emu.faults().clear();
    }

    private static DotdigitalClient rest() {
        return DotdigitalClients.create(EmulatorSupport.settings(emu, DotdigitalTransport.REST), http,
                EmulatorSupport.fastRetries(), null);
    }

    private static List<Contact> contacts() {
        return List.of(Contact.of("once@example.com", Map.of()));
    }

    @Test
    void aV3ImportAnswered502IsNotSentAgain() {
        try (DotdigitalClient client = rest()) {
            long before = emu.requests().count("PUT /contacts/v3/import");
            emu.faults().add(Fault.status(502).onPath("/contacts/v3/import"), 1);
            DotdigitalApiException e = assertThrows(DotdigitalApiException.class,
                    () -> client.startImport(ContactImport.v3(null, MergeOption.OVERWRITE, contacts())));
            assertEquals(502, e.statusCode());
            assertTrue(e.isTransient());
            assertEquals(1, emu.requests().count("PUT /contacts/v3/import") - before);
        }
    }

    @Test
    void aV2CsvImportAnswered504IsNotSentAgain() {
        try (DotdigitalClient client = rest()) {
            long book = client.addressBooks().get(0).id();
            String path = "POST /v2/address-books/" + book + "/contacts/import";
            long before = emu.requests().countStartingWith(path);
            emu.faults().add(Fault.status(504).onPath("/v2/address-books/" + book + "/contacts/import.*"), 1);
            DotdigitalApiException e = assertThrows(DotdigitalApiException.class,
                    () -> client.startImport(ContactImport.v2Csv(book, MergeOption.OVERWRITE, contacts())));
            assertEquals(504, e.statusCode());
            assertEquals(1, emu.requests().countStartingWith(path) - before, emu.requests().snapshot().toString());
        }
    }

    @Test
    void anAddressBookCreationAnswered503IsNotSentAgain() {
        try (DotdigitalClient client = rest()) {
            long before = emu.requests().count("POST /v2/address-books");
            emu.faults().add(Fault.status(503).onPath("/v2/address-books").onMethod("POST"), 1);
            assertThrows(DotdigitalApiException.class, () -> client.createAddressBook("Created once", "Private"));
            assertEquals(1, emu.requests().count("POST /v2/address-books") - before,
                    emu.requests().snapshot().toString());
        }
    }

    @Test
    void idempotentReadsAreStillRetried() {
        try (DotdigitalClient client = rest()) {
            emu.faults().add(Fault.status(502).onPath("/v2/address-books").onMethod("GET"), 1);
            long before = emu.requests().count("GET /v2/address-books");
            List<AddressBook> books = client.addressBooks();
            assertTrue(!books.isEmpty());
            assertEquals(2, emu.requests().count("GET /v2/address-books") - before, "the 502 was retried");
        }
    }

    @Test
    void aSoapCsvImportAnswered502IsNotSentAgain() throws Exception {
        try (SoapRelay relay = new SoapRelay(emu.soapUrl());
             DotdigitalClient client = DotdigitalClients.create(EmulatorSupport.settings(emu, DotdigitalTransport.SOAP)
                     .withSoapUrl(relay.url()), http, EmulatorSupport.fastRetries(), null)) {
            long book = client.addressBooks().get(0).id();
            int before = relay.received();
            relay.failNext(new SoapRelay.Scripted(502, Map.of(), "text/plain", "Bad Gateway"), 1);
            DotdigitalApiException e = assertThrows(DotdigitalApiException.class,
                    () -> client.startImport(ContactImport.v2Csv(book, MergeOption.OVERWRITE, contacts())));
            assertEquals(502, e.statusCode());
            assertEquals(1, relay.received() - before);
        }
    }
}
